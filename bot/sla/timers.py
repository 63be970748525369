"""SLA timers as scheduler jobs: when to re-ping, escalate and nudge, from the config's policies (``bot.sla.rules``).

Every ownership event starts a new *round*: the jobs it schedules carry the event's id, and a job whose round is no
longer the request's latest event id does nothing when it comes due. So a re-ping planned at creation is void once
someone claims, and a stale-owner nudge is void once the request is handed over (the old owner is no longer
reminded). Round 0 is the request's creation.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.config import RfhConfig
from bot.core.domain import RequestStatus
from bot.core.policies import BusinessHours, SlaPolicy
from bot.oncall.rotations import business_hours
from bot.sla.rules import claim_deadline, plan_stale, snooze_until
from storage import jobs as job_repo
from storage.models import Request

SNOOZE = timedelta(days=1)  # "snooze 1 day": one business day on business time, 24 h for p0


class JobKind(StrEnum):
    REPING = "reping"
    ESCALATE = "escalate"
    STALE_NUDGE = "stale_nudge"
    DIGEST = "digest"
    USERGROUP_SYNC = "usergroup_sync"


def policy_key(request: Request) -> str:
    """``p2`` for a ce/p2 request: the level, so custom label names still find their policy."""
    return f"p{request.priority_level}"


class Timers:
    def __init__(self, config: RfhConfig):
        self.config = config

    def policy(self, request: Request) -> SlaPolicy | None:
        return self.config.sla.get(policy_key(request))

    def hours(self, request: Request) -> BusinessHours:
        return business_hours(self.config, request.team_id)

    def claim_deadline(self, request: Request, since: datetime) -> datetime | None:
        policy = self.policy(request)
        return claim_deadline(since, policy_key(request), self.config.sla, self.hours(request)) if policy else None

    async def unclaimed(self, session: AsyncSession, request: Request, *, since: datetime, round_: int) -> None:
        """Re-ping at the claim deadline, escalate later (``bot.sla.rules.plan_unclaimed``'s timeline)."""
        policy, hours = self.policy(request), self.hours(request)
        deadline = self.claim_deadline(request, since)
        if policy is None or deadline is None:
            return
        payload = {"round": round_, "since": since.isoformat()}
        for kind, after in ((JobKind.REPING, policy.reping_after), (JobKind.ESCALATE, policy.escalate_after)):
            await job_repo.schedule(session, kind=kind, due_at=policy.after(hours, deadline, after),
                                    key=f"{kind}:{request.id}:{round_}", request_id=request.id, payload=payload)

    def stale_due(self, request: Request, nudged_at: datetime | None) -> datetime | None:
        """When the owner counts as quiet: ``stale_after`` past the last activity; after a nudge, once more the
        shorter of ``stale_after`` and a day (so an ignored nudge repeats daily); never inside a snooze."""
        policy = self.policy(request)
        if policy is None or request.last_activity_at is None:
            return None
        plan = plan_stale(request.last_activity_at, policy_key(request), self.config.sla, self.hours(request),
                          request.snoozed_until)
        if nudged_at is None:
            return plan.due_at
        again = policy.after(self.hours(request), nudged_at, min(policy.stale_after, timedelta(days=1)))
        return max(plan.due_at, again)

    async def stale(self, session: AsyncSession, request: Request, *, owner: str, round_: int,
                    nudged_at: datetime | None = None) -> datetime | None:
        due = self.stale_due(request, nudged_at)
        if due is None:
            return None
        payload = {"round": round_, "owner": owner, "nudged_at": nudged_at.isoformat() if nudged_at else None}
        await job_repo.schedule(session, kind=JobKind.STALE_NUDGE, due_at=due,
                                key=f"{JobKind.STALE_NUDGE}:{request.id}:{round_}:{int(due.timestamp())}",
                                request_id=request.id, payload=payload)
        return due

    async def after_event(self, session: AsyncSession, request: Request, *, round_: int, at: datetime) -> None:
        """The jobs the request needs after ownership event ``round_``: none once resolved, nudges for an owner,
        re-ping and escalation when it is unowned again."""
        if request.status != RequestStatus.OPEN:
            return
        if request.owner_id:
            await self.stale(session, request, owner=request.owner_id, round_=round_)
        else:
            await self.unclaimed(session, request, since=at, round_=round_)

    def snooze_end(self, request: Request, now: datetime) -> datetime:
        policy = self.policy(request)
        if policy is None:
            return now + SNOOZE
        return snooze_until(now, policy_key(request), self.config.sla, self.hours(request), SNOOZE)
