"""The scheduler's job handlers: re-ping the on-call, escalate, nudge a quiet owner, post the daily digest, and keep
a team's ``@…-support`` group equal to the on-call at each hand-off.

A handler first checks that its job still matters (the request is open, unowned or still the same owner's, and no
ownership event started a newer round since it was planned, see ``bot.sla.timers``); otherwise it does nothing. Messages
go straight to Slack: a job is claimed by exactly one worker, and each message it sends is recorded on the job, so a
retry after a failure sends only what is missing.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.blocks import pings as msg
from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.domain import RequestStatus
from bot.core.errors import TemporaryDeliveryError
from bot.core.policies import business_time_between, next_digest_at
from bot.core.ports import Blocks, Chat, UserGroupDirectory
from bot.delivery.presenter import team_mention
from bot.delivery.scheduler import JobHandler
from bot.oncall.rotations import OnCall, business_hours
from bot.oncall.rules import handoff_at, shift_index_at
from bot.ownership.effects import ref_of
from bot.ownership.service import Ownership, current_round, unowned_since
from bot.sla.timers import JobKind, Timers
from storage import jobs as job_repo
from storage import repository as repo
from storage.models import Job, Request

log = logging.getLogger(__name__)


class Reminders:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, chat: Chat,
                 oncall: OnCall, clock: Clock, groups: UserGroupDirectory | None = None):
        self.sessions, self.config, self.chat, self.oncall, self.clock = sessions, config, chat, oncall, clock
        self.groups = groups
        self.timers = Timers(config)
        self.ownership = Ownership(sessions=sessions, config=config, clock=clock, timers=self.timers)

    def handlers(self) -> dict[str, JobHandler]:
        return {JobKind.REPING: self.reping, JobKind.ESCALATE: self.escalate, JobKind.STALE_NUDGE: self.stale_nudge,
                JobKind.DIGEST: self.digest, JobKind.USERGROUP_SYNC: self.usergroup_sync}

    async def seed(self) -> None:
        """At start: each team's next digest, and a user-group sync for the current shift of synced rotations.
        Dedupe keys make this safe to run on every replica at every start."""
        now = self.clock.now()
        async with self.sessions() as session, session.begin():
            if self.config.digest.enabled:
                for team in self.config.teams.teams:
                    await self._schedule_digest(session, team.id, now)
            for team_id, rotation in self.oncall.rotations.items():
                if rotation.sync_usergroup:
                    k = shift_index_at(rotation, now)
                    await job_repo.schedule(session, kind=JobKind.USERGROUP_SYNC, due_at=now,
                                            key=f"{JobKind.USERGROUP_SYNC}:{team_id}:{k}",
                                            payload={"team": team_id, "k": k})

    # -- unclaimed: re-ping, then escalate -------------------------------------------------------------------

    async def reping(self, job: Job) -> str:
        request = await self._still_unowned(job)
        if request is None:
            return "no longer unowned: nothing to do"
        oncall = await self.oncall.current(request.team_id, self.clock.now())
        mention = f"<@{oncall}>" if oncall else await team_mention(request, self.config, self.chat)
        age, window = await self._unowned_for(request), self._window(request)
        await self._send(job, "thread", request.post_channel, msg.reping_text(ref_of(request), mention, age, window),
                         thread_ts=request.post_ts)
        if oncall:
            text, blocks = msg.reping_dm(ref_of(request), age)
            await self._send(job, f"dm:{oncall}", oncall, text, blocks)
        return f"re-pinged {oncall or mention}"

    async def escalate(self, job: Job) -> str:
        request = await self._still_unowned(job)
        if request is None:
            return "no longer unowned: nothing to do"
        people = await self._escalation_targets(request)
        if not people:
            return "nobody beyond the on-call to escalate to"
        age, ref = await self._unowned_for(request), ref_of(request)
        await self._send(job, "thread", request.post_channel, msg.escalation_text(ref, age, people),
                         thread_ts=request.post_ts)
        for user, why in people:
            text, blocks = msg.escalation_dm(ref, age, why)
            await self._send(job, f"dm:{user}", user, text, blocks)
        return "escalated to " + ", ".join(user for user, _ in people)

    async def _escalation_targets(self, request: Request) -> list[tuple[str, str]]:
        """The next person in the rotation, then the team's leads; never the on-call who was already pinged."""
        chain = await self.oncall.chain(request.team_id, self.clock.now())
        team = self.config.teams[request.team_id]
        people = {**({chain[1]: "next on call"} if len(chain) > 1 else {}),
                  **{lead: f"lead of {team.name}" for lead in team.leads if lead not in chain[1:2]}}
        return [(user, why) for user, why in people.items() if user not in chain[:1]]

    async def _still_unowned(self, job: Job) -> Request | None:
        async with self.sessions() as session:
            request = await session.get(Request, job.request_id) if job.request_id else None
            if request is None or request.status != RequestStatus.OPEN or request.owner_id:
                return None
            if await current_round(session, request.id) != job.payload.get("round"):
                return None
        if not (request.post_channel and request.post_ts):
            raise TemporaryDeliveryError(f"RFH-{request.id} is not posted yet", service="rfh")
        return request

    # -- stale ownership -----------------------------------------------------------------------------------------

    async def stale_nudge(self, job: Job) -> str:
        now, owner = self.clock.now(), str(job.payload.get("owner") or "")
        nudged = datetime.fromisoformat(job.payload["nudged_at"]) if job.payload.get("nudged_at") else None
        async with self.sessions() as session, session.begin():
            request = await session.get(Request, job.request_id) if job.request_id else None
            if request is None or request.status != RequestStatus.OPEN or request.owner_id != owner:
                return await self._owner_gone(request)
            round_ = await current_round(session, request.id)
            if round_ != job.payload.get("round"):
                return "superseded by a newer ownership event"
            due = self.timers.stale_due(request, nudged)
            if due is not None and due > now:
                await self.timers.stale(session, request, owner=owner, round_=round_, nudged_at=nudged)
                return f"not stale yet; next look at {due.isoformat()}"
            quiet = self._quiet_for(request, now)
        text, blocks = msg.stale_nudge(ref_of(request), quiet)
        await self._send(job, "dm", owner, text, blocks)
        async with self.sessions() as session, session.begin():
            await self.timers.stale(session, request, owner=owner, round_=round_, nudged_at=now)
        return f"nudged {owner}"

    async def _owner_gone(self, request: Request | None) -> str:
        """Nothing to nudge; but an owner cleared without an event (a re-route) means the request needs an owner
        again: record that, which starts its re-ping and escalation timers."""
        if request is not None and request.status == RequestStatus.OPEN and request.owner_id is None:
            if await self.ownership.reconcile(request.id):
                return "owner cleared by a re-route: released, re-ping timers started"
        return "owner changed or resolved: nothing to do"

    # -- digest --------------------------------------------------------------------------------------------------

    async def digest(self, job: Job) -> str:
        team_id, now = str(job.payload["team"]), self.clock.now()
        async with self.sessions() as session, session.begin():
            await self._schedule_digest(session, team_id, now)
            rows = await self._open_requests(session, team_id)
            lines = [await self._digest_line(session, request, now) for request in rows]
        unowned = [line for request, line in zip(rows, lines, strict=True) if not request.owner_id]
        overdue = [line for request, line in zip(rows, lines, strict=True) if request.owner_id and line.overdue]
        if not unowned and not overdue:
            return "nothing unowned or overdue: no post"
        team = self.config.teams[team_id]
        day = now.astimezone(business_hours(self.config, team_id).tz).strftime("%A %d %B")
        text, blocks = msg.digest(team.name, day, unowned, overdue)
        await self._send(job, "post", team.channel, text, blocks)
        return f"posted {len(unowned)} unowned, {len(overdue)} overdue"

    async def _schedule_digest(self, session: AsyncSession, team_id: str, now: datetime) -> None:
        hours = business_hours(self.config, team_id)
        due = next_digest_at(hours, now, self.config.digest.at)
        day = due.astimezone(hours.tz).date().isoformat()
        await job_repo.schedule(session, kind=JobKind.DIGEST, due_at=due, key=f"{JobKind.DIGEST}:{team_id}:{day}",
                                payload={"team": team_id})

    async def _open_requests(self, session: AsyncSession, team_id: str) -> list[Request]:
        query = select(Request).where(Request.team_id == team_id, Request.status == RequestStatus.OPEN,
                                      Request.post_ts.is_not(None)).order_by(Request.priority_level, Request.id)
        return list((await session.execute(query)).scalars())

    async def _digest_line(self, session: AsyncSession, request: Request, now: datetime) -> msg.DigestLine:
        ref = ref_of(request)
        if not request.owner_id:
            since = unowned_since(request, await repo.ownership_events(session, request.id))
            deadline = self.timers.claim_deadline(request, since)
            late = deadline is not None and now > deadline
            detail = f"unowned for {self._span(request, since, now)}" + (", past its claim SLA" if late else "")
            return msg.DigestLine(ref, detail, late)
        due = self.timers.stale_due(request, None)
        quiet = due is not None and now >= due
        needed_by = (request.details or {}).get("needed_by")
        late = bool(needed_by) and str(needed_by) < now.astimezone(self.timers.hours(request).tz).date().isoformat()
        reasons = ([f"quiet for {self._quiet_for(request, now)}"] if quiet else []) + (
            [f"needed by {needed_by}"] if late else [])
        detail = f"owned by <@{request.owner_id}>" + (": " + ", ".join(reasons) if reasons else "")
        return msg.DigestLine(ref, detail, quiet or late)

    # -- user-group sync -----------------------------------------------------------------------------------------

    async def usergroup_sync(self, job: Job) -> str:
        """Make the team's handle group exactly the on-call, then plan the next hand-off's sync first of all (a
        failure here must not stop the syncs to come)."""
        team_id, k = str(job.payload["team"]), int(job.payload["k"])
        rotation, team = self.oncall.rotations.get(team_id), self.config.teams.get(team_id)
        if rotation is None or team is None or not team.handle or self.groups is None:
            return "no synced rotation for this team any more"
        async with self.sessions() as session, session.begin():
            await job_repo.schedule(session, kind=JobKind.USERGROUP_SYNC, due_at=handoff_at(rotation, k + 1),
                                    key=f"{JobKind.USERGROUP_SYNC}:{team_id}:{k + 1}",
                                    payload={"team": team_id, "k": k + 1})
        oncall = await self.oncall.current(team_id, self.clock.now())
        if oncall is None:
            return "nobody on call"
        result = await self.groups.set_members(team.handle, (oncall,))
        return ("synced @" if result.ok else "not synced @") + f"{team.handle}: {result.detail}"

    # -- helpers -------------------------------------------------------------------------------------------------

    async def _send(self, job: Job, key: str, channel: str | None, text: str,
                    blocks: Blocks | None = None, thread_ts: str | None = None) -> None:
        """Post once per job: a retry skips the messages the job already recorded as sent."""
        if channel is None or key in (job.payload or {}).get("sent", []):
            return
        await self.chat.post(channel, text=text, blocks=blocks, thread_ts=thread_ts)
        async with self.sessions() as session, session.begin():
            await job_repo.record_sent(session, job.id, key)
        job.payload = {**(job.payload or {}), "sent": [*(job.payload or {}).get("sent", []), key]}

    async def _unowned_for(self, request: Request) -> str:
        async with self.sessions() as session:
            since = unowned_since(request, await repo.ownership_events(session, request.id))
        return self._span(request, since, self.clock.now())

    def _quiet_for(self, request: Request, now: datetime) -> str:
        return self._span(request, request.last_activity_at or request.created_at, now)

    def _span(self, request: Request, start: datetime, end: datetime) -> str:
        """Elapsed time as the SLA counts it: business time for business-time priorities."""
        policy = self.timers.policy(request)
        if policy is None or not policy.business_time:
            return msg.duration_text(_round_minutes(end - start), False)
        hours = self.timers.hours(request)
        spent = business_time_between(hours, start, end)
        days, rest = divmod(spent, hours.day_length)
        return msg.duration_text(_round_minutes(days * timedelta(days=1) + rest), True)

    def _window(self, request: Request) -> str:
        policy = self.timers.policy(request)
        return msg.duration_text(policy.claim_within, policy.business_time) if policy else "the usual time"


def _round_minutes(span: timedelta) -> timedelta:
    return timedelta(minutes=round(span.total_seconds() / 60))
