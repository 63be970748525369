"""The durable scheduler: due jobs live in the ``jobs`` table; a worker loop claims each one atomically and runs it.

Any number of workers (replicas of the bot) may poll the same database: ``storage.jobs.claim_job`` is one conditional
UPDATE that exactly one of them wins, so a reminder is never sent twice. Jobs survive restarts because they are rows;
a job whose worker died mid-run is taken over once its lease runs out. Handlers decide at run time whether the job
still matters (a re-ping for a request claimed in the meantime does nothing). Time comes from the injected clock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.clock import Clock
from bot.core.errors import PermanentDeliveryError, TemporaryDeliveryError
from bot.core.logcontext import log_context, rfh_id
from bot.core.polling import PollingWorker, worker_name
from bot.delivery.worker import backoff
from storage import jobs as job_repo
from storage.models import Job

log = logging.getLogger(__name__)

JobHandler = Callable[[Job], Awaitable[str]]
"""Runs one job and returns a short outcome for the ``jobs.outcome`` column; raises TemporaryDeliveryError to retry."""
MAX_ATTEMPTS = 12  # about a day of backoff (capped at 10 min): a reminder that old is not worth sending


@dataclass(frozen=True)
class JobOutcome:
    job_id: int
    kind: str
    outcome: str
    ok: bool = True


class Scheduler(PollingWorker[JobOutcome]):
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], handlers: Mapping[str, JobHandler],
                 clock: Clock, poll_seconds: float = 5.0, lease: timedelta = timedelta(minutes=5), batch: int = 20,
                 worker_id: str | None = None, on_start: Callable[[], Awaitable[None]] | None = None):
        self.sessions, self.handlers, self.clock = sessions, dict(handlers), clock
        self.poll_seconds, self.lease, self.batch = poll_seconds, lease, batch
        self.worker_id = worker_id or worker_name()
        self.on_start = on_start
        super().__init__()

    async def run_forever(self, stop: asyncio.Event) -> None:
        self.beat()
        if self.on_start is not None:
            try:
                await self.on_start()
            except Exception:
                log.exception("scheduling the recurring jobs failed; reminders still run, digests may be missing")
        await super().run_forever(stop)

    async def run_once(self) -> list[JobOutcome]:
        """Claim and run every job due now (up to ``batch``), one after the other."""
        now = self.clock.now()
        async with self.sessions() as session:
            candidates = await job_repo.due_job_ids(session, now, self.lease, self.batch)
        outcomes: list[JobOutcome] = []
        for job_id in candidates:
            async with self.sessions() as session, session.begin():
                won = await job_repo.claim_job(session, job_id, self.worker_id, now, self.lease)
            if won:
                outcomes.append(await self._run(job_id))
        return outcomes

    async def _run(self, job_id: int) -> JobOutcome:
        async with self.sessions() as session:
            job = await session.get(Job, job_id)
        assert job is not None
        handler = self.handlers.get(job.kind)
        if handler is None:
            return await self._finish(job, f"no handler for {job.kind!r}", ok=False)
        with log_context(rfh=rfh_id(job.request_id), job=job.kind):
            return await self._run_handler(job, handler)

    async def _run_handler(self, job: Job, handler: JobHandler) -> JobOutcome:
        try:
            outcome = await handler(job)
        except TemporaryDeliveryError as exc:
            return await self._retry(job, exc, exc.retry_after)
        except PermanentDeliveryError as exc:
            log.error("job %s (%s) failed: %s (fix: %s)", job.id, job.kind, exc, exc.fix)
            return await self._finish(job, f"failed: {exc} (fix: {exc.fix})", ok=False)
        except Exception as exc:  # a bug in one handler must not stop the others
            log.exception("job %s (%s) crashed", job.id, job.kind)
            return await self._retry(job, exc, None)
        return await self._finish(job, outcome)

    async def _finish(self, job: Job, outcome: str, ok: bool = True) -> JobOutcome:
        async with self.sessions() as session, session.begin():
            await job_repo.finish_job(session, job.id, self.worker_id, self.clock.now(), outcome)
        return JobOutcome(job.id, job.kind, outcome, ok)

    async def _retry(self, job: Job, exc: Exception, retry_after: float | None) -> JobOutcome:
        if job.attempts >= MAX_ATTEMPTS:
            log.error("job %s (%s) gave up after %d attempts: %s", job.id, job.kind, job.attempts, exc)
            return await self._finish(job, f"gave up after {job.attempts} attempts: {exc}", ok=False)
        delay = backoff(job.attempts, retry_after)
        log.warning("job %s (%s): %s; retrying in %.0fs", job.id, job.kind, exc, delay)
        async with self.sessions() as session, session.begin():
            await job_repo.retry_job(session, job.id, self.worker_id, self.clock.now() + timedelta(seconds=delay),
                                     str(exc))
        return JobOutcome(job.id, job.kind, f"retrying: {exc}", ok=False)
