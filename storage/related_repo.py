"""Repository functions for related requests: the texts to index, candidates with their answers, add-ons and
withdrawals, and how often each happened (for reports). Callers own the session and its transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

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


async def requests_with_answers(session: AsyncSession, ids: Sequence[int]) -> list[tuple[Request, str | None]]:
    """The requests with ``ids`` and, for resolved ones, the note of their latest resolution."""
    requests = list((await session.execute(select(Request).where(Request.id.in_(list(ids))))).scalars())
    resolved = [r.id for r in requests if r.status == "resolved"]
    notes: dict[int, str | None] = {}
    if resolved:
        query = (select(OwnershipEventRow.request_id, OwnershipEventRow.note)
                 .where(OwnershipEventRow.request_id.in_(resolved), OwnershipEventRow.kind == "resolved")
                 .order_by(OwnershipEventRow.id))
        for request_id, note in (await session.execute(query)).all():
            notes[int(request_id)] = note
    return [(r, notes.get(r.id)) for r in requests]


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
