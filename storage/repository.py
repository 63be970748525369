"""Repository functions over the models. Callers own the session and its transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, exists, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import OwnershipEventRow, Request, RouteDecision, RouteSource, SeenDelivery, Step

PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"


async def get_request(session: AsyncSession, request_id: int) -> Request | None:
    return await session.get(Request, request_id)


async def lock_request(session: AsyncSession, request_id: int) -> Request | None:
    """Take the request's row lock for the rest of the transaction, then read it: a no-op UPDATE does it on
    PostgreSQL (row lock) and SQLite (write lock) alike, so concurrent changes are decided one after the other. On
    SQLite it also opens the transaction, which its driver otherwise begins only at the first write: a savepoint taken
    before that (``mark_seen``) would commit on its own when released."""
    await session.execute(update(Request).where(Request.id == request_id).values(status=Request.status)
                          .execution_options(synchronize_session=False))
    return await session.get(Request, request_id, populate_existing=True)


async def find_request_by_view(session: AsyncSession, view_id: str) -> Request | None:
    return (await session.execute(select(Request).where(Request.view_id == view_id))).scalar_one_or_none()


async def requests_by_views(session: AsyncSession, view_ids: Sequence[str]) -> list[Request]:
    return list((await session.execute(select(Request).where(Request.view_id.in_(list(view_ids))))).scalars())


async def counts_since(session: AsyncSession, requesters: Sequence[str], since: datetime) -> dict[str, int]:
    """How many requests each of ``requesters`` filed after ``since`` (absent: none)."""
    query = (select(Request.requester_id, func.count()).where(Request.requester_id.in_(list(requesters)),
                                                              Request.created_at > since)
             .group_by(Request.requester_id))
    return {requester: int(n) for requester, n in (await session.execute(query)).all()}


async def find_request_by_thread(session: AsyncSession, channel: str, thread_ts: str) -> Request | None:
    """The request whose team post or origin message starts this thread."""
    query = select(Request).where(
        or_(
            and_(Request.post_channel == channel, Request.post_ts == thread_ts),
            and_(Request.origin_channel == channel, Request.origin_thread_ts == thread_ts),
        )
    )
    return (await session.execute(query.order_by(Request.id.desc()).limit(1))).scalar_one_or_none()


async def add_steps(session: AsyncSession, request: Request, kinds: Sequence[str], now: datetime,
                    *, round_: int | str = 0, payload: dict[str, Any] | None = None) -> list[Step]:
    """Queue steps that run in the given order; ``round_`` keeps later rounds (re-routes, retries) distinct."""
    base = await session.scalar(select(func.coalesce(func.max(Step.seq), -1)).where(Step.request_id == request.id))
    steps = [
        Step(request_id=request.id, kind=kind, dedupe_key=f"{request.id}:{kind}:{round_}", seq=int(base or -1) + 1 + n,
             state=PENDING, attempts=0, next_attempt_at=now, created_at=now, payload=payload or {}, result={})
        for n, kind in enumerate(kinds)
    ]
    session.add_all(steps)
    await session.flush()
    return steps


async def add_first_steps(session: AsyncSession, request: Request, kinds: Sequence[str], now: datetime) -> None:
    """``add_steps`` for a request created in this transaction: no earlier step to number after, and one INSERT
    for all of them (the ORM inserts rows one by one on SQLite), so the write that answers Slack stays short."""
    await add_new_requests_steps(session, [(request, kinds)], now)


async def add_new_requests_steps(session: AsyncSession, plans: Sequence[tuple[Request, Sequence[str]]],
                                 now: datetime) -> None:
    """``add_first_steps`` for several requests created in this transaction, in one INSERT."""
    rows = [{"request_id": request.id, "kind": kind, "dedupe_key": f"{request.id}:{kind}:0", "seq": n,
             "state": PENDING, "attempts": 0, "next_attempt_at": now, "created_at": now, "payload": {}, "result": {}}
            for request, kinds in plans for n, kind in enumerate(kinds)]
    if rows:
        await session.execute(insert(Step), rows)


async def due_step_ids(session: AsyncSession, now: datetime, limit: int) -> list[int]:
    """Pending steps that are due, unclaimed (or whose lease ran out) and whose earlier steps are all done."""
    earlier = aliased(Step)
    blocked = exists().where(earlier.request_id == Step.request_id, earlier.seq < Step.seq, earlier.state != DONE)
    query = (
        select(Step.id)
        .where(Step.state.in_((PENDING, RUNNING)), Step.next_attempt_at <= now, ~blocked,
               or_(Step.claimed_until.is_(None), Step.claimed_until < now))
        .order_by(Step.next_attempt_at, Step.id)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def claim_step(session: AsyncSession, step_id: int, worker: str, now: datetime, lease: timedelta) -> bool:
    """Atomically take a step: only one worker (of any replica) wins the UPDATE."""
    result = await session.execute(
        update(Step)
        .where(Step.id == step_id, Step.state.in_((PENDING, RUNNING)),
               or_(Step.claimed_until.is_(None), Step.claimed_until < now))
        .values(claimed_by=worker, claimed_until=now + lease, state=RUNNING, attempts=Step.attempts + 1,
                # A step still RUNNING here lost its worker mid-call: whether the call took effect is unknown.
                uncertain=case((Step.state == RUNNING, True), else_=Step.uncertain))
        .execution_options(synchronize_session=False)
    )
    return (getattr(result, "rowcount", 0) or 0) == 1


async def pending_steps(session: AsyncSession, request_id: int) -> list[Step]:
    query = select(Step).where(Step.request_id == request_id, Step.state != DONE).order_by(Step.seq)
    return list((await session.execute(query)).scalars())


async def mark_seen(session: AsyncSession, source: str, delivery_id: str, now: datetime) -> bool:
    """Record a delivery id; False when it was seen before (a retry)."""
    try:
        async with session.begin_nested():
            session.add(SeenDelivery(source=source, delivery_id=delivery_id, at=now))
    except IntegrityError:
        return False
    return True


async def add_ownership_event(session: AsyncSession, request: Request, *, kind: str, actor: str, at: datetime,
                              from_user: str | None = None, to_user: str | None = None, note: str | None = None,
                              resolution: str | None = None) -> OwnershipEventRow:
    row = OwnershipEventRow(request_id=request.id, kind=kind, actor=actor, at=at, from_user=from_user,
                            to_user=to_user, note=note, resolution=resolution)
    session.add(row)
    await session.flush()
    return row


async def ownership_events(session: AsyncSession, request_id: int) -> list[OwnershipEventRow]:
    query = select(OwnershipEventRow).where(OwnershipEventRow.request_id == request_id).order_by(OwnershipEventRow.id)
    return list((await session.execute(query)).scalars())


async def add_intake_decisions(session: AsyncSession, decisions: Sequence[tuple[Request, str, str | None]], *,
                               at: datetime) -> None:
    """``add_route_decision`` (source "intake", the requester as actor) for new requests: (request, text, suggested
    team), in one INSERT."""
    if decisions:
        await session.execute(insert(RouteDecision), [
            {"request_id": r.id, "at": at, "text": text, "suggested_team_id": suggested, "chosen_team_id": r.team_id,
             "source": RouteSource.INTAKE, "actor": r.requester_id, "note": None} for r, text, suggested in decisions])


async def add_route_decision(session: AsyncSession, request: Request, *, at: datetime, text: str,
                             suggested: str | None, chosen: str, source: str, actor: str | None = None,
                             note: str | None = None) -> None:
    session.add(RouteDecision(request_id=request.id, at=at, text=text, suggested_team_id=suggested,
                              chosen_team_id=chosen, source=source, actor=actor, note=note))
    await session.flush()


async def training_examples(session: AsyncSession) -> list[tuple[str, str, str | None]]:
    """(text, final team, original suggestion) for every request, for the router's similarity index."""
    query = select(RouteDecision.text, Request.team_id, RouteDecision.suggested_team_id).join(
        Request, Request.id == RouteDecision.request_id).where(RouteDecision.source == RouteSource.INTAKE)
    return [(text, team, suggested) for text, team, suggested in (await session.execute(query)).all()]


