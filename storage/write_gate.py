"""One SQLite writer at a time in this process, first come first served.

SQLite lets one connection write at a time; the others wait in its busy handler, which polls with sleeps of up to
100 ms and lets a late-comer take the lock before an early one. With 50 submissions in flight the first INSERT of a
transaction waited up to 9 s (median 4 ms): the submissions it held back missed Slack's 3-s deadline. Queueing
the transactions of this process on an asyncio lock hands the database from one writer to the next at once, in
arrival order, the submissions' writes (``urgent_writes``) first. Other processes (another replica, `rfh retry`)
still meet the busy timeout, as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections import deque
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, AsyncSessionTransaction

_URGENT: ContextVar[bool] = ContextVar("rfh_urgent_write", default=False)


@contextlib.contextmanager
def urgent_writes() -> Iterator[None]:
    """The transactions begun inside go ahead of every other waiting writer of the process (the write that answers
    Slack's 3-s deadline, ahead of the delivery worker's bookkeeping); among themselves in arrival order."""
    token = _URGENT.set(True)
    try:
        yield
    finally:
        _URGENT.reset(token)


class WriteGate:
    """A lock held for the whole of each ``session.begin()`` block, handed to the next waiter in arrival order, urgent
    ones first. Re-entrant within a task, so code that opens a second session inside a transaction behaves as it did
    before: it waits on SQLite's lock, not on this one."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self._held = False
        self._waiting: tuple[deque[asyncio.Future[None]], deque[asyncio.Future[None]]] = (deque(), deque())
        self._owner: asyncio.Task[Any] | None = None
        self._depth = 0

    async def acquire(self) -> None:
        task = asyncio.current_task()
        if task is not None and task is self._owner:
            self._depth += 1
            return
        if self._held:
            await self._wait(self._waiting[0] if _URGENT.get() else self._waiting[1])
        self._held = True
        self._owner, self._depth = task, 1

    async def _wait(self, queue: deque[asyncio.Future[None]]) -> None:
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue.append(turn)
        try:
            async with asyncio.timeout(self.timeout):
                await turn
        except BaseException as exc:
            if turn.done() and not turn.cancelled():  # handed the gate as it gave up: pass it on
                self._hand_on()
            else:
                turn.cancel()  # skipped when its turn comes
            if isinstance(exc, TimeoutError):  # what SQLite itself says once its busy timeout runs out
                raise OperationalError("BEGIN", None, sqlite3.OperationalError("database is locked")) from None
            raise

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._owner = None
            self._hand_on()

    def _hand_on(self) -> None:
        for queue in self._waiting:
            while queue:
                turn = queue.popleft()
                if not turn.done():
                    turn.set_result(None)  # the gate stays held: it passes to that waiter
                    return
        self._held = False


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
