"""Load benchmark: concurrent /rfh commands and submissions against `rfh serve --http`, fakes on loopback.

    python bench/load.py [--concurrency 50] [--requests 200] [--rounds 5] [--burst 2000]

For rfh and, in the same run, a bare Bolt AsyncApp that only acks and opens the same modal bytes
(bench/floor_app.py, the framework floor), rounds interleaved: the CPU each bot process spends per /rfh (user +
system time from /proc/PID/stat, from the first command sent to the last views.open received) and the /rfh →
views.open latency (sending the signed command to the fake Slack receiving views.open). Then for rfh: the time to
answer a submission (Slack's deadline is 3 s) and submission → team post, with lost and duplicated requests; and a
burst of submissions measured on the answer alone (the worker delivers them meanwhile), with the bot's CPU per
submission over the burst (answers and the deliveries made meanwhile).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.loadgen import Answer, Sender, cpu_seconds, load_average, machine, percentile, spread  # noqa: E402
from fakes import FakeGitHub, FakeSlack  # noqa: E402
from tests.signing import slash_command_body, view_submission_body  # noqa: E402

SECRET = "bench-signing-secret"
SLACK_DEADLINE = 3.0
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
    # The log goes to a file: a pipe nobody reads fills up and blocks the bot on its next log line.
    log = Path(cwd) / f"{Path(cmd[-3]).stem}-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=out)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"{cmd} exited: {log.read_text()}") from None
            time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"{cmd} did not start")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        print(f"{proc.args} did not stop within 15 s of SIGTERM; killed", file=sys.stderr)
        proc.kill()
        proc.wait()


async def commands(url: str, pid: int, *, slack: FakeSlack, n: int, concurrency: int) -> Round:
    """Send n signed /rfh commands, at most `concurrency` in flight; latency = views.open received - sent.

    CPU is the bot process's user + system time from the first command sent to the last views.open received.
    """
    triggers = [slack.new_trigger_id() for _ in range(n)]
    bodies = [slash_command_body(command="/rfh", text=TEXT, trigger_id=t, user_id="U0LOAD", channel_id="C0LOAD")
              for t in triggers]
    sender = await asyncio.to_thread(Sender, url, list(zip(triggers, bodies, strict=True)), concurrency, SECRET)
    cpu_before = cpu_seconds(pid)
    answers = await asyncio.to_thread(sender.go)
    deadline = time.monotonic() + 10
    opened: dict[str | None, Any] = {}
    while time.monotonic() < deadline:  # views.open follows the ack: wait for the last one before reading the CPU
        opened = {c.args.get("trigger_id"): c for c in slack.calls_to("views.open")}
        if all(t in opened for t in triggers):
            break
        await asyncio.sleep(0.01)
    cpu = cpu_seconds(pid) - cpu_before
    latencies = [opened[t].at - answers[t][0] for t in triggers if t in opened and opened[t].ok]
    errors = sum(1 for t in triggers if t not in opened or not opened[t].ok or answers[t][2] != 200)
    return Round(latencies, errors, cpu, n)


@dataclass
class Round:
    latencies: list[float]
    errors: int
    cpu: float
    n: int

    @property
    def cpu_ms(self) -> float:
        return self.cpu * 1000 / self.n


def submission_bodies(modal: dict[str, Any], start: int, n: int) -> list[tuple[str, bytes]]:
    out = []
    for i in range(start, start + n):
        customer = f"LoadCo{i:05d}"
        # Each its own text, as real requests are (one with another's text is offered as a duplicate instead).
        values = {"customer": customer, "severity": "serious", "urgency": "today", "need": f"{TEXT} at {customer}",
                  "summary": f"{customer}: {TEXT}", "team": TEAMS[i % len(TEAMS)], "request_type": "help",
                  "tracker": "private"}
        # Different engineers file them: Slack paces posts per channel, and each confirmation is a DM of its own.
        out.append((customer, view_submission_body(modal, values, view_id=f"VLOAD{i:05d}", user_id=f"U0LOAD{i:05d}")))
    return out


async def submit(url: str, bodies: list[tuple[str, bytes]], concurrency: int,
                 pid: int | None = None) -> tuple[dict[str, Answer], float]:
    """Every answer, and the CPU seconds the bot process (``pid``) used from the first sent to the last answered."""
    sender = await asyncio.to_thread(Sender, url, bodies, concurrency, SECRET)
    cpu_before = cpu_seconds(pid) if pid else 0.0
    answers = await asyncio.to_thread(sender.go)
    return answers, (cpu_seconds(pid) - cpu_before if pid else 0.0)


async def submissions(url: str, slack: FakeSlack, github: FakeGitHub, n: int, concurrency: int,
                      retries: int) -> dict[str, Any]:
    """Submit n filled modals (and repeat `retries` of them, as Slack does on a timeout); wait for the posts."""
    modal = slack.calls_to("views.open")[-1].args["view"]
    bodies = submission_bodies(modal, 0, n)
    answers, _ = await submit(url, bodies + [(f"{c}#repeat", b) for c, b in bodies[:retries]], concurrency)
    sent = {c: answers[c][0] for c, _ in bodies}
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
        "answers": answers,
        "latencies": [min(posted[c]) - s for c, s in sent.items() if c in posted],
        "lost": sum(1 for c in sent if c not in posted or c not in issues),
        "duplicated": sum(1 for c in sent if len(posted.get(c, [])) > 1 or issues.get(c, 0) > 1),
    }


def row(name: str, latencies: list[float], errors: int, n: int, cpu: str = "", extra: str = "") -> str:
    ms = [v * 1000 for v in latencies]
    return (f"| {name} | {n} | {cpu} | {statistics.median(ms):.1f} | {percentile(ms, 95):.1f} "
            f"| {percentile(ms, 99):.1f} | {errors}{extra} |")


def answer_row(name: str, answers: dict[str, Answer], cpu: str = "") -> str:
    waits = [answered - sent for sent, answered, _ in answers.values()]
    late = sum(1 for w in waits if w > SLACK_DEADLINE)
    failed = sum(1 for _, _, status in answers.values() if status != 200)
    return row(name, waits, failed, len(answers), cpu, extra=f", {late} after 3 s (max {max(waits) * 1000:.0f} ms)")


async def run(args: argparse.Namespace) -> None:
    load_before = load_average()
    with FakeSlack(trigger_ttl=60) as slack, FakeGitHub() as github, tempfile.TemporaryDirectory() as tmp:
        github.add_repo(PRIVATE_REPO, private=True)
        slack.add_usergroup("distribution-support", "S0DIST", ["U0ONCALL"])
        env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_SIGNING_SECRET": SECRET,
               "SLACK_API_URL": slack.url, "GITHUB_TOKEN": "ghp-test-token", "GITHUB_API_URL": github.url,
               "DATABASE_URL": args.database or f"sqlite:///{tmp}/bench.db",
               "RFH_GITHUB_WRITE_SPACING": str(args.github_spacing), "RFH_LOG_LEVEL": args.log_level,
               "PYTHONPATH": str(ROOT)}
        env.pop("SLACK_APP_TOKEN", None)
        bot_port, floor_port = free_port(), free_port()
        bot = start([sys.executable, "-m", "bot", "serve", "--http", "--port", str(bot_port)], env, bot_port, tmp)
        floor = None
        targets = {"rfh": (f"http://127.0.0.1:{bot_port}/slack/events", bot.pid)}
        try:
            # Warm up (imports, auth.test, connection pools), then hand the floor the very modal rfh opened.
            await commands(*targets["rfh"], slack=slack, n=args.concurrency * 2, concurrency=args.concurrency)
            modal = Path(tmp) / "modal.json"
            modal.write_text(json.dumps(slack.calls_to("views.open")[-1].args["view"]))
            floor = start([sys.executable, str(ROOT / "bench/floor_app.py"), "--port", str(floor_port)],
                          {**env, "RFH_FLOOR_MODAL": str(modal), "RFH_FLOOR_TUNED": "1" if args.tuned_floor else ""},
                          floor_port, tmp)
            targets = {"floor": (f"http://127.0.0.1:{floor_port}/slack/events", floor.pid), **targets}
            await commands(*targets["floor"], slack=slack, n=args.concurrency * 2, concurrency=args.concurrency)
            rounds: dict[str, list[Round]] = {"floor": [], "rfh": []}
            for _rnd in range(args.rounds):  # interleave the two so background noise hits both alike
                for name, (url, pid) in targets.items():
                    rounds[name].append(await commands(url, pid, slack=slack, n=args.requests,
                                                       concurrency=args.concurrency))
            bot_url = targets["rfh"][0]
            sub = (await submissions(bot_url, slack, github, args.submissions, args.concurrency, args.retries)
                   if args.submissions else None)
            burst = (await submit(bot_url, submission_bodies(slack.calls_to("views.open")[-1].args["view"],
                                                              args.submissions, args.burst), args.concurrency,
                                  targets["rfh"][1])
                     if args.burst else ({}, 0.0))
        finally:
            for proc in (bot, floor):
                if proc is not None:
                    stop(proc)
    report(args, rounds, sub, burst, load_before)


def report(args: argparse.Namespace, rounds: dict[str, list[Round]], sub: dict[str, Any] | None,
           burst: tuple[dict[str, Answer], float], load_before: str) -> None:
    print(f"Machine: {machine()} (nproc {os.cpu_count()}), {platform.machine()}, Python {platform.python_version()}; "
          f"load average {load_before} before, {load_average()} after")
    print(f"floor: {'tuned (heap frozen, no SDK debug lines)' if args.tuned_floor else 'bare Bolt defaults'}; "
          f"{args.concurrency} concurrent; {args.rounds} rounds × {args.requests} commands per target, interleaved; "
          f"GitHub write spacing {args.github_spacing}s; {args.database or 'SQLite'}")
    print()
    print("| target | n | CPU ms/command | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|---|")
    pooled: dict[str, tuple[float, list[float]]] = {}
    for name, label in (("floor", "/rfh → views.open, bare Bolt floor"), ("rfh", "/rfh → views.open, rfh")):
        lat = [v for r in rounds[name] for v in r.latencies]
        pooled[name] = (sum(r.cpu for r in rounds[name]) * 1000 / sum(r.n for r in rounds[name]), lat)
        print(row(label, lat, sum(r.errors for r in rounds[name]), len(lat), f"{pooled[name][0]:.2f}"))
    if sub:
        print(answer_row(f"submission → answer, rfh ({args.submissions} + {args.retries} repeated)", sub["answers"]))
    if burst[0]:  # its CPU: the bot's while the burst ran, the worker's deliveries meanwhile included
        print(answer_row(f"submission → answer, rfh, burst of {args.burst} (CPU: deliveries meanwhile too)", burst[0],
                         f"{burst[1] * 1000 / len(burst[0]):.2f}"))
    if sub:
        print(row("submission → team post, rfh (errors: lost)", sub["latencies"], sub["lost"], args.submissions))
    print()
    (cpu_rfh, rfh_lat), (cpu_floor, floor_lat) = pooled["rfh"], pooled["floor"]
    ratios = {"cpu_ratio": cpu_rfh / cpu_floor, "p99_ratio": percentile(rfh_lat, 99) / percentile(floor_lat, 99),
              "p50_ratio": statistics.median(rfh_lat) / statistics.median(floor_lat)}
    print(f"rfh/floor over the run: CPU per command {ratios['cpu_ratio']:.2f} · p99 {ratios['p99_ratio']:.2f} · "
          f"p50 {ratios['p50_ratio']:.2f}")
    pairs = list(zip(rounds["rfh"], rounds["floor"], strict=True))
    print(f"per round, median [min–max] of {args.rounds}: "
          f"CPU per command {spread([r.cpu_ms / f.cpu_ms for r, f in pairs])}"
          f" · p99 {spread([percentile(r.latencies, 99) / percentile(f.latencies, 99) for r, f in pairs])}"
          f" · CPU ms floor {spread([f.cpu_ms for _, f in pairs])}, rfh {spread([r.cpu_ms for r, _ in pairs])}")
    if sub:
        print(f"submissions lost: {sub['lost']} · duplicated: {sub['duplicated']} (with {args.retries} repeated)")
    print(json.dumps({**{k: round(v, 3) for k, v in ratios.items()},
                      "lost": sub["lost"] if sub else None, "duplicated": sub["duplicated"] if sub else None}))

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--requests", type=int, default=200, help="commands per round and target")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--submissions", type=int, default=100, help="0: commands only")
    parser.add_argument("--retries", type=int, default=20, help="submissions sent twice, like Slack retries")
    parser.add_argument("--burst", type=int, default=2000,
                        help="submissions measured on the answer only (0: none)")
    parser.add_argument("--tuned-floor", action="store_true",
                        help="the floor also freezes its start-up heap and skips slack_sdk's debug lines, as rfh does")
    parser.add_argument("--database", help="DATABASE_URL for rfh (default: a fresh SQLite file)")
    parser.add_argument("--log-level", default="INFO", help="RFH_LOG_LEVEL for rfh (default: INFO, as in production)")
    parser.add_argument("--github-spacing", type=float, default=0.0,
                        help="seconds between GitHub writes (production default 1.0)")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
