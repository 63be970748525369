"""The time policies the config describes, as values: a team's business hours (with business-time arithmetic and
local wall time to UTC), the per-priority SLA policy, and an on-call rotation. Pure; shared by the config,
``bot.sla`` (planning the timers) and ``bot.oncall`` (who is on call when).

Durations
---------
A policy duration on business time reads its whole days as BUSINESS DAYS (each the length of the team's business
day, ``end - start``) and the rest as business hours: ``timedelta(days=1)`` is "1 business day" (8 h of business
time with 09:00-17:00 hours), ``timedelta(days=1, hours=2)`` a business day and two business hours. timedelta
cannot tell "24 business hours" from "1 day", so the hours part may not exceed one business day: 23 h of business
time is refused rather than silently read as ~3 days while 24 h means one. That keeps longer durations later.
Wall-clock policies (p0) use durations as they are.

Business time is elapsed real time inside the team's business windows (local ``start``-``end`` on workdays that are
not holidays). A window boundary at a nonexistent/ambiguous local time follows ``local_to_utc`` below.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

def local_to_utc(wall: datetime, tz: ZoneInfo) -> datetime:
    """A naive local wall time in ``tz`` as a UTC instant (ambiguous: first occurrence; nonexistent: the jump)."""
    if wall.tzinfo is not None:
        raise ValueError("local_to_utc takes a naive wall-clock time")
    instant = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) == wall:
        return instant
    return _gap_end(wall, tz)


def _gap_end(wall: datetime, tz: ZoneInfo) -> datetime:
    """The instant the clock jumps over the nonexistent ``wall``: bisect whole seconds (tz transitions are on them)."""
    # In a gap, fold=1 reads the wall time with the later offset (an instant before the jump), fold=0 with the
    # earlier offset (an instant after it).
    lo = int(wall.replace(tzinfo=tz, fold=1).timestamp()) - 1
    hi = int(wall.replace(tzinfo=tz, fold=0).timestamp()) + 1
    before = datetime.fromtimestamp(lo, tz).utcoffset()
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if datetime.fromtimestamp(mid, tz).utcoffset() == before:
            lo = mid
        else:
            hi = mid
    return datetime.fromtimestamp(hi, UTC)


MON_TO_FRI = frozenset(range(5))
DEFAULT_DIGEST_TIME = time(9, 30)


@dataclass(frozen=True)
class BusinessHours:
    """A team's working hours in its own time zone. Windows are within one local day (``start < end``)."""

    tz: ZoneInfo
    start: time = time(9, 0)
    end: time = time(17, 0)
    workdays: frozenset[int] = MON_TO_FRI
    holidays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError(f"business hours must start before they end (got {self.start}-{self.end})")
        if not self.workdays or not self.workdays <= set(range(7)):
            raise ValueError("workdays must be a non-empty set of weekday numbers 0 (Monday) to 6 (Sunday)")

    @property
    def day_length(self) -> timedelta:
        """The length of one business day: what "1 business day" of business time means."""
        return datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)

    def is_business_day(self, day: date) -> bool:
        return day.weekday() in self.workdays and day not in self.holidays

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The UTC bounds of ``day``'s business window, or None on weekends and holidays."""
        if not self.is_business_day(day):
            return None
        return (local_to_utc(datetime.combine(day, self.start), self.tz),
                local_to_utc(datetime.combine(day, self.end), self.tz))


def _utc(at: datetime, name: str = "at") -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (got naive {at.isoformat()})")
    return at.astimezone(UTC)


def business_span(hours: BusinessHours, duration: timedelta) -> timedelta:
    """How much business time ``duration`` asks for: whole days are business days, the rest business hours."""
    if duration < timedelta(0):
        raise ValueError(f"a business duration cannot be negative (got {duration})")
    part_day = timedelta(seconds=duration.seconds, microseconds=duration.microseconds)
    if part_day > hours.day_length:
        raise ValueError(f"{part_day} of business time is more than a business day ({hours.day_length}); "
                         "write whole business days as days (e.g. timedelta(days=1, hours=2))")
    return duration.days * hours.day_length + part_day


def is_business_time(hours: BusinessHours, at: datetime) -> bool:
    """Whether the team is open at ``at`` (windows are half-open: 17:00 is closed)."""
    at = _utc(at)
    window = hours.window(at.astimezone(hours.tz).date())
    return window is not None and window[0] <= at < window[1]


def add_business_time(hours: BusinessHours, start: datetime, duration: timedelta) -> datetime:
    """``start`` plus ``duration`` of business time, in UTC.

    Time outside business hours does not count, so a start outside hours counts from the next opening
    (Friday 16:30 + 1 business hour = Monday 09:30). The result always lies within a window, its end included
    (Friday 16:30 + 30 min = Friday 17:00); a zero duration outside hours gives the next opening.
    """
    remaining = business_span(hours, duration)
    cursor = _utc(start, "start")
    day = cursor.astimezone(hours.tz).date()
    while True:
        window = hours.window(day)
        if window is not None and cursor <= window[1]:
            cursor = max(cursor, window[0])
            if remaining <= window[1] - cursor:
                return cursor + remaining
            remaining -= window[1] - cursor
            cursor = window[1]
        day += timedelta(days=1)


