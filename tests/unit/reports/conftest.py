"""A report built without a database: request rows made by hand, over three whole weeks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.config import parse_config
from bot.reports.figures import build_report
from bot.reports.model import Report
from bot.reports.periods import Grain, Period
from bot.reports.rows import RequestRecord, RequestRows

CONFIG = """
[trackers]
private = "sourcegraph/customer"

[[teams]]
id = "distribution"
name = "Distribution"
channel = "#distribution"
label = "team/distribution"

[[teams]]
id = "core-application"
name = "Core Application"
channel = "#core"
label = "team/core-application"

[[teams]]
id = "search-core"
name = "Search <Core>"
channel = "#search"
label = "team/search-core"
"""
PERIOD = Period(datetime(2026, 11, 9, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC))  # weeks 46, 47, 48
MONDAYS = [PERIOD.since + timedelta(weeks=k) for k in range(3)]


def t(week: int, hours: float) -> float:
    """Monday of week ``week`` (0-2) 09:00 UTC plus ``hours``, as epoch seconds."""
    return (MONDAYS[week] + timedelta(hours=9 + hours)).timestamp()


def rows() -> RequestRows:
    """Distribution and Core Application get requests every week, Search Core none. Week 2 is slower than 1."""
    records, claims, n = [], [], 0
    for week, claim_after, per_week in ((0, 0.5, 3), (1, 0.5, 4), (2, 2.0, 2)):
        for i in range(per_week):
            n += 1
            team = "distribution" if i % 2 == 0 else "core-application"
            kind = "defect" if i == 3 else "help"
            resolved = t(week, 3 + i) if i < 2 else None
            resolution = ("answered", "fixed")[i] if i < 2 else None
            records.append(RequestRecord(n, team, kind, 1 + i % 2, t(week, i * 0.25), resolved, resolution,
                                         1 if i != 2 else 0, 63 if week != 2 or i == 0 else 32))
            claims.append((n, t(week, i * 0.25 + claim_after)))
    return RequestRows.from_records(records).with_claims(claims).with_counts(reroutes=[(2, 1)], sent=[(9, 1, 1)])


@pytest.fixture
def config():
    return parse_config(CONFIG, source="unit config")


@pytest.fixture
def report(config) -> Report:
    tickets = [(date(2026, 11, 16), date(2026, 11, 23), 50), (date(2026, 11, 23), date(2026, 11, 30), 20)]
    return build_report(rows(), tickets, config=config, period=PERIOD, grain=Grain.WEEK)
