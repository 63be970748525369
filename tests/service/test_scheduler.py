"""The durable scheduler on a real database: atomic claims, exactly once across workers, restarts, crashed workers,
retries that do not resend, and jobs that no longer matter."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.core.clock import ManualClock
from bot.core.errors import PermanentDeliveryError, TemporaryDeliveryError
from bot.delivery.scheduler import MAX_ATTEMPTS, Scheduler
from storage import jobs as job_repo
from storage.db import make_engine, session_factory
from storage.models import Job

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)




async def add_jobs(sessions, n: int, *, kind: str = "ping", due: datetime = T0) -> None:
    async with sessions() as session, session.begin():
        for i in range(n):
            assert await job_repo.schedule(session, kind=kind, due_at=due + timedelta(seconds=i), key=f"{kind}:{i}")


async def job_rows(sessions) -> list[Job]:
    async with sessions() as session:
        return list((await session.execute(Job.__table__.select().order_by(Job.id))).all())


def scheduler(sessions, clock, handler, worker_id: str | None = None) -> Scheduler:
    return Scheduler(sessions=sessions, handlers={"ping": handler}, clock=clock, worker_id=worker_id)


async def test_a_job_is_claimed_by_one_update_only(sessions):
    await add_jobs(sessions, 1)
    async with sessions() as session, session.begin():
        assert await job_repo.claim_job(session, 1, "a", T0, timedelta(minutes=5))
    async with sessions() as session, session.begin():
        assert not await job_repo.claim_job(session, 1, "b", T0, timedelta(minutes=5))


async def test_scheduling_the_same_key_twice_keeps_one_job(sessions):
    async with sessions() as session, session.begin():
        assert await job_repo.schedule(session, kind="ping", due_at=T0, key="k")
        assert not await job_repo.schedule(session, kind="ping", due_at=T0 + timedelta(hours=1), key="k")
    assert len(await job_rows(sessions)) == 1


async def test_jobs_wait_for_their_time_and_run_once(sessions):
    clock, ran = ManualClock(T0 - timedelta(minutes=1)), []

    async def handler(job):
        ran.append(job.dedupe_key)
        return "sent"

    await add_jobs(sessions, 3)
    s = scheduler(sessions, clock, handler)
    assert await s.drain() == []
    clock.set(T0 + timedelta(seconds=1))
    assert [o.outcome for o in await s.drain()] == ["sent", "sent"]
    clock.advance(timedelta(hours=1))
    await s.drain()
    assert ran == ["ping:0", "ping:1", "ping:2"]
    assert await s.drain() == []
    assert all(row.done_at is not None and row.outcome == "sent" for row in await job_rows(sessions))


async def test_two_workers_on_one_database_fire_each_job_exactly_once(sessions):
    clock, fired = ManualClock(T0 + timedelta(hours=1)), []

    async def handler(job):
        fired.append(job.id)
        await asyncio.sleep(0.001)  # let the other worker try to claim in between
        return "ok"

    await add_jobs(sessions, 40)
    workers = [scheduler(sessions, clock, handler, worker_id=f"w{i}") for i in range(2)]
    results = await asyncio.gather(*(w.drain() for w in workers))
    assert sorted(fired) == list(range(1, 41))
    assert all(results)  # both took part
    assert {row.claimed_by for row in await job_rows(sessions)} == {"w0", "w1"}


async def test_jobs_survive_a_restart(sessions, database_url):
    await add_jobs(sessions, 2, due=T0 + timedelta(hours=1))
    fired = []

    async def handler(job):
        fired.append(job.dedupe_key)
        return "ok"

    engine = make_engine(database_url)  # a new process: new engine, new scheduler, same database
    try:
        again = scheduler(session_factory(engine), ManualClock(T0 + timedelta(hours=2)), handler)
        await again.drain()
    finally:
        await engine.dispose()
    assert fired == ["ping:0", "ping:1"]


async def test_a_crashed_workers_job_is_taken_over_after_its_lease(sessions):
    await add_jobs(sessions, 1)
    async with sessions() as session, session.begin():
        assert await job_repo.claim_job(session, 1, "dead", T0, timedelta(minutes=5))
    fired = []

    async def handler(job):
        fired.append(job.id)
        return "ok"

    clock = ManualClock(T0 + timedelta(minutes=1))
    s = scheduler(sessions, clock, handler)
    assert await s.drain() == []
    clock.advance(timedelta(minutes=5))
    assert [o.ok for o in await s.drain()] == [True]
    assert fired == [1]


async def test_temporary_failures_retry_later_without_resending_what_went_out(sessions):
    clock, sent, attempts = ManualClock(T0), [], []

    async def handler(job):
        attempts.append(job.attempts)
        done = set((job.payload or {}).get("sent", []))
        for key in ("thread", "dm"):
            if key in done:
                continue
            if key == "dm" and len(attempts) < 2:
                raise TemporaryDeliveryError("Slack answered 503", service="Slack")
            sent.append(key)
            async with sessions() as session, session.begin():
                await job_repo.record_sent(session, job.id, key)
        return "both sent"

    await add_jobs(sessions, 1)
    s = scheduler(sessions, clock, handler)
    [first] = await s.drain()
    assert not first.ok and sent == ["thread"]
    clock.advance(timedelta(minutes=15))
    [second] = await s.drain()
    assert second.outcome == "both sent" and sent == ["thread", "dm"]


async def test_permanent_failures_and_endless_retries_stop(sessions):
    clock = ManualClock(T0)

    async def refused(job):
        raise PermanentDeliveryError("channel_not_found", service="Slack", fix="invite the bot")

    await add_jobs(sessions, 1)
    [outcome] = await scheduler(sessions, clock, refused).drain()
    assert not outcome.ok and "invite the bot" in outcome.outcome

    async def flaky(job):
        raise TemporaryDeliveryError("timeout", service="Slack")

    await add_jobs(sessions, 1, kind="other")
    s = Scheduler(sessions=sessions, handlers={"other": flaky}, clock=clock)
    for _ in range(MAX_ATTEMPTS + 1):
        clock.advance(timedelta(hours=1))
        await s.drain()
    [_, row] = await job_rows(sessions)
    assert row.done_at is not None and row.outcome.startswith("gave up")


async def test_run_forever_stops_on_request_and_runs_its_start_hook(sessions):
    started, clock = [], ManualClock(T0)

    async def on_start():
        started.append(True)

    async def handler(job):
        return "ok"

    s = Scheduler(sessions=sessions, handlers={"ping": handler}, clock=clock, poll_seconds=0.01, on_start=on_start)
    await add_jobs(sessions, 1)
    stop = asyncio.Event()
    task = asyncio.create_task(s.run_forever(stop))
    for _ in range(200):
        if (await job_rows(sessions))[0].done_at:
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(task, 2)
    assert started == [True] and (await job_rows(sessions))[0].done_at is not None
