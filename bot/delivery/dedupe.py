"""Deliveries seen once: Slack retries events, GitHub redelivers webhooks; each source id is acted on once."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.clock import Clock
from storage import repository as repo


async def first_delivery(sessions: async_sessionmaker[AsyncSession], *, clock: Clock,
                         ids: Iterable[tuple[str, object]]) -> bool:
    """True the first time any of these (source, id) pairs is seen; ids that are None or empty are skipped."""
    async with sessions() as session, session.begin():
        for source, delivery_id in ids:
            if delivery_id and not await repo.mark_seen(session, source, str(delivery_id), clock.now()):
                return False
    return True
