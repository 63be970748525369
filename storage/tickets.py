"""Repository functions for the support desk's ticket counts. Callers own the session and its transaction."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import TicketCount


class OverlappingCount(ValueError):
    """A count for a period that overlaps another recorded period (a week and a day of it, say)."""


async def record_count(session: AsyncSession, *, start: date, end: date, count: int, source: str,
                       at: datetime) -> bool:
    """Store the count for [start, end), replacing one recorded for exactly that period (True then)."""
    query = select(TicketCount).where(TicketCount.period_start < end, TicketCount.period_end > start)
    found = list((await session.execute(query)).scalars())
    same = [row for row in found if row.period_start == start and row.period_end == end]
    others = [row for row in found if row not in same]
    if others:
        other = others[0]
        raise OverlappingCount(f"{_span(start, end)} overlaps the count of {other.count} recorded for "
                               f"{_span(other.period_start, other.period_end)}")
    if same:
        same[0].count, same[0].source, same[0].recorded_at = count, source, at
    else:
        session.add(TicketCount(period_start=start, period_end=end, count=count, source=source, recorded_at=at))
    await session.flush()
    return bool(same)


async def all_counts(session: AsyncSession) -> list[TicketCount]:
    return list((await session.execute(select(TicketCount).order_by(TicketCount.period_start))).scalars())


def _span(start: date, end: date) -> str:
    last = end - timedelta(days=1)
    return start.isoformat() if last == start else f"{start.isoformat()} to {last.isoformat()}"
