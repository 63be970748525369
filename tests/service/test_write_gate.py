"""SQLite writers of one process take turns in arrival order, without deadlocking code that nests sessions."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from storage import repository as repo
from storage.models import SeenDelivery
from storage.write_gate import WriteGate, urgent_writes

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def sqlite_only(database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("the gate is for SQLite; PostgreSQL writers lock rows, not the database")


async def test_concurrent_transactions_commit_in_the_order_they_began(sessions, database_url):
    sqlite_only(database_url)
    committed: list[int] = []

    async def write(i: int) -> None:
        async with sessions() as session, session.begin():
            await repo.mark_seen(session, "order", f"d{i}", NOW)
            await asyncio.sleep(0.001 * (i % 3))  # interleave: without the gate, later ones could commit first
            await repo.mark_seen(session, "order", f"d{i}-again", NOW)
        committed.append(i)

    await asyncio.gather(*(write(i) for i in range(30)))
    assert committed == list(range(30))
    async with sessions() as session:
        assert len((await session.execute(select(SeenDelivery))).all()) == 60


async def test_a_session_opened_inside_a_transaction_by_the_same_task_does_not_wait_for_itself(sessions, database_url):
    sqlite_only(database_url)
    async with asyncio.timeout(5):
        async with sessions() as outer, outer.begin():
            async with sessions() as inner, inner.begin():
                await repo.mark_seen(inner, "nested", "inner", NOW)
            await repo.mark_seen(outer, "nested", "outer", NOW)
    async with sessions() as session:
        assert len((await session.execute(select(SeenDelivery))).all()) == 2


async def test_a_writer_that_cannot_get_its_turn_gets_sqlites_own_error():
    gate = WriteGate(timeout=0.05)
    await gate.acquire()
    waiting = asyncio.create_task(gate.acquire())
    with pytest.raises(OperationalError, match="database is locked"):
        await waiting
    gate.release()
    await asyncio.wait_for(gate.acquire(), 1)  # the timed-out waiter left no trace: the gate is free again
    gate.release()


async def test_urgent_writers_go_ahead_of_waiting_ones_and_each_kind_keeps_its_order():
    gate = WriteGate(timeout=5)
    order: list[str] = []

    async def write(name: str, *, urgent: bool) -> None:
        if urgent:
            with urgent_writes():
                await gate.acquire()
        else:
            await gate.acquire()
        order.append(name)
        await asyncio.sleep(0)
        gate.release()

    await gate.acquire()  # held: everyone below queues
    tasks = [asyncio.create_task(write(name, urgent=name.startswith("u")))
             for name in ("w1", "u1", "w2", "u2", "w3")]
    await asyncio.sleep(0.01)
    gate.release()
    await asyncio.wait_for(asyncio.gather(*tasks), 5)
    assert order == ["u1", "u2", "w1", "w2", "w3"]


async def test_a_waiter_cancelled_or_timed_out_never_keeps_the_gate():
    gate = WriteGate(timeout=0.2)
    await gate.acquire()
    cancelled = asyncio.create_task(gate.acquire())
    later = asyncio.create_task(gate.acquire())
    await asyncio.sleep(0.01)
    cancelled.cancel()
    gate.release()
    await asyncio.wait_for(later, 1)  # the cancelled waiter's turn was skipped
    gate.release()
    await asyncio.wait_for(gate.acquire(), 1)  # and the gate is free again once released
    gate.release()
