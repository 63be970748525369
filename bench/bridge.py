"""Bridge benchmark: GitHub comment webhook → message in the team post's thread, against `rfh serve --http` and the
fakes on loopback.

    python bench/bridge.py [--comments 60] [--burst 50]

1. One request is filed (a signed view submission) and posted.
2. ``--comments`` comments, one at a time, at least 1.05 s apart (Slack allows about one post per second per channel,
   which the bot keeps to): latency from sending the signed webhook to the fake Slack receiving chat.postMessage;
   the bot process's CPU time (user + system, from /proc) over this phase, per bridged comment, next to its idle
   CPU per second.
3. A burst of ``--burst`` comments sent back to back: time until the last is in the thread, and whether the thread
   shows them in order, once each.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import free_port, percentile, start  # noqa: E402
from fakes.github import FakeGitHub  # noqa: E402
from fakes.slack import FakeSlack  # noqa: E402
from tests.signing import github_webhook_headers, slack_signature_headers, view_submission_body  # noqa: E402

SECRET, HOOK_SECRET, REPO = "bench-signing-secret", "bench-hook-secret", "sourcegraph/customer"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def file_request(http: aiohttp.ClientSession, url: str, slack: FakeSlack, github: FakeGitHub) -> int:
    from bot.blocks.intake_modal import IntakeMeta, IntakePrefill, RoutingHint, TeamChoice, intake_modal

    view = intake_modal(teams=[TeamChoice("distribution", "Distribution", "distribution-support")],
                        prefill=IntakePrefill(summary="Pods crash-loop"), hint=RoutingHint(None, None, 0, unsure=True),
                        meta=IntakeMeta(source="command"))
    values = {"customer": "Acme Corp", "summary": "Pods crash-loop", "need": "Why?", "severity": "minor",
              "urgency": "today", "team": "distribution", "request_type": "help", "tracker": "private"}
    body = view_submission_body(dict(view), values, view_id="VBENCH", user_id="U0REQ")
    async with http.post(url + "/slack/events", data=body, headers=slack_signature_headers(SECRET, body)) as r:
        assert r.status == 200, await r.text()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if github.issues(REPO) and any(c.args.get("channel") == "#distribution" and c.ok
                                       for c in slack.calls_to("chat.postMessage")):
            return int(github.issues(REPO)[0]["number"])
        await asyncio.sleep(0.05)
    raise SystemExit("the request was not filed and posted within 30 s")


async def comment(http: aiohttp.ClientSession, url: str, github: FakeGitHub, number: int, text: str) -> str:
    made = github.add_comment(REPO, number, text, user="ana-gh")
    payload = json.dumps(github.webhook_payload("issue_comment", "created", REPO, number, sender="ana-gh",
                                                comment_id=made["id"])).encode()
    async with http.post(url + "/github/webhook", data=payload,
                         headers=github_webhook_headers(HOOK_SECRET, payload, "issue_comment")) as r:
        assert r.status == 200, await r.text()
    return f"gh:{made['id']}"


def mirrored(slack: FakeSlack) -> dict[str, float]:
    """Comment key → when the fake Slack received its post."""
    return {c.args["metadata"]["event_payload"]["key"]: c.at for c in slack.calls_to("chat.postMessage")
            if c.ok and (c.args.get("metadata") or {}).get("event_type") == "rfh_bridge"}


async def until(probe, timeout: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not probe() and time.monotonic() < deadline:
        await asyncio.sleep(0.002)


async def run(args: argparse.Namespace) -> None:
    with FakeSlack() as slack, FakeGitHub() as github, tempfile.TemporaryDirectory() as tmp:
        github.add_repo(REPO, private=True)
        slack.add_usergroup("distribution-support", "S0DIST", ["U0ONCALL"])
        env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_SIGNING_SECRET": SECRET,
               "SLACK_API_URL": slack.url, "GITHUB_TOKEN": "ghp-test-token", "GITHUB_API_URL": github.url,
               "GITHUB_WEBHOOK_SECRET": HOOK_SECRET, "DATABASE_URL": f"sqlite:///{tmp}/bench.db",
               "RFH_GITHUB_WRITE_SPACING": "0", "RFH_LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)}
        env.pop("SLACK_APP_TOKEN", None)
        port = free_port()
        bot = start([sys.executable, "-m", "bot", "serve", "--http", "--port", str(port)], env, port, tmp)
        url = f"http://127.0.0.1:{port}"
        try:
            async with aiohttp.ClientSession() as http:
                number = await file_request(http, url, slack, github)
                await asyncio.sleep(3)  # the filing steps and the on-call ping settle
                idle_start, idle_cpu = time.monotonic(), cpu_seconds(bot.pid)
                await asyncio.sleep(5)
                idle = (cpu_seconds(bot.pid) - idle_cpu) / (time.monotonic() - idle_start)
                latencies, cpu_before, phase_start = [], cpu_seconds(bot.pid), time.monotonic()
                for n in range(args.comments):
                    sent = time.time()
                    key = await comment(http, url, github, number, f"comment {n} with **markdown** and `code`")
                    await until(lambda k=key: k in mirrored(slack), 10)  # type: ignore[misc]
                    latencies.append((mirrored(slack).get(key, float("nan")) - sent) * 1000)
                    await asyncio.sleep(max(0.0, 1.05 - (time.time() - sent)))
                cpu = (cpu_seconds(bot.pid) - cpu_before) / args.comments
                phase = time.monotonic() - phase_start
                burst_start = time.time()
                keys = [await comment(http, url, github, number, f"burst {n}") for n in range(args.burst)]
                await until(lambda: all(k in mirrored(slack) for k in keys), 5 + 2 * args.burst)
                got = mirrored(slack)
                burst_time = max(got.get(k, float("nan")) for k in keys) - burst_start
                thread = [m["blocks"][1]["text"]["text"] for m in slack.messages("#distribution")
                          if (m.get("metadata") or {}).get("event_type") == "rfh_bridge"][args.comments:]
        finally:
            bot.terminate()
            bot.wait(timeout=15)
    lost = sum(1 for v in latencies if v != v)
    ok = [v for v in latencies if v == v]
    print(f"rfh bridge benchmark · {platform.machine()} · {os.cpu_count()} cores · Python {platform.python_version()}"
          " · SQLite · fakes on loopback")
    print("| measure | n | p50 ms | p95 ms | p99 ms | CPU per comment | lost |")
    print("|---|---|---|---|---|---|---|")
    print(f"| webhook → Slack thread message, one at a time | {len(ok)} | {statistics.median(ok):.1f} | "
          f"{percentile(ok, 95):.1f} | {percentile(ok, 99):.1f} | {cpu * 1000:.1f} ms "
          f"(idle {idle * 1000:.1f} ms/s over {phase:.0f} s) | {lost} |")
    in_order = thread == [f"burst {n}" for n in range(args.burst)]
    print(f"| burst of {args.burst} back to back: last one in the thread after | {args.burst} | "
          f"{burst_time * 1000:.0f} | | | | {args.burst - len([k for k in keys if k in got])} |")
    print(f"burst in order, once each: {'yes' if in_order else 'NO: ' + repr(thread[:5])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--comments", type=int, default=60)
    parser.add_argument("--burst", type=int, default=50)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
