"""The PING_ONCALL delivery step: mention the on-call in the team post's thread (and DM them for p0/p1), and start
the request's SLA timers. Runs after the post, as the last step of filing; a request someone already took (or whose
ownership moved in any way) is not pinged: its ownership events started their own timers."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.blocks.pings import duration_text, oncall_dm, oncall_thread_ping
from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.domain import RequestStatus, StepKind
from bot.core.ports import Chat
from bot.oncall.rotations import OnCall
from bot.ownership.effects import ref_of
from bot.ownership.service import current_round
from bot.sla.timers import Timers
from storage import repository as repo
from storage.models import Request, Step

DM_LEVELS = (0, 1)  # p0 and p1 also reach the on-call by DM


class OnCallPing:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, chat: Chat,
                 oncall: OnCall, clock: Clock):
        self.sessions, self.config, self.chat, self.oncall, self.clock = sessions, config, chat, oncall, clock
        self.timers = Timers(config)

    async def __call__(self, request: Request, step: Step) -> dict[str, Any]:
        oncall = await self.oncall.current(request.team_id, self.clock.now())
        async with self.sessions() as session, session.begin():
            row = await session.get(Request, request.id)
            if row is None or row.status != RequestStatus.OPEN or row.owner_id \
                    or await current_round(session, request.id):
                return {"skipped": "ownership already moved"}
            await self.timers.unclaimed(session, row, since=row.created_at, round_=0)
            if oncall and row.priority_level in DM_LEVELS:
                await self._queue_dm(session, row, oncall)
        if oncall is None:
            return {"skipped": "no on-call rotation", "sla": "scheduled"}
        if not (request.post_channel and request.post_ts):
            return {"skipped": "not posted", "sla": "scheduled"}
        text = oncall_thread_ping(ref_of(request), oncall, self.config.teams[request.team_id].name,
                                  self._window(request))
        ref = await self.chat.post_once(request.post_channel, key=step.dedupe_key, text=text,
                                        thread_ts=request.post_ts, uncertain=step.uncertain)
        return {"oncall": oncall, "ts": ref.ts, "dm": request.priority_level in DM_LEVELS}

    async def _queue_dm(self, session: AsyncSession, request: Request, oncall: str) -> None:
        """Queued as its own step (it runs right after this one) so a retry of the thread ping never DMs twice."""
        text, blocks = oncall_dm(ref_of(request), self.config.teams[request.team_id].name, self._window(request))
        try:
            async with session.begin_nested():
                await repo.add_steps(session, request, [StepKind.NOTIFY], self.clock.now(), round_="oncall-dm",
                                     payload={"channel": oncall, "text": text,
                                              "blocks": [b.to_dict() for b in blocks]})
        except IntegrityError:
            pass  # queued by an earlier attempt of this step

    def _window(self, request: Request) -> str:
        policy = self.timers.policy(request)
        return duration_text(policy.claim_within, policy.business_time) if policy else "the team's usual time"
