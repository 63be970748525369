"""The customer profiles a submission looks up come from an in-memory snapshot (bot/customers/snapshot.py) that is
fresh for a minute, counted from its load: never from boot (monotonic time starts near zero)."""

from __future__ import annotations

import asyncio

from bot.customers.rules import Profile
from bot.customers.snapshot import FRESH_SECONDS, ProfileSnapshot

INITECH = Profile(name="Initech", fields={"deployment": "Helm"}, aliases=("Initech Corp",), version=2)


class Database:
    def __init__(self) -> None:
        self.rows: list[tuple[str, Profile]] = [("initech", INITECH), ("initech corp", INITECH)]
        self.loads = 0
        self.gate: asyncio.Event | None = None
        self.fail = False

    async def load(self) -> list[tuple[str, Profile]]:
        self.loads += 1
        rows = list(self.rows)
        if self.gate is not None:
            await self.gate.wait()
        if self.fail:
            raise ConnectionError("database away")
        return rows


async def test_a_snapshot_never_loaded_is_stale_even_at_boot_and_a_load_makes_it_fresh_for_a_minute():
    now = [0.0]  # monotonic time on a machine that has just booted
    db = Database()
    snapshot = ProfileSnapshot(db.load, clock=lambda: now[0])
    assert not snapshot.fresh()
    snapshot.reload_soon()
    snapshot.reload_soon()  # one load at a time
    await asyncio.sleep(0.01)
    assert db.loads == 1 and snapshot.fresh()
    assert snapshot.get("initech corp") == INITECH and snapshot.get("globex") is None
    now[0] = FRESH_SECONDS - 1
    assert snapshot.fresh()
    now[0] = FRESH_SECONDS + 0.5
    assert not snapshot.fresh()


async def test_this_processs_changes_are_in_it_at_once_even_while_a_load_reads_older_rows():
    now = [100.0]
    db = Database()
    snapshot = ProfileSnapshot(db.load, clock=lambda: now[0])
    db.gate = asyncio.Event()
    snapshot.reload_soon()
    await asyncio.sleep(0.01)  # the load has read its rows and waits
    globex = Profile(name="Globex", fields={"deployment": "Docker Compose"}, aliases=("Globex Corp",), version=1)
    snapshot.changed(globex)
    db.gate.set()
    await asyncio.sleep(0.01)
    assert snapshot.fresh()
    assert snapshot.get("globex") == globex and snapshot.get("globex corp") == globex
    assert snapshot.get("initech") == INITECH


async def test_a_failed_load_leaves_it_stale_so_look_ups_keep_asking_the_database():
    db = Database()
    db.fail = True
    snapshot = ProfileSnapshot(db.load, clock=lambda: 5.0)
    snapshot.reload_soon()
    await asyncio.sleep(0.01)
    assert not snapshot.fresh()
    db.fail = False
    snapshot.reload_soon()
    await asyncio.sleep(0.01)
    assert snapshot.fresh()
