"""The priorities lists as leads and readers use them: read a list, move an item with a reason (lead only).

A move locks the request's row, then the team's list (``bot.queues.priorities``), checks the lead-only rule
(``bot.security.permissions``), places the item, records the move in the request's list history, and queues what it
tells people: the requester by DM (durable steps), every shifted requester's confirmation refreshed, and a batched
one-line summary in the team channel (a scheduler job that collects the moves of a couple of minutes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.blocks.priorities import moved_dm
from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.domain import StepKind
from bot.core.queues import ListPosition, Move, Page, PrioritiesList, PriorityEntry, QueueFilter
from bot.queues import priorities as plist
from bot.queues.items import positions_of, to_item
from bot.queues.rules import check_reason, list_entries, paginate
from bot.security.permissions import LeadOnly, Verdict, lead_check
from storage import jobs as job_repo
from storage import repository as repo
from storage.models import PriorityEvent, PriorityItem, Request

SUMMARY_JOB = "priorities_summary"
SUMMARY_EVERY = timedelta(minutes=2)
"""Moves within the same two minutes make one line in the team channel."""


@dataclass(frozen=True)
class MoveOutcome:
    ok: bool
    message: str
    team_id: str | None = None
    about_reason: bool = False
    """The refusal is about the reason the lead gave (else about the move itself)."""


class Priorities:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, clock: Clock):
        self.sessions, self.config, self.clock = sessions, config, clock

    def list_teams(self) -> list[str]:
        return [t.id for t in self.config.teams.teams if t.keeps_priorities_list]

    def may_reorder(self, team_id: str, actor: str) -> Verdict:
        team = self.config.teams[team_id]
        return lead_check(LeadOnly.REORDER, is_lead=actor in team.leads, team=team.name, leads=team.leads)

    async def team_of(self, request_id: int) -> str | None:
        """The team whose list the request is on (None: on no list)."""
        async with self.sessions() as session:
            return await session.scalar(select(PriorityItem.team_id).where(PriorityItem.request_id == request_id))

    async def position(self, request_id: int) -> ListPosition | None:
        async with self.sessions() as session:
            return (await positions_of(session, [request_id])).get(request_id)

    async def list_of(self, team_id: str) -> PrioritiesList:
        """The team's list, top first, each item with the reason of its latest move."""
        team = self.config.teams[team_id]
        async with self.sessions() as session:
            query = (select(Request, PriorityItem.added_at).join(PriorityItem, PriorityItem.request_id == Request.id)
                     .where(PriorityItem.team_id == team_id).order_by(PriorityItem.rank))
            rows = (await session.execute(query)).all()
            last = await _last_moves(session, team_id)
        entries = tuple(
            PriorityEntry(n + 1, to_item(request, self.config, position=ListPosition(team_id, n + 1, len(rows))),
                          *last.get(request.id, (None, None)), added_at=added)
            for n, (request, added) in enumerate(rows))
        return PrioritiesList(team.id, team.name, entries, tuple(team.leads))

    async def entry(self, request_id: int) -> tuple[PrioritiesList, PriorityEntry] | None:
        """The request's list and its entry on it (None: on no list)."""
        team_id = await self.team_of(request_id)
        if team_id is None or self.config.teams.get(team_id) is None:
            return None
        plist = await self.list_of(team_id)
        found = next((e for e in plist.entries if e.item.request_id == request_id), None)
        return (plist, found) if found else None

    async def lists(self, team_ids: list[str] | None = None) -> list[PrioritiesList]:
        """The lists of these teams (default: every team that keeps one), skipping teams that keep none."""
        keeping = set(self.list_teams())
        return [await self.list_of(t) for t in (team_ids if team_ids is not None else self.list_teams())
                if t in keeping]

    async def page(self, team_ids: list[str] | None, flt: QueueFilter, *, page: int,
                   size: int) -> tuple[list[PrioritiesList], Page[tuple[PrioritiesList, PriorityEntry]]]:
        """These teams' lists (default: every list), and one page of their entries that pass the filter."""
        lists = await self.lists(team_ids)
        return lists, paginate(list_entries(lists, flt), page, size)

    async def move(self, *, request_id: int, actor: str, move: Move, to: int | None, reason: str) -> MoveOutcome:
        """Move a request on its team's list; refused with a reason for non-leads, bad reasons, or no list."""
        problem = check_reason(reason)
        now = self.clock.now()
        async with self.sessions() as session, session.begin():
            request = await repo.lock_request(session, request_id)
            item = await plist.item_of(session, request_id) if request else None
            if request is None or item is None:
                return MoveOutcome(False, f"RFH-{request_id} is not on a priorities list (it is resolved, or its "
                                          "team keeps none).")
            team = self.config.teams[item.team_id]
            verdict = self.may_reorder(team.id, actor)
            if not verdict.ok or problem:
                return MoveOutcome(False, verdict.reason or str(problem), team.id, about_reason=verdict.ok)
            await plist.lock_list(session, team.id, now)
            before, after, shifted = await plist.place(session, team.id, request_id=request_id, move=move,
                                                       position=to)
            if before == after:
                return MoveOutcome(True, f"RFH-{request_id} is already #{after} on the priorities list of "
                                         f"{team.name}; nothing moved.", team.id)
            event = await plist.record(session, request, team_id=team.id, kind=plist.ListEventKind.MOVED,
                                       actor=actor, at=now, from_position=before, to_position=after,
                                       reason=reason.strip())
            await self._tell(session, request, event, shifted, team.name)
        return MoveOutcome(True, f"RFH-{request_id} is now #{after} (was #{before}) on the priorities list of "
                                 f"{team.name}. The requester is told, and the team channel gets a summary.", team.id)

    async def _tell(self, session: AsyncSession, request: Request, event: PriorityEvent, shifted: list[int],
                    team_name: str) -> None:
        now, key = self.clock.now(), f"prio{event.id}"
        if request.requester_id != event.actor:
            text = moved_dm(request_id=request.id, title=f"[{request.customer}] {request.summary}",
                            team_name=team_name, actor=event.actor, before=event.from_position or 0,
                            after=event.to_position or 0, reason=event.reason or "")
            await repo.add_steps(session, request, [StepKind.NOTIFY], now, round_=key,
                                 payload={"channel": request.requester_id, "text": text})
        await refresh_confirmations(session, shifted, now=now, key=key)
        await schedule_summary(session, event.team_id, now=now)


