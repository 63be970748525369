"""The RFH priorities lists in the database (handbook 002, step 5), inside the caller's transaction.

Every change of a team's list first takes that team's lock row (``priority_lists``): an UPDATE, so on PostgreSQL it is
a row lock that any replica's concurrent change waits for, and on SQLite the database write lock taken by the first
statement (no read comes before it, so a stale read can never be upgraded). Under the lock the list is read, the
new order computed (``bot.queues.rules``) and written. A request is on at most one list (primary key) and two items
never share a rank (unique ``(team_id, rank)``), so nothing is lost or duplicated whatever the interleaving.

Lock order, to rule out deadlocks: a request's row first (callers hold it: intake inserted it, ownership and
re-routing lock it), then the lists' rows in team-id order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.config import RfhConfig
from bot.core.queues import Move
from bot.queues.rules import append_rank, rank_for_position, renumbered, target_position
from storage.models import PriorityEvent, PriorityItem, PriorityList, Request


class ListEventKind(StrEnum):
    ADDED = "added"
    MOVED = "moved"
    RESOLVED = "resolved"
    REROUTED = "rerouted"


@dataclass(frozen=True)
class Ranked:
    request_id: int
    rank: int


async def lock_list(session: AsyncSession, team_id: str, now: datetime) -> None:
    """Take ``team_id``'s list lock for the rest of the transaction (creating its row the first time)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    await session.execute(insert(PriorityList).values(team_id=team_id, version=0, updated_at=now)
                          .on_conflict_do_nothing(index_elements=["team_id"]))
    await session.execute(update(PriorityList).where(PriorityList.team_id == team_id)
                          .values(version=PriorityList.version + 1, updated_at=now)
                          .execution_options(synchronize_session=False))


async def ordered(session: AsyncSession, team_id: str) -> list[Ranked]:
    """The team's list, top first."""
    rows = await session.execute(select(PriorityItem.request_id, PriorityItem.rank)
                                 .where(PriorityItem.team_id == team_id).order_by(PriorityItem.rank))
    return [Ranked(int(r), int(k)) for r, k in rows.all()]


async def item_of(session: AsyncSession, request_id: int) -> PriorityItem | None:
    return await session.get(PriorityItem, request_id, populate_existing=True)


async def record(session: AsyncSession, request: Request, *, team_id: str, kind: ListEventKind, actor: str,
                 at: datetime, from_position: int | None = None, to_position: int | None = None,
                 reason: str | None = None) -> PriorityEvent:
    event = PriorityEvent(request_id=request.id, team_id=team_id, kind=kind.value, actor=actor, at=at,
                          from_position=from_position, to_position=to_position, reason=reason)
    session.add(event)
    await session.flush()
    return event


async def append(session: AsyncSession, request: Request, *, config: RfhConfig, actor: str,
                 now: datetime) -> int | None:
    """Put the request last on its team's list, if the team keeps one and it is not on it; returns its position."""
    team = config.teams.get(request.team_id)
    if team is None or not team.keeps_priorities_list or await item_of(session, request.id) is not None:
        return None
    await lock_list(session, team.id, now)
    last = await session.scalar(select(func.max(PriorityItem.rank)).where(PriorityItem.team_id == team.id))
    count = int(await session.scalar(select(func.count()).where(PriorityItem.team_id == team.id)) or 0)
    session.add(PriorityItem(request_id=request.id, team_id=team.id, rank=append_rank(last), added_at=now))
    await session.flush()
    await record(session, request, team_id=team.id, kind=ListEventKind.ADDED, actor=actor, at=now,
                 to_position=count + 1)
    return count + 1


