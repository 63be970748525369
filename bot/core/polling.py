"""The loop both database-backed workers share (delivery steps, scheduled jobs): poll, wake early, drain."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
import uuid
from typing import Generic, TypeVar

log = logging.getLogger(__name__)
Outcome = TypeVar("Outcome")


def worker_name() -> str:
    """Unique per process, so claims in the database say which replica holds them."""
    return f"{socket.gethostname()}-{uuid.uuid4().hex[:8]}"


class PollingWorker(Generic[Outcome]):
    """Subclasses implement ``run_once``: claim what is due now, do it, return what was attempted."""

    poll_seconds: float = 2.0

    def __init__(self) -> None:
        self._wake = asyncio.Event()
        self.last_pass: float | None = None
        """time.monotonic() of the loop's latest pass; None until run_forever starts (never 0: see /healthz)."""

    def beat(self) -> None:
        self.last_pass = time.monotonic()

    def stalled(self, *, after: float) -> str | None:
        """Why the loop does not look alive (not started, or no pass for ``after`` seconds), or None if it does."""
        if self.last_pass is None:
            return "not running"
        silent = time.monotonic() - self.last_pass
        return f"no pass for {silent:.0f} s" if silent > after else None

    async def run_once(self) -> list[Outcome]:
        raise NotImplementedError

    def wake(self) -> None:
        """Something new is due: skip the rest of the poll interval."""
        self._wake.set()

    async def run_forever(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.beat()
            try:
                done = await self.run_once()
            except Exception:  # the database may be away for a moment; the next pass retries
                log.exception("%s pass failed; trying again", type(self).__name__)
                done = []
            if done:
                continue
            self._wake.clear()
            waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())]
            await asyncio.wait(waiters, timeout=self.poll_seconds, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()

    async def drain(self, max_passes: int = 50) -> list[Outcome]:
        """Run passes until nothing is due at the clock's current time (tests, `rfh retry`)."""
        outcomes: list[Outcome] = []
        for _ in range(max_passes):
            batch = await self.run_once()
            if not batch:
                break
            outcomes += batch
        return outcomes
