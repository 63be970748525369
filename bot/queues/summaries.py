"""The batched summary of priorities-list moves in the team channel: one line per team and window.

A move schedules the team's summary job for the end of its two-minute window (``bot.queues.service``). When the job
runs it first claims, in one UPDATE, every move of the team no summary has reported yet (``summary_job`` = this job),
then posts one line about exactly the moves it claimed. A retry after a failed post finds the same moves (they carry
its id) and the post's key, so the line appears once; moves made meanwhile go to the next window's job.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.blocks.priorities import MoveLine, summary_line
from bot.core.config import RfhConfig
from bot.queues.priorities import ListEventKind
from storage.models import Job, PriorityEvent


class Poster(Protocol):
    async def post_once(self, channel: str, *, key: str, text: str, uncertain: bool,
                        blocks: Any = None, thread_ts: str | None = None) -> Any: ...


class Summaries:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, chat: Poster):
        self.sessions, self.config, self.chat = sessions, config, chat

    async def run(self, job: Job) -> str:
        team = self.config.teams.get(str(job.payload.get("team")))
        if team is None:
            return "team no longer configured: nothing to summarise"
        async with self.sessions() as session, session.begin():
            mine = or_(PriorityEvent.summary_job.is_(None), PriorityEvent.summary_job == job.id)
            await session.execute(update(PriorityEvent)
                                  .where(PriorityEvent.team_id == team.id,
                                         PriorityEvent.kind == ListEventKind.MOVED.value, mine)
                                  .values(summary_job=job.id).execution_options(synchronize_session=False))
            rows = (await session.execute(select(PriorityEvent).where(PriorityEvent.summary_job == job.id)
                                          .order_by(PriorityEvent.id))).scalars().all()
        if not rows:
            return "no moves to summarise"
        moves = [MoveLine(r.request_id, r.actor, r.from_position, r.to_position, r.reason or "") for r in rows]
        await self.chat.post_once(team.channel, key=f"{job.dedupe_key}", text=summary_line(team.name, moves),
                                  uncertain=job.attempts > 1)
        return f"summarised {len(rows)} move(s) in {team.channel}"
