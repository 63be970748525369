"""App Home's overview: counts by state, the oldest unclaimed request per team, and this week's SLA breaches (claim
SLAs missed = re-pings sent, escalations, quiet owners nudged, from the scheduler's finished jobs)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.queues import Overview, TeamOverview
from bot.queues.items import to_item
from storage.models import Job, Request

BREACHES = {"reping": "re-pinged", "escalate": "escalated", "stale_nudge": "nudged"}
"""Job kind → the outcome prefix of a job that did fire (a re-ping for a request claimed meanwhile did nothing)."""


def week_start(now: datetime) -> datetime:
    """Monday 00:00 UTC of ``now``'s week."""
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - timedelta(days=midnight.weekday())


class Overviews:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, clock: Clock):
        self.sessions, self.config, self.clock = sessions, config, clock

    async def overview(self, team_id: str | None = None) -> Overview:
        since = week_start(self.clock.now())
        async with self.sessions() as session:
            open_counts = await _open_counts(session, team_id)
            resolved = await _resolved_since(session, since, team_id)
            breaches = await _breaches(session, since, team_id)
            oldest = await _oldest_unclaimed(session, team_id)
        by_state: Counter[str] = Counter()
        teams: list[TeamOverview] = []
        for team in self.config.teams.teams:
            if team_id and team.id != team_id:
                continue
            unclaimed, owned = open_counts.get((team.id, True), 0), open_counts.get((team.id, False), 0)
            by_state.update({"unclaimed": unclaimed, "owned": owned, "resolved this week": resolved.get(team.id, 0)})
            old = oldest.get(team.id)
            teams.append(TeamOverview(
                team.id, team.name, unclaimed, owned, resolved.get(team.id, 0),
                to_item(old, self.config) if old is not None else None,
                breaches[(team.id, "reping")], breaches[(team.id, "escalate")], breaches[(team.id, "stale_nudge")]))
        return Overview(dict(by_state), tuple(teams), since)


async def _open_counts(session: AsyncSession, team_id: str | None) -> dict[tuple[str, bool], int]:
    unowned = Request.owner_id.is_(None)
    query = select(Request.team_id, unowned, func.count()).where(Request.status == "open").group_by(
        Request.team_id, unowned)
    if team_id:
        query = query.where(Request.team_id == team_id)
    return {(str(t), bool(u)): int(n) for t, u, n in (await session.execute(query)).all()}


async def _resolved_since(session: AsyncSession, since: datetime, team_id: str | None) -> dict[str, int]:
    # resolved_at is cleared on reopening, so it alone says "resolved since": one range scan of its index.
    query = select(Request.team_id, func.count()).where(Request.resolved_at >= since).group_by(Request.team_id)
    if team_id:
        query = query.where(Request.team_id == team_id)
    return {str(t): int(n) for t, n in (await session.execute(query)).all()}


async def _breaches(session: AsyncSession, since: datetime, team_id: str | None) -> Counter[tuple[str, str]]:
    fired = or_(*(and_(Job.kind == kind, Job.outcome.like(f"{prefix}%")) for kind, prefix in BREACHES.items()))
    query = (select(Request.team_id, Job.kind, func.count()).join(Request, Request.id == Job.request_id)
             .where(Job.kind.in_(list(BREACHES)), Job.done_at >= since, fired).group_by(Request.team_id, Job.kind))
    if team_id:
        query = query.where(Request.team_id == team_id)
    return Counter({(str(t), str(k)): int(n) for t, k, n in (await session.execute(query)).all()})


async def _oldest_unclaimed(session: AsyncSession, team_id: str | None) -> dict[str, Request]:
    first = (select(func.min(Request.id)).where(Request.status == "open", Request.owner_id.is_(None))
             .group_by(Request.team_id))
    if team_id:
        first = first.where(Request.team_id == team_id)
    rows = (await session.execute(select(Request).where(Request.id.in_(first)))).scalars()
    return {r.team_id: r for r in rows}
