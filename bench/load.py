"""Load benchmark: concurrent /rfh commands and submissions against `rfh serve --http`, fakes on loopback.

    python bench/load.py [--concurrency 50] [--requests 200]

Measures /rfh → views.open latency (from sending the signed command to the fake Slack receiving views.open) for
rfh and, in the same run, for a bare Bolt AsyncApp that only acks and opens a modal (bench/floor_app.py, the
framework floor); then submission → team post latency, errors, lost and duplicated requests for rfh.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.github_api import FakeGitHub  # noqa: E402
from tests.fakes.slack_api import FakeSlack  # noqa: E402
from tests.signing import slack_signature_headers, slash_command_body, view_submission_body  # noqa: E402

SECRET = "bench-signing-secret"
PRIVATE_REPO = "sourcegraph/customer"
TEXT = "Pods crash-loop on our Kubernetes cluster after the upgrade"
# Submissions go to every engineering team, as in real use: Slack allows about one post per second per channel.
TEAMS = ("distribution", "core-application", "code-intelligence", "search-core", "extensibility", "batch-changes")
CHANNELS = ("#distribution", "#core-application-support", "#code-intelligence", "#search", "#extensibility",
            "#batch-changes")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(cmd: list[str], env: dict[str, str], port: int, cwd: str) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"{cmd} exited: {proc.stderr.read().decode() if proc.stderr else ''}") from None
            time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"{cmd} did not start")


def write_rfh_modal(folder: Path) -> str:
    """rfh's own modal for TEXT, for the floor app to send as a constant."""
    from bot.blocks.intake_modal import IntakeMeta, IntakePrefill, RoutingHint, TeamChoice, intake_modal
    from bot.core.config import load_config

    teams = [TeamChoice(t.id, t.name, t.handle) for t in load_config().teams.teams]
    modal = intake_modal(teams=teams, prefill=IntakePrefill(summary=TEXT),
                         hint=RoutingHint("distribution", "Distribution", 0.9, ("kubernetes", "pods")),
                         meta=IntakeMeta(channel_id="C0LOAD", suggested_team="distribution", confidence=0.9))
    path = folder / "modal.json"
    path.write_text(json.dumps(modal))
    return str(path)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))] if ordered else float("nan")


async def commands(url: str, slack: FakeSlack, n: int, concurrency: int) -> tuple[list[float], int]:
    """Send n signed /rfh commands, at most `concurrency` in flight; latency = views.open received - sent.

    The load comes from a child process, so the fakes' thread and the load generator do not share a GIL.
    """
    triggers = [slack.new_trigger_id() for _ in range(n)]
    bodies = [slash_command_body(command="/rfh", text=TEXT, trigger_id=t, user_id="U0LOAD", channel_id="C0LOAD")
              for t in triggers]
    sent, errors = await asyncio.to_thread(_in_child, url, list(zip(triggers, bodies, strict=True)), concurrency)
    await asyncio.sleep(0.5)
    opened = {c.args.get("trigger_id"): c for c in slack.calls_to("views.open")}
    latencies = [opened[t].at - s for t, s in sent.items() if t in opened and opened[t].ok]
    errors += sum(1 for t in sent if t not in opened or not opened[t].ok)
    return latencies, errors


def _in_child(url: str, requests: list[tuple[str, bytes]], concurrency: int) -> tuple[dict[str, float], int]:
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_load_process, args=(url, requests, concurrency, child))
    proc.start()
    result = parent.recv()
    proc.join()
    return result  # type: ignore[no-any-return]


def _load_process(url: str, requests: list[tuple[str, bytes]], concurrency: int, conn: Any) -> None:
    conn.send(asyncio.run(_send_all(url, requests, concurrency)))


async def _send_all(url: str, requests: list[tuple[str, bytes]], concurrency: int) -> tuple[dict[str, float], int]:
    sent: dict[str, float] = {}
    errors = 0
    gate = asyncio.Semaphore(concurrency)

    async def one(http: aiohttp.ClientSession, key: str, body: bytes) -> None:
        nonlocal errors
        async with gate:
            headers = slack_signature_headers(SECRET, body)
            sent[key] = time.time()
            async with http.post(url, data=body, headers=headers) as response:
                await response.read()
                errors += response.status != 200

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as http:
        await asyncio.gather(*(one(http, key, body) for key, body in requests))
    return sent, errors


