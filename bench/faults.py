"""Fault matrix: one request filed through /rfh under each outside failure, and what came of it.

    python bench/faults.py [--rows github-500,slack-429] [--no-kill] [--postgres postgresql://…/db] [--verbose]

Runs the rows of tests/scenario/fault_rows.py (the same code the tests assert on) against local fake Slack and
GitHub servers, each on a fresh database (SQLite, or a fresh PostgreSQL database on the given server), and prints a
markdown table: issues filed, team posts, what the requester was shown, the final state, the attempts each step
took, and the time to delivery. In-process rows run on the bot's clock, so their time to delivery is the backoff and
Retry-After the bot waited, not wall time; permanent failures are fixed and retried (Retry button or `rfh retry`)
at once. The kill -9 rows start the bot as a real process, kill it mid-way and restart it: their time is the wall
time from the kill to delivery.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import logging  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import AsyncIterator  # noqa: E402

from sqlalchemy.engine import make_url  # noqa: E402

from tests.scenario.fault_rows import KILL_ROWS, ROWS, KillRow, Row, RowResult, run_kill_row, run_row  # noqa: E402


@contextlib.asynccontextmanager
async def fresh_database(postgres: str | None, workdir: Path, name: str) -> AsyncIterator[str]:
    if not postgres:
        yield f"sqlite:///{workdir / (name + '.db')}"
        return
    import asyncpg

    url = make_url(postgres)
    database = f"rfh_bench_{uuid.uuid4().hex[:10]}"

    async def admin(statement: str) -> None:
        conn = await asyncpg.connect(host=url.host, port=url.port or 5432, user=url.username, password=url.password,
                                     database=url.database)
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    await admin(f'CREATE DATABASE "{database}"')
    try:
        yield url.set(database=database).render_as_string(hide_password=False)
    finally:
        await admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def recovery(row: Row | KillRow) -> str:
    if isinstance(row, KillRow):
        return "restart"
    if not row.permanent:
        return "automatic"
    return "fix, then `rfh retry`" if row.retry_with == "cli" else "fix, then Retry button"


def attempts(result: RowResult) -> str:
    retried = [f"{kind} ×{n}" for kind, n in result.attempts.items() if n > 1]
    return ", ".join(retried) or "1 each"


def delay(result: RowResult) -> str:
    seconds = result.seconds_to_delivery
    if isinstance(result.row, KillRow):
        return f"{seconds:.1f} s after the kill"
    return f"{seconds:.0f} s" if seconds >= 1 else "at once"


def table(results: list[RowResult | tuple[Row | KillRow, str]]) -> str:
    lines = ["| fault | recovery | issues filed | team posts | requester told | admin alerted | final state | "
             "attempts | time to delivery | wall |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for item in results:
        if isinstance(item, tuple):
            row, error = item
            lines.append(f"| {row.fault} | {recovery(row)} | error: {error} | | | | | | | |")
            continue
        r = item
        ok = r.issues == 1 and r.posts == 1 and r.state == "filed" and r.told == list(r.row.told)
        lines.append(
            f"| {r.row.fault} | {recovery(r.row)} | {r.issues} | {r.posts} | {' → '.join(r.told)} | "
            f"{'yes' if r.admin_alerts else 'no'} | {r.state}{'' if ok else ' ✗'} | {attempts(r)} | {delay(r)} | "
            f"{r.wall_seconds:.1f} s |")
    return "\n".join(lines)


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", help="comma-separated row ids (default: all)")
    parser.add_argument("--no-kill", action="store_true", help="skip the kill -9 rows (they start real processes)")
    parser.add_argument("--postgres", help="a PostgreSQL server URL to run on (a fresh database per row)")
    parser.add_argument("--verbose", action="store_true", help="show the bot's log")
    args = parser.parse_args(argv)
    if args.verbose:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    else:
        logging.getLogger().addHandler(logging.NullHandler())
    wanted = set(args.rows.split(",")) if args.rows else None
    rows: list[Row | KillRow] = [r for r in (*ROWS, *(() if args.no_kill else KILL_ROWS))
                                 if wanted is None or r.id in wanted]
    if not rows:
        parser.error(f"no such rows; the rows are: {', '.join(r.id for r in (*ROWS, *KILL_ROWS))}")
    results: list[RowResult | tuple[Row | KillRow, str]] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rfh-faults-") as tmp:
        for row in rows:
            print(f"… {row.id}", file=sys.stderr, flush=True)
            workdir = Path(tmp) / row.id
            workdir.mkdir()
            async with fresh_database(args.postgres, workdir, row.id) as database_url:
                try:
                    if isinstance(row, KillRow):
                        results.append(await run_kill_row(row, database_url, workdir))
                    else:
                        results.append(await run_row(row, database_url))
                except Exception as exc:  # a row that breaks is reported, the others still run
                    results.append((row, f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"))
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(f"Fault matrix on {backend}: {len(rows)} rows in {time.perf_counter() - started:.1f} s\n")
    print(table(results))
    bad = [r for r in results if isinstance(r, tuple) or not (r.issues == 1 and r.posts == 1 and r.state == "filed")]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
