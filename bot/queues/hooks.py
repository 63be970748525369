"""What other domains' changes do to the priorities lists: a resolved request leaves its list, a reopened one goes back
last, a re-routed one moves to the new team's list (last). Called inside the caller's transaction, after the
request's row is locked (``bot.queues.priorities``' lock order)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.config import RfhConfig
from bot.queues import priorities as plist
from bot.queues.service import refresh_confirmations
from storage.models import Request


async def after_ownership_event(session: AsyncSession, request: Request, *, config: RfhConfig, kind: str,
                                actor: str, at: datetime, key: str) -> None:
    """``kind`` is the ownership event's kind (``resolved``, ``reopened``, …); ``key`` dedupes the steps it queues."""
    if kind == "resolved":
        moved_up = await plist.remove(session, request, kind=plist.ListEventKind.RESOLVED, actor=actor, now=at)
        await refresh_confirmations(session, moved_up, now=at, key=f"{key}.list")
    elif kind == "reopened":
        await plist.append(session, request, config=config, actor=actor, now=at)


async def after_reroute(session: AsyncSession, request: Request, *, config: RfhConfig, old_team: str, actor: str,
                        at: datetime, key: str) -> None:
    moved_up, _ = await plist.reroute(session, request, config=config, old_team=old_team, actor=actor, now=at)
    await refresh_confirmations(session, moved_up, now=at, key=f"{key}.list")
