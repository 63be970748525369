"""Group commit for submissions: the ones that arrive while a transaction is being written go into the next one.

Every submission must be stored before Slack is answered (3 s). One transaction per submission made 50 concurrent
submissions queue behind each other for the database (SQLite takes one writer at a time, and each transaction held it
for ~20 ms of event-loop turns on a busy process): the p99 answer took ~2-3 s. Written together, a batch costs a few
statements whatever its size, so the wait for the database stays that of about one transaction.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.intake.service import Outcome, Submission, Submitted, TooManyRequests, store
from storage.write_gate import urgent_writes

MAX_BATCH = 100
"""A bound on one transaction's size (and on what one failure sends back to be submitted again)."""


class IntakeWriter:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, clock: Clock):
        self.sessions, self.config, self.clock = sessions, config, clock
        self._queue: list[tuple[Submission, asyncio.Future[Outcome]]] = []
        self._writing: asyncio.Task[None] | None = None

    async def submit(self, submission: Submission) -> Submitted:
        """Store ``submission`` (with those queued beside it); raises ``TooManyRequests``, or the database's error
        when the transaction failed (then nothing of it was stored)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Outcome] = loop.create_future()
        self._queue.append((submission, future))
        if self._writing is None or self._writing.done():
            self._writing = loop.create_task(self._drain())
        outcome = await future
        if isinstance(outcome, TooManyRequests):
            raise outcome
        return outcome

    async def _drain(self) -> None:
        while self._queue:
            batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
            try:
                with urgent_writes():  # ahead of the delivery worker's writes waiting for SQLite
                    outcomes = await store(sessions=self.sessions, config=self.config, clock=self.clock,
                                           submissions=[s for s, _ in batch])
            except BaseException as exc:  # each waiting listener answers for its own submission
                _settle([f for _, f in batch], exc)
                if not isinstance(exc, Exception):
                    _settle([f for _, f in self._queue], exc)
                    self._queue = []
                    raise
                continue
            for (_, future), outcome in zip(batch, outcomes, strict=True):
                if not future.done():
                    future.set_result(outcome)


def _settle(futures: Sequence[asyncio.Future[Outcome]], exc: BaseException) -> None:
    for future in futures:
        if not future.done():
            if isinstance(exc, Exception):
                future.set_exception(exc)
            else:
                future.cancel()
