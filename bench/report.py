"""Report benchmark: `rfh report` over 100,000 requests (with their ownership events, routing decisions and
reminder jobs), on SQLite and on PostgreSQL, charts included.

    python bench/report.py [--requests 100000] [--runs 5] [--postgres postgresql://postgres@127.0.0.1:54330/db]

Seeds one made-up history (``bench/report_history.py``: four weeks up to now, so the default period covers every
request) into a fresh SQLite file and, with --postgres, a fresh database created on that server (dropped afterwards).
Then runs the command as a person does, in a new process each time (`rfh report --charts DIR --format json`, and
without charts), and prints a Markdown table of wall times (the whole process from start to exit: interpreter start,
imports and exit included) and CPU time (the process and the two chart-drawing processes it forks: what the
machine's other load cannot inflate much; the database server's own CPU is not in it).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy.engine import make_url  # noqa: E402

from bench.report_history import seed  # noqa: E402

RFH = [sys.executable, "-m", "bot"]


def timed(url: str, args: list[str], out: Path, nice: int = 0) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and the chart process it forks)."""
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("RFH_CONFIG", None)  # the built-in config: the handbook's nine teams
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with out.open("wb") as sink:
        done = subprocess.run([*RFH, "report", *args], env=env, cwd=ROOT, stdout=sink, stderr=subprocess.PIPE,
                              timeout=300, preexec_fn=(lambda: _prioritise(nice)) if nice else None)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"rfh report failed: {done.stderr.decode()}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _prioritise(nice: int) -> None:
    """In the measured process: its own session, and so on Linux its own scheduling autogroup (niceness acts within
    a group; groups share the CPU equally), at ``nice``; elsewhere plain niceness."""
    os.setsid()
    try:
        with open("/proc/self/autogroup", "w") as group:
            group.write(str(nice))
    except OSError:
        os.nice(nice)


def measure(name: str, url: str, runs: int, work: Path, nice: int = 0) -> list[str]:
    rows = []
    for label, args in (("table, no charts", []), ("JSON + 10 PNG charts", ["--format", "json", "--charts",
                                                                           str(work / f"charts-{name}")])):
        results = [timed(url, args, work / "out.txt", nice) for _ in range(runs)]
        wall, cpu = [w for w, _ in results], [c for _, c in results]
        rows.append(f"| {name} | {label} | {runs} | {statistics.median(wall):.2f} | {min(wall):.2f} | "
                    f"{max(wall):.2f} | {statistics.median(cpu):.2f} |")
    return rows


def _admin(server_url: str, statement: str) -> None:
    import asyncpg

    async def run() -> None:
        url = make_url(server_url)
        conn = await asyncpg.connect(host=url.host, port=url.port or 5432, user=url.username, password=url.password,
                                     database=url.database)
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", help="a PostgreSQL server URL (any database on it) to create a bench db on")
    parser.add_argument("--nice", type=int, default=0,
                        help="run the measured `rfh report` processes in their own scheduling group at this niceness "
                             "(e.g. -10, as root), on a machine shared with other work: closer to an idle machine")
    args = parser.parse_args()
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)  # the report's `now` comes later
    load_before = os.getloadavg()[0]
    lines = []
    with tempfile.TemporaryDirectory(prefix="rfh-bench-report-") as tmp:
        work = Path(tmp)
        targets = [("SQLite", f"sqlite:///{work / 'rfh.db'}")]
        pg_name = f"rfh_bench_{uuid.uuid4().hex[:8]}"
        if args.postgres:
            _admin(args.postgres, f'CREATE DATABASE "{pg_name}"')
            targets.append(("PostgreSQL", make_url(args.postgres).set(database=pg_name).render_as_string(
                hide_password=False)))
        try:
            for name, url in targets:
                started = time.perf_counter()
                requests, events = asyncio.run(seed(url, args.requests, until=now))
                print(f"{name}: seeded {requests} requests, {events} ownership events in "
                      f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
                lines += measure(name, url, args.runs, work, args.nice)
        finally:
            if args.postgres:
                _admin(args.postgres, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
    print(f"`rfh report` over {args.requests:,} requests (4 weeks, 9 teams), a new process per run; "
          f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; load average "
          f"{load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
          + (f"; measured runs at niceness {args.nice}" if args.nice else "") + "\n")
    print("| database | output | runs | median s | best s | worst s | CPU s (median) |\n"
          "|---|---|---|---|---|---|---|")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