def business_time_between(hours: BusinessHours, start: datetime, end: datetime) -> timedelta:
    """Business time elapsed from ``start`` to ``end`` (zero if ``end`` is not after ``start``)."""
    start, end = _utc(start, "start"), _utc(end, "end")
    total = timedelta(0)
    day, last = start.astimezone(hours.tz).date(), end.astimezone(hours.tz).date()
    while day <= last:
        window = hours.window(day)
        if window is not None:
            total += max(timedelta(0), min(end, window[1]) - max(start, window[0]))
        day += timedelta(days=1)
    return total


def next_digest_at(hours: BusinessHours, now: datetime, at_time: time = DEFAULT_DIGEST_TIME) -> datetime:
    """The next business-day morning (``at_time`` local) strictly after ``now``, in UTC."""
    now = _utc(now, "now")
    day = now.astimezone(hours.tz).date()
    while True:
        if hours.is_business_day(day):
            due = local_to_utc(datetime.combine(day, at_time), hours.tz)
            if due > now:
                return due
        day += timedelta(days=1)


@dataclass(frozen=True)
class SlaPolicy:
    """One priority's timers. ``reping_after`` and ``escalate_after`` count from the claim deadline; ``stale_after``
    from the owner's last activity. All on business time unless ``business_time`` is False."""

    claim_within: timedelta
    business_time: bool
    reping_after: timedelta
    escalate_after: timedelta
    stale_after: timedelta

    def __post_init__(self) -> None:
        if self.claim_within <= timedelta(0) or self.stale_after <= timedelta(0):
            raise ValueError("claim_within and stale_after must be positive")
        if self.reping_after < timedelta(0) or self.escalate_after < self.reping_after:
            raise ValueError("reping_after must be >= 0 and escalate_after must not come before the re-ping")

    def after(self, hours: BusinessHours, start: datetime, duration: timedelta) -> datetime:
        """``start`` + ``duration`` on this policy's clock, in UTC."""
        if self.business_time:
            return add_business_time(hours, start, duration)
        return _utc(start, "start") + duration


_BUSINESS_DAY = timedelta(days=1)  # read as one business day on business time (see the module docstring)

# The claim limits. Re-ping at the deadline; escalation waits as long again as the claim window (one simple
# rule to explain: "twice the claim time unclaimed reaches the next person and the leads"). Stale ownership: p0
# moves fast, so 2 wall-clock hours of silence; p1-p3 allow 1/3/5 business days, about one working week for p3.
DEFAULT_SLA: Mapping[str, SlaPolicy] = MappingProxyType({
    "p0": SlaPolicy(timedelta(minutes=15), False, timedelta(0), timedelta(minutes=15), timedelta(hours=2)),
    "p1": SlaPolicy(timedelta(hours=1), True, timedelta(0), timedelta(hours=1), _BUSINESS_DAY),
    "p2": SlaPolicy(_BUSINESS_DAY, True, timedelta(0), _BUSINESS_DAY, 3 * _BUSINESS_DAY),
    "p3": SlaPolicy(3 * _BUSINESS_DAY, True, timedelta(0), 3 * _BUSINESS_DAY, 5 * _BUSINESS_DAY),
})


# Any fixed Monday works; only the phase matters. 2024-01-01 keeps the default readable in tests and logs.
DEFAULT_ANCHOR_MONDAY = date(2024, 1, 1)
@dataclass(frozen=True)
class Rotation:
    """A team's on-call rotation. With ``follow_usergroup`` the members are the Slack user group's, resolved at run
    time and passed to the functions below; ``sync_usergroup`` asks the bot to keep the group equal to the on-call."""

    members: tuple[str, ...]
    shift: timedelta = timedelta(days=7)
    handoff_weekday: int = 0
    handoff_time: time = time(9, 0)
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    anchor: date | None = None
    follow_usergroup: bool = False
    sync_usergroup: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "members", tuple(self.members))
        if self.shift <= timedelta(0) or self.shift % timedelta(hours=1):
            raise ValueError(f"a shift must be a positive whole number of hours (got {self.shift})")
        if not 0 <= self.handoff_weekday <= 6:
            raise ValueError(f"handoff_weekday must be 0 (Monday) to 6 (Sunday), got {self.handoff_weekday}")
        if self.handoff_time.tzinfo is not None:
            raise ValueError("handoff_time is a local wall time; give it without a time zone (the rotation has tz)")
        if not self.members and not self.follow_usergroup:
            raise ValueError("a rotation needs at least one member (or follow_usergroup = true)")
        # For weekly-multiple shifts the anchor fixes the phase, so it must be a hand-off day.
        if self.anchor and self.shift % timedelta(days=7) == timedelta(0) and \
                self.anchor.weekday() != self.handoff_weekday:
            raise ValueError(f"anchor {self.anchor} is a {WEEKDAYS[self.anchor.weekday()]}, "
                             f"but hand-offs are on {WEEKDAYS[self.handoff_weekday]}s")

    @property
    def anchor_date(self) -> date:
        """The configured anchor, or the first ``handoff_weekday`` on/after 2024-01-01."""
        return self.anchor or DEFAULT_ANCHOR_MONDAY + timedelta(days=self.handoff_weekday)

    @property
    def anchor_wall(self) -> datetime:
        return datetime.combine(self.anchor_date, self.handoff_time)
