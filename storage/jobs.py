"""Repository functions for the scheduler's ``jobs`` table. Callers own the session and its transaction.

A job is due when ``due_at`` has passed and ``done_at`` is null. Claiming is one conditional UPDATE, so of any number
of workers (in any number of processes) exactly one wins; a claim older than the lease belongs to a worker that died
mid-job and may be taken over.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Job


async def schedule(session: AsyncSession, *, kind: str, due_at: datetime, key: str, request_id: int | None = None,
                   payload: dict[str, Any] | None = None) -> bool:
    """Add a job unless one with ``key`` exists (scheduled earlier, or by another replica): False then."""
    try:
        async with session.begin_nested():
            session.add(Job(kind=kind, request_id=request_id, due_at=due_at, dedupe_key=key, payload=payload or {},
                            attempts=0))
    except IntegrityError:
        return False
    return True


def _claimable(now: datetime, lease: timedelta) -> Any:
    return or_(Job.claimed_by.is_(None), Job.claimed_at < now - lease)


async def due_job_ids(session: AsyncSession, now: datetime, lease: timedelta, limit: int) -> list[int]:
    query = (
        select(Job.id)
        .where(Job.done_at.is_(None), Job.due_at <= now, _claimable(now, lease))
        .order_by(Job.due_at, Job.id)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def claim_job(session: AsyncSession, job_id: int, worker: str, now: datetime, lease: timedelta) -> bool:
    """Take a due job: only one worker's UPDATE matches (``claimed_by IS NULL``, or a lease that ran out)."""
    result = await session.execute(
        update(Job)
        .where(Job.id == job_id, Job.done_at.is_(None), Job.due_at <= now, _claimable(now, lease))
        .values(claimed_by=worker, claimed_at=now, attempts=Job.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return (getattr(result, "rowcount", 0) or 0) == 1


async def finish_job(session: AsyncSession, job_id: int, worker: str, now: datetime, outcome: str) -> None:
    await session.execute(
        update(Job).where(Job.id == job_id, Job.claimed_by == worker)
        .values(done_at=now, outcome=outcome[:2000]).execution_options(synchronize_session=False)
    )


async def retry_job(session: AsyncSession, job_id: int, worker: str, due_at: datetime, error: str) -> None:
    """Hand the job back for a later attempt."""
    await session.execute(
        update(Job).where(Job.id == job_id, Job.claimed_by == worker)
        .values(claimed_by=None, claimed_at=None, due_at=due_at, outcome=f"retrying: {error}"[:2000])
        .execution_options(synchronize_session=False)
    )


async def record_sent(session: AsyncSession, job_id: int, key: str) -> None:
    """Remember that one message of a multi-message job went out, so a retry does not send it again."""
    job = await session.get(Job, job_id)
    if job is not None:
        sent = list((job.payload or {}).get("sent") or [])
        job.payload = {**(job.payload or {}), "sent": [*sent, key]}

