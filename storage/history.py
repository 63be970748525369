"""Repository functions for the routing history: learned examples, import cursors, calibration.

Callers own the session and its transaction. Writes are bulk statements (one INSERT with many rows per batch),
so a 50,000-line import is a few statements, not 50,000 round trips.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import LearnCursor, LearnedExample, Request, RouteDecision, RouteSource, RoutingCalibration

BATCH = 2000


@dataclass(frozen=True, slots=True)
class NewExample:
    key: str
    text_hash: str
    text: str
    team_id: str


@dataclass
class StoreCounts:
    added: int = 0
    updated: int = 0
    """Known ids whose team or text changed."""
    duplicates: int = 0
    """Already stored (same id and content, or the same text under another id or none)."""
    removed: int = 0
    keys: list[str] = field(default_factory=list, repr=False)


async def store_examples(session: AsyncSession, examples: Sequence[NewExample], *, source: str,
                         now: datetime) -> StoreCounts:
    """Insert new examples, update known ids whose team or text changed, skip duplicates."""
    counts = StoreCounts()
    if not examples:
        return counts
    known, hashes = await _stored(session, examples)
    rows: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for e in examples:
        row = {"key": e.key, "text_hash": e.text_hash, "text": e.text, "team_id": e.team_id, "source": source,
               "imported_at": now}
        old = known.get(e.key)
        if old is not None and old != (e.team_id, e.text_hash):
            changed.append(row)
        elif old is not None or e.text_hash in hashes:
            counts.duplicates += 1
        else:
            hashes.add(e.text_hash)
            rows.append(row)
    if changed:
        # A changed example gets a new id (delete + insert), so routers refreshing by id pick up the change.
        await remove_examples(session, [c["key"] for c in changed])
    for batch in (rows, changed):
        for start in range(0, len(batch), BATCH):
            await session.execute(insert(LearnedExample), batch[start:start + BATCH])
    counts.added, counts.updated = len(rows), len(changed)
    return counts


async def _stored(session: AsyncSession, examples: Sequence[NewExample]) -> tuple[dict[str, tuple[str, str]],
                                                                                   set[str]]:
    """(key → (team, text hash) of the stored examples with these keys, stored text hashes among these)."""
    known: dict[str, tuple[str, str]] = {}
    hashes: set[str] = set()
    wanted_keys = list({e.key for e in examples})
    wanted_hashes = list({e.text_hash for e in examples})
    for start in range(0, len(wanted_keys), BATCH):
        query = select(LearnedExample.key, LearnedExample.team_id, LearnedExample.text_hash).where(
            LearnedExample.key.in_(wanted_keys[start:start + BATCH]))
        known.update({k: (team, h) for k, team, h in (await session.execute(query)).all()})
    for start in range(0, len(wanted_hashes), BATCH):
        hash_query = select(LearnedExample.text_hash).where(
            LearnedExample.text_hash.in_(wanted_hashes[start:start + BATCH]))
        hashes.update((await session.execute(hash_query)).scalars())
    return known, hashes


async def remove_examples(session: AsyncSession, keys: Sequence[str]) -> int:
    """Forget examples by key (an issue that lost its team label); returns how many were stored."""
    removed = 0
    for start in range(0, len(keys), BATCH):
        result = await session.execute(
            delete(LearnedExample).where(LearnedExample.key.in_(list(keys[start:start + BATCH]))))
        removed += int(getattr(result, "rowcount", 0) or 0)
    return removed


async def examples_after(session: AsyncSession, after_id: int, *,
                         limit: int = BATCH) -> list[tuple[int, str, str]]:
    """(id, text, team) of learned examples with a larger id, oldest first: read a large history in chunks."""
    query = (select(LearnedExample.id, LearnedExample.text, LearnedExample.team_id)
             .where(LearnedExample.id > after_id).order_by(LearnedExample.id).limit(limit))
    return [(int(i), text, team) for i, text, team in (await session.execute(query)).all()]


async def intake_decisions_until(session: AsyncSession, last_id: int, *, after_id: int = 0,
                                 limit: int = BATCH) -> list[tuple[int, str, str, str | None]]:
    """(decision id, text, final team, original suggestion) of intake decisions in (after_id, last_id]."""
    query = (select(RouteDecision.id, RouteDecision.text, Request.team_id, RouteDecision.suggested_team_id)
             .join(Request, Request.id == RouteDecision.request_id)
             .where(RouteDecision.source == RouteSource.INTAKE, RouteDecision.id > after_id,
                    RouteDecision.id <= last_id)
             .order_by(RouteDecision.id).limit(limit))
    return [(int(i), text, team, s) for i, text, team, s in (await session.execute(query)).all()]


async def last_example_id(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.coalesce(func.max(LearnedExample.id), 0))) or 0)


async def count_examples(session: AsyncSession) -> dict[str, int]:
    """Learned examples per team."""
    query = select(LearnedExample.team_id, func.count()).group_by(LearnedExample.team_id)
    return {team: int(n) for team, n in (await session.execute(query)).all()}


async def get_cursor(session: AsyncSession, source: str) -> LearnCursor | None:
    return await session.get(LearnCursor, source)


async def save_cursor(session: AsyncSession, *, source: str, options: str, since: datetime | None, page: int,
                      done: bool, counts: dict[str, int], now: datetime) -> None:
    cursor = await session.get(LearnCursor, source)
    if cursor is None:
        session.add(LearnCursor(source=source, options=options, since=since, page=page, done=done,
                                counts=dict(counts), updated_at=now))
    else:
        cursor.options, cursor.since, cursor.page, cursor.done = options, since, page, done
        cursor.counts, cursor.updated_at = dict(counts), now
    await session.flush()


async def save_calibration(session: AsyncSession, curve: dict[str, Any], *, examples: int, now: datetime) -> None:
    session.add(RoutingCalibration(fitted_at=now, examples=examples, curve=curve))
    await session.flush()


async def latest_calibration(session: AsyncSession) -> dict[str, Any] | None:
    query = select(RoutingCalibration.curve).order_by(RoutingCalibration.id.desc()).limit(1)
    return (await session.execute(query)).scalar_one_or_none()