async def route_decisions_since(session: AsyncSession, after_id: int) -> list[tuple[int, str, str, str | None]]:
    """(id, text, chosen team, original suggestion) of every routing decision newer than ``after_id``."""
    query = select(RouteDecision.id, RouteDecision.text, RouteDecision.chosen_team_id,
                   RouteDecision.suggested_team_id).where(RouteDecision.id > after_id).order_by(RouteDecision.id)
    return [(int(i), text, chosen, suggested) for i, text, chosen, suggested in (await session.execute(query)).all()]


async def last_route_decision_id(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.coalesce(func.max(RouteDecision.id), 0))) or 0)


async def suggestion_outcomes(session: AsyncSession) -> list[tuple[str | None, str]]:
    """(original suggestion, final team) per request: the prediction log `rfh route --stats` reports on."""
    query = select(RouteDecision.suggested_team_id, Request.team_id).join(
        Request, Request.id == RouteDecision.request_id).where(RouteDecision.source == RouteSource.INTAKE)
    return [(s, t) for s, t in (await session.execute(query)).all()]


async def count_route_decisions(session: AsyncSession, request_id: int) -> int:
    query = select(func.count()).select_from(RouteDecision).where(RouteDecision.request_id == request_id)
    return int(await session.scalar(query) or 0)


async def requests_by_user(session: AsyncSession, *, requester: str | None = None, owner: str | None = None,
                           limit: int = 15) -> list[Request]:
    """A user's requests (as requester, or open ones as owner), newest first."""
    query = select(Request).order_by(Request.id.desc()).limit(limit)
    if requester:
        query = query.where(Request.requester_id == requester)
    if owner:
        query = query.where(Request.owner_id == owner, Request.status == "open")
    return list((await session.execute(query)).scalars())
