"""SLA planning (issue: SLA timers by priority): when an unclaimed request is re-pinged and escalated, and when a
quiet owner is nudged. Pure functions the scheduler calls; clock and config are passed in. Business time and the
policy values themselves are in ``bot.core.policies`` (the config builds them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.core.policies import (  # noqa: F401  (re-exported: the SLA's vocabulary in one import)
    DEFAULT_DIGEST_TIME,
    DEFAULT_SLA,
    MON_TO_FRI,
    BusinessHours,
    SlaPolicy,
    _utc,
    add_business_time,
    business_span,
    business_time_between,
    is_business_time,
    next_digest_at,
)


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