async def append_new(session: AsyncSession, requests: Sequence[Request], *, config: RfhConfig, now: datetime) -> None:
    """``append`` for requests created in this transaction (none is on a list yet), each by its requester: the lists
    are locked once each, in team-id order, and every item and event goes in with one flush."""
    teams = sorted({r.team_id for r in requests if (t := config.teams.get(r.team_id)) and t.keeps_priorities_list})
    for team_id in teams:
        await lock_list(session, team_id, now)
        last = await session.scalar(select(func.max(PriorityItem.rank)).where(PriorityItem.team_id == team_id))
        count = int(await session.scalar(select(func.count()).where(PriorityItem.team_id == team_id)) or 0)
        for request in (r for r in requests if r.team_id == team_id):
            last, count = append_rank(last), count + 1
            session.add(PriorityItem(request_id=request.id, team_id=team_id, rank=last, added_at=now))
            session.add(PriorityEvent(request_id=request.id, team_id=team_id, kind=ListEventKind.ADDED.value,
                                      actor=request.requester_id, at=now, to_position=count))
    if teams:
        await session.flush()


async def remove(session: AsyncSession, request: Request, *, kind: ListEventKind, actor: str, now: datetime,
                 reason: str | None = None) -> list[int]:
    """Take the request off its list (resolved, or re-routed away); returns the requests that moved up."""
    item = await item_of(session, request.id)
    if item is None:
        return []
    team_id = item.team_id
    await lock_list(session, team_id, now)
    items = await ordered(session, team_id)
    index = next((n for n, i in enumerate(items) if i.request_id == request.id), None)
    await session.execute(delete(PriorityItem).where(PriorityItem.request_id == request.id))
    await record(session, request, team_id=team_id, kind=kind, actor=actor, at=now,
                 from_position=None if index is None else index + 1, reason=reason)
    return [] if index is None else [i.request_id for i in items[index + 1:]]


async def place(session: AsyncSession, team_id: str, *, request_id: int, move: Move,
                position: int | None = None) -> tuple[int, int, list[int]]:
    """Move an item already on ``team_id``'s (locked) list (``position`` for ``Move.TO``): (from, to, every request
    whose position changed). Renumbers the list first when the new neighbours' ranks touch."""
    items = await ordered(session, team_id)
    current = next(n for n, i in enumerate(items) if i.request_id == request_id) + 1
    others = [i for i in items if i.request_id != request_id]
    to = target_position(move, current=current, length=len(items), to=position)
    if to == current:
        return current, current, []
    rank = rank_for_position([i.rank for i in others], to)
    if rank is None:
        await _renumber(session, others, parked=request_id, floor=min(i.rank for i in items))
        rank = rank_for_position(renumbered(len(others)), to)
        assert rank is not None
    await _set_rank(session, request_id, rank)
    low, high = min(current, to), max(current, to)
    return current, to, [i.request_id for i in items[low - 1:high]]


async def _renumber(session: AsyncSession, items: Sequence[Ranked], *, parked: int, floor: int) -> None:
    """Even gaps again for ``items``. Two passes so the unique (team, rank) holds after every statement: first every
    item, and ``parked`` (the one being moved), below all current ranks (negative, distinct), then ``items`` to their
    final positive ranks; the caller then gives ``parked`` its rank among them."""
    below = min(floor, 0) - 1
    for n, request_id in enumerate([parked, *(i.request_id for i in items)]):
        await _set_rank(session, request_id, below - n)
    for item, rank in zip(items, renumbered(len(items)), strict=True):
        await _set_rank(session, item.request_id, rank)


async def _set_rank(session: AsyncSession, request_id: int, rank: int) -> None:
    await session.execute(update(PriorityItem).where(PriorityItem.request_id == request_id).values(rank=rank)
                          .execution_options(synchronize_session=False))


async def reroute(session: AsyncSession, request: Request, *, config: RfhConfig, old_team: str, actor: str,
                  now: datetime) -> tuple[list[int], int | None]:
    """The request moved to ``request.team_id``: off the old team's list, onto the new team's (last) if it keeps one.
    Locks both lists in team-id order. Returns (requests that moved up on the old list, new position)."""
    new_team = config.teams.get(request.team_id)
    for team_id in sorted({old_team, request.team_id}):
        await lock_list(session, team_id, now)
    moved_up = await remove(session, request, kind=ListEventKind.REROUTED, actor=actor, now=now,
                            reason=f"re-routed to {new_team.name if new_team else request.team_id}")
    return moved_up, await append(session, request, config=config, actor=actor, now=now)
