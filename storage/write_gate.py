"""One SQLite writer at a time in this process, first come first served.

SQLite lets one connection write at a time; the others wait in its busy handler, which polls with sleeps of up to
100 ms and lets a late-comer take the lock before an early one. With 50 submissions in flight the first INSERT of a
transaction waited up to 9 s (median 4 ms): the submissions it held back missed Slack's 3-s deadline. Queueing
the transactions of this process on an asyncio lock hands the database from one writer to the next at once, in
arrival order. Other processes (another replica, `rfh retry`) still meet the busy timeout, as before.
"""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, AsyncSessionTransaction


class WriteGate:
    """A lock held for the whole of each ``session.begin()`` block. Re-entrant within a task, so code that opens
    a second session inside a transaction behaves as it did before: it waits on SQLite's lock, not on this one."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[Any] | None = None
        self._depth = 0

    async def acquire(self) -> None:
        task = asyncio.current_task()
        if task is not None and task is self._owner:
            self._depth += 1
            return
        try:
            async with asyncio.timeout(self.timeout):
                await self._lock.acquire()
        except TimeoutError:  # what SQLite itself says once its busy timeout runs out
            raise OperationalError("BEGIN", None, sqlite3.OperationalError("database is locked")) from None
        self._owner, self._depth = task, 1

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._owner = None
            self._lock.release()


class _GatedTransaction(AsyncSessionTransaction):
    __slots__ = ()

    async def start(self, is_ctxmanager: bool = False) -> AsyncSessionTransaction:
        if not is_ctxmanager:  # a bare `await session.begin()` has no end to release at: left as it was
            return await super().start(is_ctxmanager)
        gate = self.session.write_gate  # type: ignore[attr-defined]
        await gate.acquire()
        try:
            return await super().start(is_ctxmanager)
        except BaseException:
            gate.release()
            raise

    async def __aexit__(self, type_: Any, value: Any, traceback: Any) -> None:
        try:
            await super().__aexit__(type_, value, traceback)
        finally:
            self.session.write_gate.release()  # type: ignore[attr-defined]


def gated_session_class(gate: WriteGate) -> type[AsyncSession]:
    """An AsyncSession whose ``begin()`` blocks take turns through ``gate``."""

    class GatedSession(AsyncSession):
        write_gate = gate

        def begin(self) -> AsyncSessionTransaction:
            return _GatedTransaction(self)

    return GatedSession
