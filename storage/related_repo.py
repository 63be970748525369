"""Repository functions for related requests: the texts to index, candidates with their answers, add-ons and
withdrawals, and how often each happened (for reports). Callers own the session and its transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import IntakeWithdrawal, OwnershipEventRow, Request, RequestAddOn


async def indexed_texts(session: AsyncSession, *, after_id: int) -> list[tuple[int, str]]:
    """(request id, summary + what is needed) of every request newer than ``after_id``, oldest first."""
    query = select(Request.id, Request.summary, Request.details).where(Request.id > after_id).order_by(Request.id)
    rows = (await session.execute(query)).all()
    return [(int(i), "\n".join(p for p in (summary, str((details or {}).get("need") or "")) if p))
            for i, summary, details in rows]


async def last_request_id(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.coalesce(func.max(Request.id), 0))) or 0)


async def requests_with_answers(session: AsyncSession, ids: Sequence[int]) -> list[Any]:
    """The rows the related list shows for ``ids``, each with the note of its latest resolution (None while
    open): one round trip, columns only (this runs on every keystroke the modal reports)."""
    answer = (select(OwnershipEventRow.note)
              .where(OwnershipEventRow.request_id == Request.id, OwnershipEventRow.kind == "resolved")
              .order_by(OwnershipEventRow.id.desc()).limit(1).correlate(Request).scalar_subquery())
    query = select(Request.id, Request.summary, Request.customer, Request.team_id, Request.status,
                   Request.created_at, Request.issue_url, Request.issue_repo, Request.issue_number, Request.owner_id,
                   Request.resolution, Request.requester_id, Request.details, answer.label("answer")
                   ).where(Request.id.in_(list(ids)))
    return list((await session.execute(query)).all())


async def find_addon_by_view(session: AsyncSession, view_id: str) -> RequestAddOn | None:
    return (await session.execute(select(RequestAddOn).where(RequestAddOn.view_id == view_id))).scalar_one_or_none()


async def add_withdrawal(session: AsyncSession, *, view_id: str | None, answered_by: int, requester: str,
                         text: str, at: datetime) -> bool:
    """Record a withdrawal once per modal; False when this modal was already withdrawn."""
    try:
        async with session.begin_nested():
            session.add(IntakeWithdrawal(view_id=view_id, answered_by=answered_by, requester_id=requester,
                                         text=text, created_at=at))
    except IntegrityError:
        return False
    return True


async def intake_counts(session: AsyncSession, *, since: datetime | None = None) -> dict[str, int]:
    """New requests, add-ons and withdrawals after an answer, for reports (add-ons are not new requests)."""

    async def count(model: type[Request] | type[RequestAddOn] | type[IntakeWithdrawal]) -> int:
        query = select(func.count()).select_from(model)
        if since is not None:
            query = query.where(model.created_at >= since)
        return int(await session.scalar(query) or 0)

    return {"new": await count(Request), "addons": await count(RequestAddOn),
            "withdrawn": await count(IntakeWithdrawal)}
