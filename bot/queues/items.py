"""Stored requests → the QueueItems the lists show, with their places on the priorities lists."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.config import RfhConfig
from bot.queues.model import ListPosition, QueueItem
from storage.models import PriorityItem, Request


async def positions_of(session: AsyncSession, request_ids: Iterable[int]) -> dict[int, ListPosition]:
    """Where each of these requests stands on its team's priorities list (absent: not on a list). Positions come
    from the order of ranks at read time, so they are always 1…n without gaps."""
    ids = list(set(request_ids))
    if not ids:
        return {}
    teams = select(PriorityItem.team_id).where(PriorityItem.request_id.in_(ids)).distinct().scalar_subquery()
    numbered = (
        select(PriorityItem.request_id, PriorityItem.team_id,
               func.row_number().over(partition_by=PriorityItem.team_id, order_by=PriorityItem.rank).label("pos"),
               func.count().over(partition_by=PriorityItem.team_id).label("length"))
        .where(PriorityItem.team_id.in_(teams))
        .subquery()
    )
    rows = await session.execute(select(numbered).where(numbered.c.request_id.in_(ids)))
    return {int(r.request_id): ListPosition(str(r.team_id), int(r.pos), int(r.length)) for r in rows}


def to_item(request: Request, config: RfhConfig, position: ListPosition | None = None,
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


async def items_of(session: AsyncSession, requests: Sequence[Request], config: RfhConfig,
                   overdue: dict[int, str] | None = None) -> list[QueueItem]:
    positions = await positions_of(session, (r.id for r in requests))
    overdue = overdue or {}
    return [to_item(r, config, positions.get(r.id), overdue.get(r.id)) for r in requests]
