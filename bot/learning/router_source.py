"""One router for the live suggestion, `rfh route` and `rfh route --batch`: the config's keywords (and, for the
handbook's teams, the built-in vocabulary), every learned example and every routing decision in the database,
and the stored confidence calibration.

:class:`RouterFeed` reads the database in chunks by id, so a large history never sits in memory as text and the
event loop gets a turn between chunks; later examples and decisions arrive through :meth:`RouterFeed.refresh`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from routing.builtin import vocabulary_for
from routing.calibration import Calibration
from routing.router import Router
from routing.teams import TeamTable
from storage import history
from storage import repository as repo

log = logging.getLogger(__name__)
CHUNK = 500
"""Examples learned per database read (and per turn of the event loop while warming in the background)."""


def make_router(table: TeamTable, routing: Mapping[str, Any] | None) -> Router:
    """A router that has learned nothing yet, for the config's teams and ``[routing]`` table."""
    return Router(table, vocabulary_for(table, routing))


class RouterFeed:
    """Feeds ``router`` from the database: :meth:`start` fixes what the initial load covers (cheap),
    :meth:`load` learns it chunk by chunk, :meth:`refresh` learns whatever was stored after :meth:`start`."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], router: Router):
        self.sessions = sessions
        self.router = router
        self.history_mark = 0
        """Learned examples up to this id are (being) learned."""
        self.decision_mark = 0
        """Routing decisions up to this id are (being) learned."""
        self.loaded = False
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        async with self.sessions() as session:
            self.history_mark = await history.last_example_id(session)
            self.decision_mark = await repo.last_route_decision_id(session)
            curve = await history.latest_calibration(session)
        self.router.calibration = Calibration.from_dict(curve) if curve else None

    async def load(self) -> int:
        """Learn every example and intake decision up to the marks set by :meth:`start`; returns how many."""
        started, learned = time.perf_counter(), 0
        last_history, last_decision = self.history_mark, self.decision_mark
        after = 0
        while after < last_history:
            async with self.sessions() as session:
                rows = await history.examples_after(session, after, limit=CHUNK)
            rows = [r for r in rows if r[0] <= last_history]
            if not rows:
                break
            async with self._lock:
                for _, text, team in rows:
                    self.router.learn(text, team)
            learned, after = learned + len(rows), rows[-1][0]
            await asyncio.sleep(0)
        after = 0
        while True:
            async with self.sessions() as session:
                decisions = await history.intake_decisions_until(session, last_decision, after_id=after, limit=CHUNK)
            if not decisions:
                break
            async with self._lock:
                for _, text, team, suggested in decisions:
                    self.router.learn(text, team, suggested=suggested)
            learned, after = learned + len(decisions), decisions[-1][0]
            await asyncio.sleep(0)
        self.router.compact()
        self.loaded = True
        log.info("router learned %d past requests in %.1f s", learned, time.perf_counter() - started)
        return learned

    async def refresh(self) -> int:
        """Learn what was stored since: new history (`rfh learn` while the bot runs) and every routing decision,
        whichever replica made it (the final team a requester picked, every re-route). Returns how many."""
        learned = 0
        while True:
            async with self._lock:
                async with self.sessions() as session:
                    examples = await history.examples_after(session, self.history_mark, limit=CHUNK)
                for example_id, text, team in examples:
                    self.router.learn(text, team)
                    self.history_mark = example_id
            learned += len(examples)
            if len(examples) < CHUNK:
                break
            await asyncio.sleep(0)
        async with self._lock:
            async with self.sessions() as session:
                decisions = await repo.route_decisions_since(session, self.decision_mark)
                curve = await history.latest_calibration(session)  # `rfh learn` may have fitted a new one
            self.router.calibration = Calibration.from_dict(curve) if curve else None
            for decision_id, text, chosen, suggested in decisions:
                self.router.learn(text, chosen, suggested=suggested)
                self.decision_mark = decision_id
        return learned + len(decisions)


async def load_router(sessions: async_sessionmaker[AsyncSession], table: TeamTable,
                      routing: Mapping[str, Any] | None) -> Router:
    """A router that has learned everything in the database (for the command line)."""
    feed = RouterFeed(sessions, make_router(table, routing))
    await feed.start()
    await feed.load()
    return feed.router
