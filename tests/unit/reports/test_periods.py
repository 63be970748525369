"""Periods, weeks and the CLI's date words."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.reports.periods import (
    Grain,
    Period,
    complete_weeks,
    default_period,
    iso_week,
    next_weekly_at,
    parse_instant,
)
from bot.reports.tickets import parse_daily_csv

NOW = datetime(2026, 12, 2, 15, 30, tzinfo=UTC)  # a Wednesday


def test_default_is_the_last_four_weeks_up_to_now() -> None:
    assert default_period(NOW) == Period(datetime(2026, 11, 4, 15, 30, tzinfo=UTC), NOW)


def test_weekly_reports_cover_whole_weeks() -> None:
    period = complete_weeks(NOW, 4)
    assert period == Period(datetime(2026, 11, 2, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC))
    assert [b.label for b in period.buckets(Grain.WEEK)] == ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]


def test_buckets_are_cut_by_the_period() -> None:
    period = default_period(NOW, 1)
    weeks = period.buckets(Grain.WEEK)
    assert [(b.label, b.start, b.end) for b in weeks] == [
        ("2026-W48", period.since, datetime(2026, 11, 30, tzinfo=UTC)),
        ("2026-W49", datetime(2026, 11, 30, tzinfo=UTC), NOW)]
    days = period.buckets(Grain.DAY)
    assert len(days) == 8 and days[0].label == "2026-11-25" and days[-1].label == "2026-12-02"


@pytest.mark.parametrize(("text", "end", "expected"), [
    ("2026-11-30", False, datetime(2026, 11, 30, tzinfo=UTC)),
    ("2026-11-30", True, datetime(2026, 12, 1, tzinfo=UTC)),
    ("2026-W48", False, datetime(2026, 11, 23, tzinfo=UTC)),
    ("2026w48", True, datetime(2026, 11, 30, tzinfo=UTC)),
    ("2026-11-30T09:15", True, datetime(2026, 11, 30, 9, 15, tzinfo=UTC)),
    ("2026-11-30T09:15+01:00", False, datetime(2026, 11, 30, 8, 15, tzinfo=UTC)),
])
def test_cli_dates(text: str, end: bool, expected: datetime) -> None:
    assert parse_instant(text, end=end) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("soon", "'soon' is not a date"), ("2026-W54", "'2026-W54' is not a week of 2026"),
    ("2026-02-30", "'2026-02-30' is not a date"),
])
def test_bad_dates(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_instant(text)


def test_iso_weeks_and_the_weekly_post_time() -> None:
    assert iso_week("2026-W01") == (date(2025, 12, 29), date(2026, 1, 5))
    berlin = ZoneInfo("Europe/Berlin")
    assert next_weekly_at(NOW, weekday=0, at=time(9), tz=berlin) == datetime(2026, 12, 7, 8, tzinfo=UTC)
    monday_nine = datetime(2026, 12, 7, 8, tzinfo=UTC)
    assert next_weekly_at(monday_nine, weekday=0, at=time(9), tz=berlin) == datetime(2026, 12, 14, 8, tzinfo=UTC)
    summer = datetime(2026, 3, 25, tzinfo=UTC)  # the clocks go forward on Sunday 29 March
    assert next_weekly_at(summer, weekday=0, at=time(9), tz=berlin) == datetime(2026, 3, 30, 7, tzinfo=UTC)


def test_daily_ticket_counts_from_csv() -> None:
    assert parse_daily_csv("date,count\n2026-11-17,5\n\n2026-11-16, 7 \n") == [
        (date(2026, 11, 16), 7), (date(2026, 11, 17), 5)]
    for text, message in [("2026-11-16,5\n2026-11-16,6\n", "line 2: 2026-11-16 appears twice"),
                          ("2026-11-16;5\n", "line 1: expected date,count"),
                          ("2026-11-16,-1\n", "line 1: a ticket count cannot be negative"),
                          ("date,count\n", "no date,count rows found")]:
        with pytest.raises(ValueError, match=message):
            parse_daily_csv(text)


def test_joined_columns_keep_empty_values() -> None:
    from bot.reports.rows import RequestRows, split_ints, split_millis, split_strings

    assert (split_strings(None), split_strings(""), split_strings(",x")) == ([], [""], ["", "x"])
    assert split_millis("1000,1500,-1").tolist()[:2] == [1.0, 1.5] and str(split_millis("-1")[0]) == "nan"
    assert split_ints(None).tolist() == [] and split_ints("12,-3,4").tolist() == [12, -3, 4]
    rows = RequestRows.from_columns({"id": "7,3", "team": "b,a", "request_type": "help,help", "level": "1,2",
                                     "created": "10000,20000", "resolved": "-1,30000", "resolution": ",fixed",
                                     "suggested_right": "1,-1", "sections": "63,0"})
    assert rows.ids.tolist() == [3, 7] and [rows.teams[c] for c in rows.team] == ["a", "b"]
    assert rows.resolution.tolist() == [0, -1] and rows.resolutions == ("fixed",)
    assert rows.created.tolist() == [20.0, 10.0] and rows.resolved.tolist()[0] == 30.0
    one = RequestRows.from_columns({"id": "5", "team": "a", "request_type": "help", "level": "1", "created": "1000",
                                    "resolved": "-1", "resolution": "", "suggested_right": "-1", "sections": "0"})
    assert one.resolution.tolist() == [-1] and len(one) == 1


def test_each_request_gets_its_first_claim() -> None:
    import numpy as np

    from bot.reports.rows import RequestRecord, RequestRows

    records = [RequestRecord(i, "a", "help", 1, 0.0, None, None, -1, 0) for i in (3, 5, 7)]
    rows = RequestRows.from_records(records).with_claim_events(np.array([5, 3, 5, 9, 3]),
                                                               np.array([50.0, 30.0, 40.0, 1.0, 35.0]))
    assert rows.claimed.tolist()[:2] == [30.0, 40.0] and np.isnan(rows.claimed[2])  # 9 is not among the rows
