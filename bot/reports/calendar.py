"""Business time for many requests at once, as the SLA counts it (``bot.core.policies``), over numpy arrays.

``bot.core.policies.business_time_between`` and ``add_business_time`` walk day by day; a report over 100,000 requests
would call them 300,000 times. Here the team's business windows (``BusinessHours.window``, the same windows) over the
report's span are laid out once, with the business seconds elapsed before each; then elapsed business time is a
difference of two cumulative values and a deadline is the inverse, each one ``searchsorted`` for a whole column.
Times are float seconds since the epoch (UTC). ``tests/unit/reports/test_calendar.py`` checks both against
``bot.core.policies`` on random instants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
import numpy.typing as npt

from bot.core.policies import BusinessHours

Floats = npt.NDArray[np.float64]
MARGIN_DAYS = 3  # windows computed on each side of the span, so local days straddling UTC midnight are whole


@dataclass(frozen=True)
class BusinessCalendar:
    """The business windows of one team from ``first`` to ``last`` (UTC epoch seconds)."""

    starts: Floats
    ends: Floats
    before: Floats
    """Business seconds elapsed before each window opens."""

    @classmethod
    def build(cls, hours: BusinessHours, *, first: datetime, last: datetime) -> BusinessCalendar:
        day = first.astimezone(hours.tz).date() - timedelta(days=MARGIN_DAYS)
        stop = last.astimezone(hours.tz).date() + timedelta(days=MARGIN_DAYS)
        starts: list[float] = []
        ends: list[float] = []
        while day <= stop:
            window = hours.window(day)
            if window is not None:
                starts.append(window[0].timestamp())
                ends.append(window[1].timestamp())
            day += timedelta(days=1)
        start_arr, end_arr = np.array(starts, dtype=np.float64), np.array(ends, dtype=np.float64)
        before = np.concatenate(([0.0], np.cumsum(end_arr - start_arr)[:-1])) if starts else np.zeros(0)
        return cls(start_arr, end_arr, before)

    def elapsed_before(self, at: Floats) -> Floats:
        """Business seconds from the calendar's start to each instant."""
        if not len(self.starts):
            return np.zeros_like(at)
        i = np.searchsorted(self.starts, at, side="right") - 1
        inside = np.clip(at - self.starts[np.maximum(i, 0)], 0.0, (self.ends - self.starts)[np.maximum(i, 0)])
        return np.where(i >= 0, self.before[np.maximum(i, 0)] + inside, 0.0)

    def between(self, start: Floats, end: Floats) -> Floats:
        """Business seconds from ``start`` to ``end`` (zero when ``end`` is not after ``start``; NaN stays NaN)."""
        spent = np.maximum(self.elapsed_before(end) - self.elapsed_before(start), 0.0)
        return np.where(np.isnan(start) | np.isnan(end), np.nan, spent)

    def add(self, start: Floats, seconds: Floats) -> Floats:
        """``start`` plus ``seconds`` of business time: the earliest instant inside a window (its end included)
        with that much business time since ``start``; a start outside hours counts from the next opening."""
        if not len(self.starts):
            return np.full_like(start, np.inf)
        target = self.elapsed_before(start) + seconds
        after = self.before + (self.ends - self.starts)  # business seconds once each window has closed
        i = np.searchsorted(after, target, side="left")
        # A window that closed before ``start`` cannot hold the result (zero seconds from after hours: next opening).
        i = np.maximum(i, np.searchsorted(self.ends, start, side="left"))
        found = i < len(self.starts)
        j = np.minimum(i, len(self.starts) - 1)
        # Inside window j, the business seconds since it opened are what is left of the target after the windows
        # before it; from a start inside the window this is ``start + seconds``.
        return np.where(found, self.starts[j] + (target - self.before[j]), np.inf)


def day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
