"""The queues: a user's requests, what they own, a team's queue, the unclaimed and the overdue ones, and App Home's
mine tab; each filtered (team, priority, state), counted and paged in SQL so a page costs the same with 10,000
requests as with 10 (the indexes of migration 0003 serve each query)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.queues import Page, QueueFilter, QueueItem, QueueKind, StateFilter
from bot.queues.items import items_of
from bot.queues.rules import page_window, paginate, teams_of
from storage.models import Request

PAGE_SIZE = 10


class OverdueReasons(Protocol):
    """Request id → why it is overdue, for the open ones among ``requests`` that are: the SLA's rules
    (``bot.sla.overdue``), handed in by the wiring so the queues need not know the SLA package."""

    async def __call__(self, session: AsyncSession, requests: Sequence[Request], *, config: RfhConfig,
                       now: datetime) -> dict[int, str]: ...


def _state(query: Select[Any], state: StateFilter) -> Select[Any]:
    open_ = Request.status == "open"
    conditions = {
        StateFilter.OPEN: open_,
        StateFilter.UNCLAIMED: and_(open_, Request.owner_id.is_(None)),
        StateFilter.OWNED: and_(open_, Request.owner_id.is_not(None)),
        StateFilter.OVERDUE: open_,  # narrowed further in Python (``bot.queues.overdue``)
        StateFilter.RESOLVED: Request.status == "resolved",
    }
    return query.where(conditions[state]) if state in conditions else query


def filtered(query: Select[Any], flt: QueueFilter) -> Select[Any]:
    if flt.team_id:
        query = query.where(Request.team_id == flt.team_id)
    if flt.priority_level is not None:
        query = query.where(Request.priority_level == flt.priority_level)
    return _state(query, flt.state)


TEAM_ORDER = (Request.owner_id.is_not(None), Request.priority_level, Request.created_at, Request.id)
"""A team's queue: unclaimed first, then by priority, then oldest first."""


