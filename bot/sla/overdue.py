"""Which open requests are overdue, by the daily digest's rules: unowned past the claim SLA, an owner quiet past the
stale SLA, or past the needed-by date (``bot.sla``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.config import RfhConfig
from bot.sla.timers import Timers
from storage.models import OwnershipEventRow, Request

UNOWNED_AGAIN = ("released", "declined", "reopened")


async def overdue_reasons(session: AsyncSession, requests: Sequence[Request], *, config: RfhConfig,
                          now: datetime) -> dict[int, str]:
    """Request id → why it is overdue, for the open ones among ``requests`` that are."""
    timers = Timers(config)
    unowned = [r.id for r in requests if r.status == "open" and not r.owner_id]
    since = await _unowned_since(session, unowned)
    reasons: dict[int, str] = {}
    for request in requests:
        if request.status != "open" or config.teams.get(request.team_id) is None:
            continue
        why = _why(request, timers, since.get(request.id) or request.created_at, now)
        if why:
            reasons[request.id] = why
    return reasons


def _why(request: Request, timers: Timers, unowned_since: datetime, now: datetime) -> str | None:
    if not request.owner_id:
        deadline = timers.claim_deadline(request, unowned_since)
        if deadline is not None and now > deadline:
            return "unclaimed past its claim SLA"
    else:
        due = timers.stale_due(request, None)
        if due is not None and now >= due:
            return "owner quiet past its SLA"
    needed_by = (request.details or {}).get("needed_by")
    today = now.astimezone(timers.hours(request).tz).date().isoformat()
    if needed_by and str(needed_by) < today:
        return f"past its needed-by date ({needed_by})"
    return None


async def _unowned_since(session: AsyncSession, request_ids: list[int]) -> dict[int, datetime]:
    """When each request last became unowned again (a release, decline or reopen), if it did."""
    if not request_ids:
        return {}
    query = (select(OwnershipEventRow.request_id, func.max(OwnershipEventRow.at))
             .where(OwnershipEventRow.request_id.in_(request_ids), OwnershipEventRow.kind.in_(UNOWNED_AGAIN))
             .group_by(OwnershipEventRow.request_id))
    return {int(r): at for r, at in (await session.execute(query)).all()}
