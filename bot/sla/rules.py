"""Business time and SLA planning: when an unclaimed request is re-pinged and escalated, and when a quiet owner is
nudged (issue: SLA timers by priority). Pure functions the scheduler calls; clock and config are passed in.

Durations
---------
A policy duration on business time reads its whole days as BUSINESS DAYS (each the length of the team's business
day, ``end - start``) and the rest as business hours: ``timedelta(days=1)`` is "1 business day" (8 h of business
time with 09:00-17:00 hours), ``timedelta(days=1, hours=2)`` a business day and two business hours. timedelta
cannot tell "24 business hours" from "1 day", so the hours part may not exceed one business day: 23 h of business
time is refused rather than silently read as ~3 days while 24 h means one. That keeps longer durations later.
Wall-clock policies (p0) use durations as they are.

Business time is elapsed real time inside the team's business windows (local ``start``-``end`` on workdays that are
not holidays). A window boundary at a nonexistent/ambiguous local time follows ``bot.oncall.rules.local_to_utc``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from types import MappingProxyType
from zoneinfo import ZoneInfo

from bot.oncall.rules import local_to_utc

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


def priority_key(priority: str | int) -> str:
    """``"p1"`` from ``1``, ``"p1"``, ``"P1"`` or the label ``"ce/p1"``."""
    key = f"p{priority}" if isinstance(priority, int) else priority.strip().lower().rsplit("/", 1)[-1]
    if len(key) < 2 or key[0] != "p" or not key[1:].isdigit():
        raise ValueError(f"not a priority: {priority!r} (expected p0, p1, … or ce/p1)")
    return key


def policy_for(policy: Mapping[str, SlaPolicy], priority: str | int) -> SlaPolicy:
    key = priority_key(priority)
    if key not in policy:
        raise ValueError(f"no SLA policy for {key}; configure [sla.{key}] (known: {', '.join(sorted(policy))})")
    return policy[key]


class ActionKind(StrEnum):
    REPING = "reping"
    ESCALATE = "escalate"
    STALE_NUDGE = "stale_nudge"
    DIGEST = "digest"


@dataclass(frozen=True)
class PlannedAction:
    """Something the scheduler should do at ``due_at`` (UTC). Empty ``targets`` on a re-ping means the team has no
    on-call to name, so ping the team's handle instead."""

    kind: ActionKind
    due_at: datetime
    targets: tuple[str, ...]


def claim_deadline(created_at: datetime, priority: str | int, policy: Mapping[str, SlaPolicy],
                   hours: BusinessHours) -> datetime:
    rules = policy_for(policy, priority)
    return rules.after(hours, created_at, rules.claim_within)


def plan_unclaimed(created_at: datetime, priority: str | int, policy: Mapping[str, SlaPolicy], hours: BusinessHours,
                   chain: Sequence[str], *, leads: Sequence[str] = ()) -> list[PlannedAction]:
    """The timeline for a request nobody has claimed: re-ping the on-call (``chain[0]``) at the claim deadline, then
    escalate to the next person in the rotation and the team's leads. ``chain`` is
    ``oncall.escalation_chain`` at creation. No escalation is planned when there is nobody new to tell."""
    rules = policy_for(policy, priority)
    deadline = rules.after(hours, created_at, rules.claim_within)
    oncall = tuple(chain[:1])
    actions = [PlannedAction(ActionKind.REPING, rules.after(hours, deadline, rules.reping_after), oncall)]
    escalate_to = tuple(p for p in dict.fromkeys([*chain[1:2], *leads]) if p not in oncall)
    if escalate_to:
        actions.append(PlannedAction(ActionKind.ESCALATE, rules.after(hours, deadline, rules.escalate_after),
                                     escalate_to))
    return actions


def plan_stale(last_activity_at: datetime, priority: str | int, policy: Mapping[str, SlaPolicy],
               hours: BusinessHours, snoozed_until: datetime | None = None, *,
               owner: str | None = None) -> PlannedAction:
    """When to DM the owner "see it through or hand it over": ``stale_after`` past their last activity, or when
    their snooze ends if that is later. For the next nudge after one fired, pass the nudge time as activity."""
    rules = policy_for(policy, priority)
    due = rules.after(hours, last_activity_at, rules.stale_after)
    if snoozed_until is not None:
        # A snooze that ends at the weekend on business time waits for the next opening: nobody is nudged on Sunday.
        woken = rules.after(hours, snoozed_until, timedelta(0))
        due = max(due, woken)
    return PlannedAction(ActionKind.STALE_NUDGE, due, (owner,) if owner else ())


def snooze_until(now: datetime, priority: str | int, policy: Mapping[str, SlaPolicy], hours: BusinessHours,
                 length: timedelta = timedelta(days=1)) -> datetime:
    """The end of a "snooze 1 day" clicked at ``now``: one business day on business time (Friday → Monday),
    24 h for wall-clock priorities."""
    rules = policy_for(policy, priority)
    return rules.after(hours, now, length)
