"""The report's vectorised business time agrees with the SLA's own day-by-day math (``bot.sla.rules``), across
weekends, holidays and daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.reports.calendar import BusinessCalendar
from bot.sla.rules import BusinessHours, add_business_time, business_span, business_time_between

BERLIN = BusinessHours(ZoneInfo("Europe/Berlin"), holidays=frozenset({date(2026, 12, 24), date(2026, 12, 25)}))
FIRST, LAST = datetime(2026, 10, 1, tzinfo=UTC), datetime(2027, 1, 31, tzinfo=UTC)
CALENDAR = BusinessCalendar.build(BERLIN, first=FIRST, last=LAST)
# Minutes in the span; round hours and window edges are the interesting cases, so they are drawn often.
instants = st.one_of(st.integers(0, 100 * 24 * 60), st.integers(0, 100 * 24).map(lambda h: h * 60)).map(
    lambda m: FIRST + timedelta(minutes=m))
spans = st.one_of(st.integers(0, 10 * 24 * 60), st.sampled_from([0, 15, 60, 480, 960])).map(
    lambda m: timedelta(minutes=m))


@settings(max_examples=300, deadline=None)
@given(start=instants, span=spans)
def test_elapsed_business_time_matches_the_sla(start: datetime, span: timedelta) -> None:
    end = start + span
    got = CALENDAR.between(np.array([start.timestamp()]), np.array([end.timestamp()]))[0]
    assert got == business_time_between(BERLIN, start, end).total_seconds()


@settings(max_examples=300, deadline=None)
@given(start=instants, span=st.sampled_from([timedelta(0), timedelta(minutes=15), timedelta(hours=1),
                                              timedelta(hours=8), timedelta(days=1), timedelta(days=1, hours=2),
                                              timedelta(days=3)]))
def test_deadlines_match_the_sla(start: datetime, span: timedelta) -> None:
    """A policy's duration (whole days are business days) is ``business_span`` seconds of business time."""
    seconds = business_span(BERLIN, span).total_seconds()
    got = CALENDAR.add(np.array([start.timestamp()]), np.array([seconds]))[0]
    assert got == add_business_time(BERLIN, start, span).timestamp()


def test_edges() -> None:
    friday_1630 = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)  # 16:30 in Berlin
    monday_0930 = datetime(2026, 11, 30, 8, 30, tzinfo=UTC)
    assert CALENDAR.add(np.array([friday_1630.timestamp()]), np.array([3600.0]))[0] == monday_0930.timestamp()
    saturday = datetime(2026, 11, 28, 12, tzinfo=UTC)
    monday_0900 = datetime(2026, 11, 30, 8, tzinfo=UTC)
    assert CALENDAR.add(np.array([saturday.timestamp()]), np.array([0.0]))[0] == monday_0900.timestamp()
    both = CALENDAR.between(np.array([friday_1630.timestamp(), np.nan]), np.array([np.nan, 1.0]))
    assert np.isnan(both).all()  # not claimed (NaN) stays not claimed
    empty = BusinessCalendar.build(BERLIN, first=datetime(2026, 12, 26, tzinfo=UTC),
                                   last=datetime(2026, 12, 27, tzinfo=UTC))
    assert len(empty.starts) > 0  # the margin days around a holiday weekend still hold windows
