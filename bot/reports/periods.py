"""The period a report covers and how it is cut into weeks or days (UTC; ISO weeks start on Monday)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.core.policies import local_to_utc

DEFAULT_WEEKS = 4
ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{2})$", re.IGNORECASE)


class Grain(StrEnum):
    WEEK = "week"
    DAY = "day"

    @property
    def step(self) -> timedelta:
        return timedelta(weeks=1) if self is Grain.WEEK else timedelta(days=1)


@dataclass(frozen=True)
class Bucket:
    """One week or day of the report; the first and last may be cut short by the period."""

    label: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Period:
    """[since, until): requests created in it are reported, with what happened to them by ``until``."""

    since: datetime
    until: datetime

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value.tzinfo is None or value.utcoffset() is None:
                raise ValueError(f"{name} must be an aware datetime")
        if not self.since < self.until:
            raise ValueError(f"the period must start before it ends ({self.since.isoformat()} is not before "
                             f"{self.until.isoformat()})")

    def buckets(self, grain: Grain) -> list[Bucket]:
        cursor = floor(self.since, grain)
        out = []
        while cursor < self.until:
            end = cursor + grain.step
            out.append(Bucket(label_of(cursor, grain), max(cursor, self.since), min(end, self.until)))
            cursor = end
        return out


def floor(at: datetime, grain: Grain) -> datetime:
    """The start (UTC midnight) of the day or ISO week ``at`` falls in."""
    day = at.astimezone(UTC).date()
    if grain is Grain.WEEK:
        day -= timedelta(days=day.weekday())
    return datetime.combine(day, time(0), tzinfo=UTC)


def label_of(start: datetime, grain: Grain) -> str:
    if grain is Grain.DAY:
        return start.date().isoformat()
    year, week, _ = start.date().isocalendar()
    return f"{year}-W{week:02d}"


def default_period(now: datetime, weeks: int = DEFAULT_WEEKS) -> Period:
    """The last ``weeks`` weeks up to ``now``: what `rfh report` shows without --since/--until."""
    return Period(now - timedelta(weeks=weeks), now)


def complete_weeks(now: datetime, weeks: int = DEFAULT_WEEKS) -> Period:
    """The ``weeks`` whole ISO weeks before the one ``now`` is in: what the weekly post shows, so the last week
    compared with the one before is a whole week, not Monday morning."""
    end = floor(now, Grain.WEEK)
    return Period(end - timedelta(weeks=weeks), end)


def iso_week(text: str) -> tuple[date, date]:
    """``2026-W48`` → (its Monday, the next Monday)."""
    match = ISO_WEEK.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not an ISO week; write it like 2026-W48")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"{text!r} is not a week of {year}") from None
    return monday, monday + timedelta(weeks=1)


def parse_instant(text: str, *, end: bool = False) -> datetime:
    """A CLI bound: ``2026-11-30`` (UTC midnight; as an end, the day is included), ``2026-W48`` (its Monday; as an
    end, the week is included) or an ISO datetime (UTC unless it has an offset)."""
    value = text.strip()
    if ISO_WEEK.match(value):
        start, after = iso_week(value)
        return datetime.combine(after if end else start, time(0), tzinfo=UTC)
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime.combine(day + timedelta(days=1) if end else day, time(0), tzinfo=UTC)
        at = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{text!r} is not a date; write 2026-11-30, 2026-W48 or 2026-11-30T09:00") from None
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def next_weekly_at(now: datetime, *, weekday: int, at: time, tz: ZoneInfo) -> datetime:
    """The next ``weekday`` (0 = Monday) at local time ``at`` in ``tz`` strictly after ``now``, in UTC."""
    day = now.astimezone(tz).date()
    for _ in range(8):
        if day.weekday() == weekday:
            due = local_to_utc(datetime.combine(day, at), tz)
            if due > now:
                return due
        day += timedelta(days=1)
    raise AssertionError("a weekday comes round within 8 days")
