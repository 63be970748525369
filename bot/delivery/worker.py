"""The durable step worker: claims due steps atomically, performs them, retries with backoff, survives restarts."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.clock import Clock
from bot.core.errors import PermanentDeliveryError, TemporaryDeliveryError
from bot.core.logcontext import log_context, rfh_id
from bot.core.polling import PollingWorker, worker_name
from storage import repository as repo
from storage.models import Step

log = logging.getLogger(__name__)

BACKOFF_BASE_SECONDS = 2.0
BACKOFF_CAP_SECONDS = 600.0


@dataclass(frozen=True)
class StepOutcome:
    step_id: int
    kind: str
    ok: bool
    error: str | None = None


Perform = Callable[[Step], Awaitable[dict[str, Any]]]
class OnFailure(Protocol):
    """Told of a failed attempt: ``permanent`` when a person must fix something before it can succeed."""

    def __call__(self, step: Step, exc: Exception, *, permanent: bool) -> Awaitable[None]: ...


def backoff(attempts: int, retry_after: float | None = None) -> float:
    """Exponential backoff with full jitter, never shorter than the service's Retry-After."""
    delay = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, attempts - 1))
    delay = delay / 2 + random.uniform(0, delay / 2)
    return float(max(delay, retry_after or 0.0))


class DeliveryWorker(PollingWorker[StepOutcome]):
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], perform: Perform, on_failure: OnFailure,
                 clock: Clock, poll_seconds: float = 2.0, lease: timedelta = timedelta(minutes=2),
                 concurrency: int = 8, worker_id: str | None = None,
                 observe: Callable[[StepOutcome], None] | None = None):
        self.sessions = sessions
        self.observe = observe
        self.perform = perform
        self.on_failure = on_failure
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.lease = lease
        self.concurrency = concurrency
        self.worker_id = worker_id or worker_name()
        super().__init__()

    async def run_once(self) -> list[StepOutcome]:
        """Claim and perform the steps that are due now; returns what was attempted."""
        claimed = await self._claim(self.concurrency)
        return list(await asyncio.gather(*(self._run(step_id) for step_id in claimed)))

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Keep up to ``concurrency`` steps in flight; a slow step (a paced post, a GitHub wait) holds one slot,
        not the whole batch. On stop, the steps in flight finish before returning."""
        in_flight: set[asyncio.Task[StepOutcome]] = set()
        while not stop.is_set():
            self.beat()
            free = self.concurrency - len(in_flight)
            try:
                claimed = await self._claim(free) if free > 0 else []
            except Exception:  # the database may be away for a moment; the next pass retries
                log.exception("claiming due steps failed; trying again")
                claimed = []
            in_flight |= {asyncio.create_task(self._run(step_id)) for step_id in claimed}
            if claimed and len(in_flight) < self.concurrency:
                continue
            self._wake.clear()
            waiters = {asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())}
            done, _ = await asyncio.wait(in_flight | waiters, timeout=self.poll_seconds,
                                         return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
            for task in done & in_flight:
                if not task.cancelled() and task.exception() is not None:
                    # e.g. the database went away while recording the outcome; the lease expires, a pass retries
                    log.error("a delivery step failed outside its handler", exc_info=task.exception())
            in_flight -= done
        if in_flight:
            await asyncio.wait(in_flight)

    async def _claim(self, limit: int) -> list[int]:
        now = self.clock.now()
        async with self.sessions() as session:
            candidates = await repo.due_step_ids(session, now, limit * 2)
        claimed: list[int] = []
        for step_id in candidates:
            async with self.sessions() as session, session.begin():
                if await repo.claim_step(session, step_id, self.worker_id, now, self.lease):
                    claimed.append(step_id)
            if len(claimed) >= limit:
                break
        return claimed

    async def _run(self, step_id: int) -> StepOutcome:
        outcome = await self._attempt(step_id)
        if self.observe is not None:
            self.observe(outcome)
        return outcome

    async def _attempt(self, step_id: int) -> StepOutcome:
        async with self.sessions() as session:
            step = await session.get(Step, step_id)
        assert step is not None
        with log_context(rfh=rfh_id(step.request_id), step=step.kind):
            return await self._perform(step)

    async def _perform(self, step: Step) -> StepOutcome:
        try:
            result = await self.perform(step)
        except TemporaryDeliveryError as exc:
            await self._retry_later(step, exc)
            await self.on_failure(step, exc, permanent=False)
            return StepOutcome(step.id, step.kind, ok=False, error=str(exc))
        except PermanentDeliveryError as exc:
            await self._give_up(step, exc)
            await self.on_failure(step, exc, permanent=True)
            return StepOutcome(step.id, step.kind, ok=False, error=str(exc))
        except Exception as exc:  # a bug in a step must not kill the worker; retry it like a temporary failure
            log.exception("step %s (%s) of request %s crashed", step.id, step.kind, step.request_id)
            # The crash may have come after the outside call took effect (the issue created, then the database
            # write failed): the retry must look before acting again.
            await self._retry_later(step, TemporaryDeliveryError(f"internal error: {exc!r}", service="rfh",
                                                                 uncertain=True))
            return StepOutcome(step.id, step.kind, ok=False, error=repr(exc))
        await self._finish(step, result)
        return StepOutcome(step.id, step.kind, ok=True)

    async def _finish(self, step: Step, result: dict[str, Any]) -> None:
        async with self.sessions() as session, session.begin():
            row = await session.get(Step, step.id)
            assert row is not None
            row.state, row.result, row.done_at = repo.DONE, result, self.clock.now()
            row.claimed_by, row.claimed_until, row.last_error, row.uncertain = None, None, None, False

    async def _retry_later(self, step: Step, exc: TemporaryDeliveryError) -> None:
        delay = backoff(step.attempts + 1, exc.retry_after)
        log.warning("step %s (%s) of request %s: %s; retrying in %.1fs", step.id, step.kind, step.request_id,
                    exc, delay)
        async with self.sessions() as session, session.begin():
            row = await session.get(Step, step.id)
            assert row is not None
            row.state, row.last_error = repo.PENDING, str(exc)
            row.uncertain = row.uncertain or exc.uncertain
            row.next_attempt_at = self.clock.now() + timedelta(seconds=delay)
            row.claimed_by, row.claimed_until = None, None

    async def _give_up(self, step: Step, exc: PermanentDeliveryError) -> None:
        log.error("step %s (%s) of request %s needs attention: %s (fix: %s)", step.id, step.kind, step.request_id,
                  exc, exc.fix)
        async with self.sessions() as session, session.begin():
            row = await session.get(Step, step.id)
            assert row is not None
            row.state, row.last_error = repo.FAILED, f"{exc} (fix: {exc.fix})"
            row.claimed_by, row.claimed_until = None, None