class Queues:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, clock: Clock,
                 overdue: OverdueReasons):
        self.sessions, self.config, self.clock, self.overdue = sessions, config, clock, overdue

    async def queue(self, kind: QueueKind, *, user: str, flt: QueueFilter | None = None, page: int = 0,
                    size: int = PAGE_SIZE) -> Page[QueueItem]:
        """One page of a queue. ``flt.team_id`` is the team for ``team`` (None: every team)."""
        flt, base = flt or QueueFilter(), select(Request)
        if kind is QueueKind.OVERDUE:
            flt = QueueFilter(flt.team_id, flt.priority_level, StateFilter.OVERDUE)
        if kind is QueueKind.MINE:
            query = filtered(base.where(Request.requester_id == user), flt).order_by(Request.id.desc())
        elif kind is QueueKind.OWNED:
            query = filtered(base.where(Request.owner_id == user), flt).order_by(Request.id.desc())
        elif kind is QueueKind.UNCLAIMED:
            flt = QueueFilter(flt.team_id, flt.priority_level, StateFilter.UNCLAIMED)
            query = filtered(base, flt).order_by(Request.priority_level, Request.created_at, Request.id)
        else:
            query = filtered(base, flt).order_by(*TEAM_ORDER)
        async with self.sessions() as session:
            if flt.state is StateFilter.OVERDUE:
                return await self._overdue(session, query, page=page, size=size)
            return await _page(session, query, page=page, size=size, config=self.config)

    async def mine(self, *, user: str, flt: QueueFilter, page: int, size: int) -> Page[tuple[str, QueueItem]]:
        """App Home's *Mine*: the requests the user owns, then the ones they asked for (owned ones not repeated);
        one page over both, each item tagged ``owned`` or ``requested``."""
        owned = filtered(select(Request).where(Request.owner_id == user), flt)
        asked = filtered(select(Request).where(Request.requester_id == user,
                                               func.coalesce(Request.owner_id, "") != user), flt)
        async with self.sessions() as session:
            if flt.state is StateFilter.OVERDUE:
                return await self._mine_overdue(session, owned, asked, page=page, size=size)
            n_owned = int(await session.scalar(_count(owned)) or 0)
            n_asked = int(await session.scalar(_count(asked)) or 0)
            page, start, pages = page_window(n_owned + n_asked, page, size)
            rows: list[tuple[str, Request]] = []
            if start < n_owned:
                query = owned.order_by(Request.id.desc()).offset(start).limit(size)
                rows += [("owned", r) for r in (await session.execute(query)).scalars()]
            if len(rows) < size:
                skip = max(0, start - n_owned)
                query = asked.order_by(Request.id.desc()).offset(skip).limit(size - len(rows))
                rows += [("requested", r) for r in (await session.execute(query)).scalars()]
            items = await items_of(session, [r for _, r in rows], config=self.config)
        tagged = tuple((tag, item) for (tag, _), item in zip(rows, items, strict=True))
        return Page(tagged, page, pages, n_owned + n_asked, start)

    async def _mine_overdue(self, session: AsyncSession, owned: Select[Any], asked: Select[Any], *, page: int,
                            size: int) -> Page[tuple[str, QueueItem]]:
        tagged = [("owned", r) for r in (await session.execute(owned.order_by(Request.id.desc()))).scalars()]
        tagged += [("requested", r) for r in (await session.execute(asked.order_by(Request.id.desc()))).scalars()]
        reasons = await self.overdue(session, [r for _, r in tagged], config=self.config, now=self.clock.now())
        window = paginate([(tag, r) for tag, r in tagged if r.id in reasons], page, size)
        items = await items_of(session, [r for _, r in window.items], config=self.config, overdue=reasons)
        return Page(tuple((tag, item) for (tag, _), item in zip(window.items, items, strict=True)), window.page,
                    window.pages, window.total, window.start)

    async def _overdue(self, session: AsyncSession, query: Select[Any], *, page: int, size: int) -> Page[QueueItem]:
        """Open requests past their claim SLA, with a quiet owner, or past their needed-by date (the digest's rules):
        computed in Python over the open requests of ``query`` only."""
        query = query.order_by(None).order_by(Request.priority_level, Request.created_at, Request.id)
        candidates = list((await session.execute(query)).scalars())
        reasons = await self.overdue(session, candidates, config=self.config, now=self.clock.now())
        window = paginate([r for r in candidates if r.id in reasons], page, size)
        items = await items_of(session, window.items, config=self.config, overdue=reasons)
        return Page(tuple(items), window.page, window.pages, window.total, window.start)

    def home_team(self, user: str) -> str | None:
        """The user's team for "my team's queue": the first team naming them as lead, member or in its rotation."""
        rotations = {t.id: t.oncall.members for t in self.config.raw_teams if t.oncall}
        teams = teams_of(self.config.teams, user, rotations)
        return teams[0].id if teams else None

    async def open_ids(self, team_id: str) -> list[int]:
        """Every open request of the team, in queue order (the complete list ``/rfh list team`` names)."""
        query = select(Request.id).where(Request.status == "open", Request.team_id == team_id).order_by(*TEAM_ORDER)
        async with self.sessions() as session:
            return [int(i) for i in (await session.execute(query)).scalars()]


def _count(query: Select[Any]) -> Select[Any]:
    return select(func.count()).select_from(query.with_only_columns(Request.id).order_by(None).subquery())


async def _page(session: AsyncSession, query: Select[Any], *, page: int, size: int,
                config: RfhConfig) -> Page[QueueItem]:
    total = int(await session.scalar(_count(query)) or 0)
    page, start, pages = page_window(total, page, size)
    rows: Sequence[Request] = list((await session.execute(query.offset(start).limit(size))).scalars())
    return Page(tuple(await items_of(session, rows, config=config)), page, pages, total, start)
