"""`rfh customers import FILE.csv|toml`, `rfh customers show NAME`, `rfh customers export [--format csv]`."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from bot.core.clock import SystemClock
from bot.customers.files import read_rows, to_csv, to_toml
from bot.customers.rules import FIELDS
from bot.customers.service import CustomerProfiles
from storage.db import make_engine, migrate, session_factory

T = TypeVar("T")
EXIT_USAGE = 2


def _run(database_url: str, work: Callable[[CustomerProfiles], Awaitable[T]]) -> T:
    async def run() -> T:
        engine = make_engine(database_url)
        try:
            await migrate(engine)
            return await work(CustomerProfiles(sessions=session_factory(engine), clock=SystemClock()))
        finally:
            await engine.dispose()

    return asyncio.run(run())


def import_command(database_url: str, file: str, *, actor: str) -> int:
    try:
        rows = read_rows(Path(file))
    except ValueError as exc:
        print(f"rfh: {exc}", file=sys.stderr)
        return EXIT_USAGE

    async def work(customers: CustomerProfiles) -> tuple[int, int, int]:
        created = changed = same = 0
        for row in rows:
            saved = await customers.update(row.name, row.fields, actor=actor, source=f"import {Path(file).name}",
                                           aliases=row.aliases)
            if saved is None or not saved.changed:
                same += 1
            elif saved.created:
                created += 1
            else:
                changed += 1
        return created, changed, same

    created, changed, same = _run(database_url, work)
    print(f"{len(rows)} customers read from {file}: {created} new, {changed} updated, {same} unchanged")
    return 0


def show_command(database_url: str, name: str) -> int:
    found = _run(database_url, lambda customers: customers.history(name))
    if found is None:
        print(f"rfh: no customer profile matches {name!r} (names match regardless of case and accents, and by "
              "alias; `rfh customers export` lists them)", file=sys.stderr)
        return 1
    profile, versions = found
    print(f"{profile.name} (version {profile.version})" + (f", also known as {', '.join(profile.aliases)}"
                                                           if profile.aliases else ""))
    width = max(len(label) for label in FIELDS.values())
    for key, label in FIELDS.items():
        print(f"  {label:<{width}}  {profile.fields.get(key) or '-'}")
    print("History:")
    for v in versions:
        what = "; ".join(f"{FIELDS.get(k, k)}: {c.get('from') or '-'} → {c.get('to')}" for k, c in v.changes.items())
        print(f"  v{v.version} {v.at:%Y-%m-%d %H:%M} UTC by {v.actor} ({v.source}): {what}")
    return 0


def export_command(database_url: str, *, fmt: str) -> int:
    profiles = _run(database_url, lambda customers: customers.export())
    sys.stdout.write(to_csv(profiles) if fmt == "csv" else to_toml(profiles))
    return 0
