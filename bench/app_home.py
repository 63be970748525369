"""App Home benchmark: `app_home_opened` → `views.publish` with 10,000 requests in the database.

    python bench/app_home.py [--requests 10000] [--opens 200] [--postgres postgresql://…/db]

Seeds a database (SQLite file; and a scratch PostgreSQL database on the server of --postgres or
RFH_BENCH_POSTGRES_URL, dropped afterwards) with requests over half a year, six teams, 200 requesters and 50
engineers (95 % resolved, the open ones on the priorities lists of the teams that keep one, with their ownership
events and this week's fired SLA jobs), starts `rfh serve --http` on it against the fake Slack, and sends signed
events one at a time (latency, not throughput). Latency is from sending the event (or the tab's button click) to the
fake Slack receiving `views.publish` for that user.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import free_port, percentile, start  # noqa: E402
from fakes.slack import FakeSlack  # noqa: E402
from tests.signing import block_actions_body, event_body, slack_signature_headers  # noqa: E402

SECRET = "bench-signing-secret"
TEAMS = ("distribution", "core-application", "code-intelligence", "search-core", "extensibility", "batch-changes")
LISTS = ("distribution", "core-application")
REQUESTERS = [f"U0S{n:03d}" for n in range(200)]
ENGINEERS = [f"U0E{n:02d}" for n in range(50)]
TABS = ("team", "priorities", "overview")


def seed_rows(n: int, now: datetime) -> dict[str, list[dict[str, Any]]]:
    """Requests (and what goes with them) as the bot stores them, deterministic for a given n."""
    from bot.core.domain import RequestForm, RequestType, form_to_details
    from routing.priority import Severity

    rng = random.Random(20261124)
    need = "The pods restart every few minutes after the upgrade; logs attached. " * 8
    details = form_to_details(RequestForm(customer="Acme", summary="Pods crash-loop", need=need,
                                          severity=Severity.SERIOUS, request_type=RequestType.HELP,
                                          urgency="this week", team_id="distribution", environment="k8s 1.29 " * 20))
    rows: dict[str, list[dict[str, Any]]] = {"requests": [], "ownership_events": [], "priority_items": [],
                                             "jobs": []}
    for i in range(1, n + 1):
        created = now - timedelta(days=180) * (1 - i / n) - timedelta(minutes=rng.randint(0, 600))
        team, level = TEAMS[rng.randrange(len(TEAMS))], rng.choice((0, 1, 1, 2, 2, 2, 3))
        resolved = i <= n * 0.95
        owner = rng.choice(ENGINEERS) if resolved or rng.random() < 0.4 else None
        rows["requests"].append({
            "id": i, "key": uuid.uuid4().hex[:16], "created_at": created, "requester_id": rng.choice(REQUESTERS),
            "customer": f"Customer {rng.randint(1, 300)}", "customer_slug": "customer", "in_sales_process": False,
            "request_type": "help", "severity": "serious", "summary": f"Pods crash-loop after the upgrade ({i})",
            "details": {**details, "post_permalink": f"https://example.slack.com/archives/C1/p{i}"},
            "team_id": team, "priority": f"ce/p{level}", "priority_level": level, "tracker": "private",
            "state": "filed", "issue_repo": "sourcegraph/customer", "issue_number": i,
            "issue_url": f"https://github.com/sourcegraph/customer/issues/{i}", "owner_id": owner,
            "owner_informal": False, "status": "resolved" if resolved else "open",
            "resolution": "fixed" if resolved else None, "resolved_at": created + timedelta(days=2) if resolved
            else None, "last_activity_at": created, "post_channel": "C1", "post_ts": f"{i}.000100"})
        if owner:
            rows["ownership_events"].append({"request_id": i, "kind": "claimed", "actor": owner,
                                             "at": created + timedelta(hours=1), "to_user": owner})
        if resolved:
            rows["ownership_events"].append({"request_id": i, "kind": "resolved", "actor": owner,
                                             "at": created + timedelta(days=2), "from_user": owner,
                                             "to_user": owner, "resolution": "fixed"})
        elif team in LISTS:
            rows["priority_items"].append({"request_id": i, "team_id": team, "rank": i * 1024, "added_at": created})
        if i > n - 200 and rng.random() < 0.3:
            rows["jobs"].append({"kind": "reping", "request_id": i, "due_at": now - timedelta(hours=1),
                                 "dedupe_key": f"reping:{i}:0", "payload": {}, "claimed_by": "w",
                                 "claimed_at": now - timedelta(hours=1), "done_at": now - timedelta(hours=1),
                                 "outcome": "re-pinged U0E01", "attempts": 1})
    return rows


async def seed(database_url: str, n: int) -> None:
    from sqlalchemy import insert

    from storage.db import make_engine, migrate
    from storage.models import Job, OwnershipEventRow, PriorityItem, Request

    engine = make_engine(database_url)
    try:
        await migrate(engine)
        rows = seed_rows(n, datetime.now(UTC))
        async with engine.begin() as conn:
            for model, name in ((Request, "requests"), (OwnershipEventRow, "ownership_events"),
                                (PriorityItem, "priority_items"), (Job, "jobs")):
                for start_at in range(0, len(rows[name]), 1000):
                    await conn.execute(insert(model), rows[name][start_at:start_at + 1000])
            if engine.dialect.name == "postgresql":  # ids were given: move the sequence past them
                from sqlalchemy import text

                await conn.execute(text("SELECT setval('requests_id_seq', (SELECT max(id) FROM requests))"))
                await conn.execute(text("ANALYZE"))
            else:
                from sqlalchemy import text

                await conn.execute(text("ANALYZE"))
    finally:
        await engine.dispose()


async def measure(url: str, slack: FakeSlack, users: list[str], action: str) -> tuple[list[float], int]:
    """One event (or click) at a time; latency = the fake's views.publish for that user - the send time."""
    latencies, errors = [], 0
    async with aiohttp.ClientSession() as http:
        for user in users:
            before = len(slack.calls_to("views.publish"))
            if action == "open":
                event: dict[str, Any] = {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home"}
                view = slack.home_view(user)
                body = event_body({**event, **({"view": view} if view else {})})
            else:
                body = block_actions_body(action_id=f"home_tab:{action}", value=action, user_id=user,
                                          view=slack.home_view(user), trigger_id=slack.new_trigger_id())
            sent = time.time()
            async with http.post(url, data=body, headers=slack_signature_headers(SECRET, body)) as response:
                await response.read()
            deadline = time.monotonic() + 10
            call = None
            while call is None and time.monotonic() < deadline:
                call = next((c for c in slack.calls_to("views.publish")[before:] if c.args.get("user_id") == user),
                            None)
                await asyncio.sleep(0.001) if call is None else None
            if call is None or not call.ok or response.status != 200:
                errors += 1
                continue
            latencies.append(call.at - sent)
    return latencies, errors


async def bench_database(name: str, database_url: str, args: argparse.Namespace, tmp: str) -> list[str]:
    started = time.monotonic()
    await seed(database_url, args.requests)
    seeded = time.monotonic() - started
    rows = []
    with FakeSlack() as slack:
        env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_SIGNING_SECRET": SECRET,
               "SLACK_API_URL": slack.url, "GITHUB_TOKEN": "ghp-test-token", "GITHUB_API_URL": "http://127.0.0.1:9",
               "DATABASE_URL": database_url, "RFH_LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT),
               "RFH_WORKER_POLL_SECONDS": "60"}
        env.pop("SLACK_APP_TOKEN", None)
        port = free_port()
        bot = start([sys.executable, "-m", "bot", "serve", "--http", "--port", str(port)], env, port, tmp)
        try:
            url = f"http://127.0.0.1:{port}/slack/events"
            await measure(url, slack, ["U0WARM"] * 5, "open")  # imports, auth.test, connection pool
            users = [REQUESTERS[n % len(REQUESTERS)] for n in range(args.opens)]
            fresh = REQUESTERS[: min(len(REQUESTERS), args.opens)]
            lat, err = await measure(url, slack, fresh, "open")  # first open: the Mine tab
            rows.append(row(name, "app_home_opened → views.publish (Mine)", lat, err))
            lat, err = await measure(url, slack, users, "open")  # reopen: the tab they left
            rows.append(row(name, "app_home_opened again → views.publish", lat, err))
            for tab in TABS:
                lat, err = await measure(url, slack, fresh[: max(1, args.opens // 4)], tab)
                rows.append(row(name, f"tab button → views.publish ({tab})", lat, err))
        finally:
            bot.terminate()
            bot.wait(timeout=15)
    print(f"{name}: seeded {args.requests:,} requests in {seeded:.1f} s", file=sys.stderr)
    return rows


def row(database: str, what: str, latencies: list[float], errors: int) -> str:
    ms = [v * 1000 for v in latencies] or [float("nan")]
    return (f"| {database} | {what} | {len(latencies)} | {statistics.median(ms):.1f} | {percentile(ms, 95):.1f} | "
            f"{percentile(ms, 99):.1f} | {errors} |")


async def run(args: argparse.Namespace) -> None:
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += await bench_database("SQLite", f"sqlite:///{tmp}/bench.db", args, tmp)
        if args.postgres:
            scratch = await create_scratch(args.postgres)
            try:
                rows += await bench_database("PostgreSQL", scratch, args, tmp)
            finally:
                await drop_scratch(args.postgres, scratch)
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{args.requests:,} requests in the database; one event at a time")
    print()
    print("| database | what | n | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|---|")
    for line in rows:
        print(line)


async def _admin(url: str, statement: str) -> None:
    from tests.conftest import _admin as admin  # the test suite's: one statement on the server's database

    await asyncio.to_thread(admin, url, statement)


async def create_scratch(url: str) -> str:
    from sqlalchemy.engine import make_url

    name = f"rfh_bench_{uuid.uuid4().hex[:8]}"
    await _admin(url, f'CREATE DATABASE "{name}"')
    return make_url(url).set(database=name).render_as_string(hide_password=False)


async def drop_scratch(url: str, scratch: str) -> None:
    from sqlalchemy.engine import make_url

    await _admin(url, f'DROP DATABASE IF EXISTS "{make_url(scratch).database}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--opens", type=int, default=200, help="app_home_opened events per measurement")
    parser.add_argument("--postgres", default=os.environ.get("RFH_BENCH_POSTGRES_URL"),
                        help="a PostgreSQL server to bench on too (a scratch database is created and dropped)")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
