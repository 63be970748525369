"""`rfh learn --evaluate`: cross-validate the router on the stored history, per team, and store the confidence
calibration the live router then uses."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.learning.router_source import make_router
from routing.evaluation import Evaluation, cross_validate
from routing.router import Router
from routing.teams import TeamTable
from storage import history
from storage import repository as repo


async def stored_examples(sessions: async_sessionmaker[AsyncSession], teams: set[str]) -> list[tuple[str, str]]:
    """(text, team) of every learned example and every routed request, for teams the config still has."""
    out: list[tuple[str, str]] = []
    after = 0
    async with sessions() as session:
        while True:
            rows = await history.examples_after(session, after)
            if not rows:
                break
            out.extend((text, team) for _, text, team in rows if team in teams)
            after = rows[-1][0]
        out.extend((text, team) for text, team, _ in await repo.training_examples(session) if team in teams)
    return out


async def evaluate_history(sessions: async_sessionmaker[AsyncSession], table: TeamTable,
                           routing: Mapping[str, Any] | None, *, now: datetime, folds: int = 5,
                           max_evaluated: int = 2000, save: bool = True) -> Evaluation:
    """Cross-validate on the stored history; store the fitted calibration (when there is enough history)."""
    examples = await stored_examples(sessions, set(table.ids))

    def fresh() -> Router:
        return make_router(table, routing)

    result = await asyncio.to_thread(cross_validate, fresh, examples, folds=folds, max_evaluated=max_evaluated)
    if save and result.calibration is not None:
        async with sessions() as session, session.begin():
            await history.save_calibration(session, result.calibration.to_dict(), examples=len(result.outcomes),
                                           now=now)
    return result
