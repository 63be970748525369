"""The durable step worker on a real database: ordering, retries, permanent failures, exactly-once claims."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.core.clock import ManualClock
from bot.core.errors import PermanentDeliveryError, TemporaryDeliveryError
from bot.delivery.worker import DeliveryWorker, backoff
from storage import repository as repo
from storage.models import Request, Step

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)




async def make_request(sessions, kinds, n=0):
    async with sessions() as session, session.begin():
        request = Request(key=f"k{n}", created_at=T0, requester_id="U1", customer="Acme", customer_slug="acme",
                          request_type="help", severity="minor", summary="s", details={}, team_id="distribution",
                          priority="ce/p2", priority_level=2)
        session.add(request)
        await session.flush()
        await repo.add_steps(session, request, kinds, T0)
        return request.id


async def states(sessions, request_id):
    async with sessions() as session:
        rows = (await session.execute(Step.__table__.select().where(Step.request_id == request_id)
                                      .order_by(Step.seq))).all()
    return [(r.kind, r.state, r.attempts) for r in rows]


def worker(sessions, clock, perform, failures=None, worker_id=None):
    async def on_failure(step, exc, *, permanent):
        if failures is not None:
            failures.append((step.kind, permanent))

    return DeliveryWorker(sessions=sessions, perform=perform, on_failure=on_failure, clock=clock,
                          worker_id=worker_id)


async def test_steps_run_in_order_and_once(sessions):
    clock, done = ManualClock(T0), []

    async def perform(step):
        done.append(step.kind)
        return {"ok": True}

    request_id = await make_request(sessions, ["a", "b", "c"])
    await worker(sessions, clock, perform).drain()
    assert done == ["a", "b", "c"]
    assert await states(sessions, request_id) == [("a", "done", 1), ("b", "done", 1), ("c", "done", 1)]
    assert await worker(sessions, clock, perform).drain() == []


async def test_temporary_failures_back_off_and_block_later_steps(sessions):
    clock, calls = ManualClock(T0), []

    async def perform(step):
        calls.append(step.kind)
        if step.kind == "a" and calls.count("a") < 3:
            raise TemporaryDeliveryError("GitHub answered 502", service="GitHub", uncertain=True)
        return {}

    request_id = await make_request(sessions, ["a", "b"])
    w = worker(sessions, clock, perform)
    await w.drain()
    assert calls == ["a"]
    assert (await states(sessions, request_id))[1] == ("b", "pending", 0)
    clock.advance(timedelta(minutes=20))
    await w.drain()
    clock.advance(timedelta(minutes=20))
    await w.drain()
    assert calls == ["a", "a", "a", "b"]
    async with sessions() as session:
        first = await session.get(Step, 1)
        assert first is not None and first.state == "done"


async def test_permanent_failure_stops_and_reports(sessions):
    clock, failures = ManualClock(T0), []

    async def perform(step):
        raise PermanentDeliveryError("401", service="GitHub", fix="set GITHUB_TOKEN")

    request_id = await make_request(sessions, ["a", "b"])
    w = worker(sessions, clock, perform, failures)
    await w.drain()
    clock.advance(timedelta(hours=2))
    await w.drain()
    assert failures == [("a", True)]
    assert [s[1] for s in await states(sessions, request_id)] == ["failed", "pending"]


async def test_a_crashed_worker_s_lease_expires_and_another_finishes(sessions):
    clock = ManualClock(T0)
    request_id = await make_request(sessions, ["a"])
    async with sessions() as session, session.begin():
        assert await repo.claim_step(session, 1, "dead-worker", T0, timedelta(minutes=2))

    async def perform(step):
        return {}

    w = worker(sessions, clock, perform)
    assert await w.drain() == []
    clock.advance(timedelta(minutes=3))
    assert [o.ok for o in await w.drain()] == [True]
    assert await states(sessions, request_id) == [("a", "done", 2)]


async def test_two_workers_on_one_database_perform_each_step_exactly_once(sessions):
    clock, performed = ManualClock(T0), []

    async def perform(step):
        performed.append(step.id)
        await asyncio.sleep(0.001)
        return {}

    for n in range(30):
        await make_request(sessions, ["a", "b"], n)
    workers = [worker(sessions, clock, perform, worker_id=f"w{i}") for i in range(2)]
    for _ in range(10):
        await asyncio.gather(*(w.drain() for w in workers))
    assert sorted(performed) == list(range(1, 61))


def test_backoff_grows_and_honours_retry_after():
    assert backoff(1) <= 2.0
    assert 64 <= backoff(7) <= 128
    assert backoff(30) <= 600
    assert backoff(1, retry_after=30) == 30


async def test_a_new_requests_steps_are_stored_alike_whether_inserted_one_by_one_or_at_once(sessions):
    kinds = ["file_issue", "post_team", "confirm_requester", "ping_oncall"]
    rows = {}
    for n, add in enumerate((repo.add_steps, repo.add_first_steps)):
        async with sessions() as session, session.begin():
            request = Request(key=f"same{n}", created_at=T0, requester_id="U1", customer="Acme", customer_slug="acme",
                              request_type="help", severity="minor", summary="s", details={}, team_id="distribution",
                              priority="ce/p2", priority_level=2)
            session.add(request)
            await session.flush()
            await add(session, request, kinds, T0)
        async with sessions() as session:
            steps = (await session.execute(Step.__table__.select().where(Step.request_id == request.id)
                                           .order_by(Step.seq))).mappings().all()
        rows[add.__name__] = [{k: (v.replace(f"{request.id}:", "ID:") if k == "dedupe_key" else v)
                               for k, v in step.items() if k not in ("id", "request_id")} for step in steps]
    assert rows["add_first_steps"] == rows["add_steps"]
    assert [r["seq"] for r in rows["add_steps"]] == [0, 1, 2, 3]