async def submissions(url: str, slack: FakeSlack, github: FakeGitHub, n: int, concurrency: int,
                      retries: int) -> dict[str, float | int | list[float]]:
    """Submit n filled modals (and repeat `retries` of them, as Slack does on a timeout); wait for the posts."""
    modal = slack.calls_to("views.open")[-1].args["view"]
    sent: dict[str, float] = {}
    errors = 0
    gate = asyncio.Semaphore(concurrency)

    async def one(http: aiohttp.ClientSession, i: int, repeat: bool = False) -> None:
        nonlocal errors
        customer = f"LoadCo{i:04d}"
        team = TEAMS[i % len(TEAMS)]
        values = {"customer": customer, "severity": "serious", "urgency": "today", "need": TEXT,
                  "summary": TEXT, "team": team, "request_type": "help", "tracker": "private"}
        # Different engineers file them: Slack paces posts per channel, and each confirmation is a DM of its own.
        body = view_submission_body(modal, values, view_id=f"VLOAD{i:04d}", user_id=f"U0LOAD{i:04d}")
        async with gate:
            if not repeat:
                sent[customer] = time.time()
            async with http.post(url, data=body, headers=slack_signature_headers(SECRET, body)) as response:
                await response.read()
                errors += response.status != 200

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as http:
        await asyncio.gather(*(one(http, i) for i in range(n)), *(one(http, i, True) for i in range(retries)))
    deadline = time.monotonic() + 120
    posted: dict[str, list[float]] = {}
    while time.monotonic() < deadline:
        posted = {}
        for call in slack.calls_to("chat.postMessage"):
            if call.args.get("channel") in CHANNELS and call.ok:
                for customer in sent:
                    if f"[{customer}]" in call.args.get("text", ""):
                        posted.setdefault(customer, []).append(call.at)
        if len(posted) == len(sent):
            break
        await asyncio.sleep(0.2)
    issues: dict[str, int] = {}
    for issue in github.issues(PRIVATE_REPO):
        customer = issue["title"][1:].split("]")[0]
        issues[customer] = issues.get(customer, 0) + 1
    return {
        "latencies": [min(posted[c]) - s for c, s in sent.items() if c in posted],
        "errors": errors,
        "lost": sum(1 for c in sent if c not in posted or c not in issues),
        "duplicated": sum(1 for c in sent if len(posted.get(c, [])) > 1 or issues.get(c, 0) > 1),
    }


def row(name: str, latencies: list[float], errors: int, n: int) -> str:
    ms = [v * 1000 for v in latencies]
    return (f"| {name} | {n} | {statistics.median(ms):.1f} | {percentile(ms, 95):.1f} | {percentile(ms, 99):.1f} "
            f"| {errors} |")


async def run(args: argparse.Namespace) -> None:
    with FakeSlack(trigger_ttl=60) as slack, FakeGitHub() as github, tempfile.TemporaryDirectory() as tmp:
        github.add_repo(PRIVATE_REPO, private=True)
        slack.add_usergroup("distribution-support", "S0DIST", ["U0ONCALL"])
        env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_SIGNING_SECRET": SECRET,
               "SLACK_API_URL": slack.url, "GITHUB_TOKEN": "ghp-test-token", "GITHUB_API_URL": github.url,
               "DATABASE_URL": f"sqlite:///{tmp}/bench.db", "RFH_GITHUB_WRITE_SPACING": str(args.github_spacing),
               "RFH_LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)}
        env.pop("SLACK_APP_TOKEN", None)
        env["RFH_FLOOR_MODAL"] = write_rfh_modal(Path(tmp))
        bot_port, floor_port = free_port(), free_port()
        bot = start([sys.executable, "-m", "bot", "serve", "--http", "--port", str(bot_port)], env, bot_port, tmp)
        floor = start([sys.executable, str(ROOT / "bench/floor_app.py"), "--port", str(floor_port)], env,
                      floor_port, tmp)
        try:
            bot_url, floor_url = f"http://127.0.0.1:{bot_port}/slack/events", f"http://127.0.0.1:{floor_port}/slack/events"
            for url in (bot_url, floor_url):  # warm up: imports, auth.test, connection pools
                await commands(url, slack, 20, 5)
            results = {}
            for _rnd in range(args.rounds):  # interleave the two so background noise hits both alike
                for name, url in (("floor", floor_url), ("rfh", bot_url)):
                    lat, err = await commands(url, slack, args.requests, args.concurrency)
                    results.setdefault(name, ([], 0))
                    results[name] = (results[name][0] + lat, results[name][1] + err)
            sub = await submissions(bot_url, slack, github, args.submissions, args.concurrency, args.retries)
        finally:
            for proc in (bot, floor):
                proc.terminate()
                proc.wait(timeout=15)
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{args.concurrency} concurrent, {args.rounds}×{args.requests} commands per target; "
          f"GitHub write spacing {args.github_spacing}s")
    print()
    print("| target | n | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|")
    floor_lat, floor_err = results["floor"]
    rfh_lat, rfh_err = results["rfh"]
    print(row("/rfh → views.open, bare Bolt floor", floor_lat, floor_err, len(floor_lat)))
    print(row("/rfh → views.open, rfh", rfh_lat, rfh_err, len(rfh_lat)))
    latencies = sub["latencies"]
    assert isinstance(latencies, list)
    print(row("submission → team post, rfh", latencies, int(sub["errors"]), args.submissions))  # type: ignore[arg-type]
    print()
    ratio = percentile(rfh_lat, 99) / percentile(floor_lat, 99)
    p50_ratio = statistics.median(rfh_lat) / statistics.median(floor_lat)
    print(f"p99 ratio rfh/floor: {ratio:.2f} · p50 ratio: {p50_ratio:.2f} · submissions lost: {sub['lost']} · "
          f"duplicated: {sub['duplicated']} (with {args.retries} repeated submissions)")
    print(json.dumps({"p99_ratio": round(ratio, 3), "lost": sub["lost"], "duplicated": sub["duplicated"]}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--requests", type=int, default=200, help="commands per round and target")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--retries", type=int, default=20, help="submissions sent twice, like Slack retries")
    parser.add_argument("--github-spacing", type=float, default=0.0,
                        help="seconds between GitHub writes (production default 1.0)")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
