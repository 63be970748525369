"""Stored requests → the QueueItems the lists show, with their places on the priorities lists."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.core.config import RfhConfig
from bot.core.queues import ListPosition, QueueItem
from storage.models import PriorityItem, Request


async def positions_of(session: AsyncSession, request_ids: Iterable[int]) -> dict[int, ListPosition]:
    """Where each of these requests stands on its team's priorities list (absent: not on a list). Positions come
    from the order of ranks at read time, so they are always 1…n without gaps; each is two counts over the
    (team_id, rank) index, whatever the size of the database."""
    ids = sorted(set(request_ids))
    if not ids:
        return {}
    other, same = aliased(PriorityItem), aliased(PriorityItem)
    position = (select(func.count()).where(other.team_id == PriorityItem.team_id, other.rank <= PriorityItem.rank)
                .scalar_subquery())
    length = select(func.count()).where(same.team_id == PriorityItem.team_id).scalar_subquery()
    rows = await session.execute(select(PriorityItem.request_id, PriorityItem.team_id, position, length)
                                 .where(PriorityItem.request_id.in_(ids)))
    return {int(r): ListPosition(str(t), int(p), int(n)) for r, t, p, n in rows.all()}


def to_item(request: Request, config: RfhConfig, *, position: ListPosition | None = None,
            overdue: str | None = None) -> QueueItem:
    team = config.teams.get(request.team_id)
    details = request.details or {}
    issue_ref = f"{request.issue_repo.split('/')[-1]}#{request.issue_number}" if request.issue_repo else None
    return QueueItem(
        request_id=request.id, customer=request.customer, summary=request.summary, team_id=request.team_id,
        team_name=team.name if team else request.team_id, priority=request.priority,
        priority_level=request.priority_level, status=request.status, state=request.state,
        requester_id=request.requester_id, created_at=request.created_at, owner_id=request.owner_id,
        owner_informal=request.owner_informal, resolution=request.resolution, issue_url=request.issue_url,
        issue_ref=issue_ref, post_permalink=str(details.get("post_permalink") or "") or None, position=position,
        overdue=overdue,
    )


async def items_of(session: AsyncSession, requests: Sequence[Request], *, config: RfhConfig,
                   overdue: dict[int, str] | None = None) -> list[QueueItem]:
    positions = await positions_of(session, (r.id for r in requests))
    overdue = overdue or {}
    return [to_item(r, config, position=positions.get(r.id), overdue=overdue.get(r.id)) for r in requests]
