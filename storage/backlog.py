"""Read-only counts of the backlog for the metrics page: requests by state, steps by state, unowned requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Request, Step


@dataclass(frozen=True)
class Unowned:
    """An open request nobody owns: the metrics compute its age and whether it is past its claim deadline."""

    team_id: str
    created_at: datetime
    priority_level: int


@dataclass(frozen=True)
class Backlog:
    requests: dict[tuple[str, str], int]
    """(delivery state, status) → count, e.g. ("filed", "open") → 12."""
    steps: dict[str, int]
    """Step state (pending, running, failed) → count; done steps are not counted."""
    unowned: list[Unowned]


async def backlog(session: AsyncSession) -> Backlog:
    by_state = await session.execute(
        select(Request.state, Request.status, func.count()).group_by(Request.state, Request.status))
    steps = await session.execute(
        select(Step.state, func.count()).where(Step.state != "done").group_by(Step.state))
    unowned = await session.execute(
        select(Request.team_id, Request.created_at, Request.priority_level)
        .where(Request.status == "open", Request.owner_id.is_(None)))
    return Backlog(
        requests={(str(state), str(status)): int(n) for state, status, n in by_state},
        steps={str(state): int(n) for state, n in steps},
        unowned=[Unowned(str(team), created, int(level or 0)) for team, created, level in unowned],
    )


async def ping(session: AsyncSession) -> None:
    """One round trip to the database (health checks)."""
    await session.execute(text("SELECT 1"))