async def refresh_confirmations(session: AsyncSession, request_ids: list[int], *, now: datetime, key: str) -> None:
    """The confirmations of requests whose place changed show the new place (a step per request, deduped by key)."""
    for request_id in request_ids:
        other = await session.get(Request, request_id)
        if other is not None and other.confirm_ts:
            await repo.add_steps(session, other, [StepKind.REFRESH_CONFIRMATION], now, round_=key)


async def schedule_summary(session: AsyncSession, team_id: str, *, now: datetime) -> None:
    """One summary job per team and two-minute window: every move in the window shares it."""
    every = SUMMARY_EVERY.total_seconds()
    window = int(now.timestamp() // every)
    due = datetime.fromtimestamp((window + 1) * every, tz=now.tzinfo)
    await job_repo.schedule(session, kind=SUMMARY_JOB, due_at=due, key=f"{SUMMARY_JOB}:{team_id}:{window}",
                            payload={"team": team_id})


async def _last_moves(session: AsyncSession, team_id: str) -> dict[int, tuple[str | None, str | None]]:
    """(reason, lead) of the latest move of each request on the team's list."""
    on_list = select(PriorityItem.request_id).where(PriorityItem.team_id == team_id)
    latest = (select(func.max(PriorityEvent.id)).where(PriorityEvent.request_id.in_(on_list),
                                                        PriorityEvent.kind == plist.ListEventKind.MOVED.value)
              .group_by(PriorityEvent.request_id))
    rows = await session.execute(select(PriorityEvent.request_id, PriorityEvent.reason, PriorityEvent.actor)
                                 .where(PriorityEvent.id.in_(latest)))
    return {int(r): (reason, actor) for r, reason, actor in rows.all()}
