"""Start-up benchmark: `rfh serve --http` with a large history in the database.

    python bench/startup.py [--requests 100000] [--examples 0]

Fills a SQLite file with ``--requests`` routed requests (each with its intake routing decision; texts from the
synthetic history of ``bench/history.py``) and ``--examples`` imported history examples, starts the bot against
the fake Slack and GitHub on loopback and prints: seconds until ``/healthz`` answers and the resident memory
then, and seconds until the router has learned the whole history in the background, with the memory then and
the peak.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.history import synthetic_history  # noqa: E402
from fakes.github import FakeGitHub  # noqa: E402
from fakes.slack import FakeSlack  # noqa: E402

DEV = ROOT / "bench" / "data" / "dev.jsonl"


def seeds() -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["text"], r["team_fine"] if r["team_fine"] in ("search-core", "search-product")
             else "search-core" if r["team"] == "search" else r["team"]) for r in rows]


def fill(url: str, requests: int, examples: int) -> None:
    from sqlalchemy import create_engine, insert

    from storage.db import migrate_blocking
    from storage.models import LearnedExample, Request, RouteDecision

    migrate_blocking(url)
    engine = create_engine(url)
    now = datetime.now(UTC)
    texts = synthetic_history(seeds(), requests + examples, seed=3)
    with engine.begin() as conn:
        for start in range(0, requests, 5000):
            batch = [next(texts) for _ in range(min(5000, requests - start))]
            conn.execute(insert(Request), [
                {"key": f"RFH-{start + i + 1}", "created_at": now, "requester_id": "U0BENCH", "customer": "Acme",
                 "customer_slug": "acme", "request_type": "question", "severity": "minor", "summary": text[:200],
                 "details": {}, "team_id": team, "suggested_team_id": team, "priority": "ce/p2",
                 "priority_level": 2, "state": "posted", "status": "resolved", "in_sales_process": False,
                 "owner_informal": False, "tracker": "private"} for i, (text, team) in enumerate(batch)])
            conn.execute(insert(RouteDecision), [
                {"request_id": start + i + 1, "at": now, "text": text, "suggested_team_id": team,
                 "chosen_team_id": team, "source": "intake"} for i, (text, team) in enumerate(batch)])
        for start in range(0, examples, 5000):
            batch = [next(texts) for _ in range(min(5000, examples - start))]
            conn.execute(insert(LearnedExample), [
                {"key": f"id:bench-{start + i}", "text_hash": f"{start + i:064d}", "text": text, "team_id": team,
                 "source": "file:bench", "imported_at": now} for i, (text, team) in enumerate(batch)])
    engine.dispose()


def status(pid: int) -> dict[str, float]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def measure(url: str, timeout: float = 300) -> dict[str, float]:
    port = free_port()
    with FakeSlack() as slack, FakeGitHub(repos=["sourcegraph/customer", "sourcegraph/sourcegraph"]) as github, \
            tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_SIGNING_SECRET": "bench",
               "SLACK_API_URL": slack.url, "GITHUB_TOKEN": "ghp-test-token", "GITHUB_API_URL": github.url,
               "DATABASE_URL": url, "RFH_LOG_LEVEL": "INFO", "PYTHONPATH": str(ROOT)}
        env.pop("SLACK_APP_TOKEN", None)
        rfh = shutil.which("rfh", path=str(Path(sys.executable).parent)) or "rfh"
        log = Path(tmp) / "serve.log"
        started = time.perf_counter()
        with log.open("w") as sink:
            proc = subprocess.Popen([rfh, "serve", "--http", "--port", str(port)], env=env, stdout=sink, stderr=sink)
        try:
            result: dict[str, float] = {}
            while time.perf_counter() - started < timeout:
                if proc.poll() is not None:
                    raise SystemExit(f"rfh serve exited:\n{log.read_text()}")
                if "healthy_s" not in result and _healthy(port):
                    result["healthy_s"] = time.perf_counter() - started
                    result["rss_healthy"] = status(proc.pid)["VmRSS"]
                if "healthy_s" in result and any(m in log.read_text() for m in ("router learned", "router warmed")):
                    result["learned_s"] = time.perf_counter() - started
                    result.update({"rss_learned": status(proc.pid)["VmRSS"], "peak": status(proc.pid)["VmHWM"]})
                    return result
                time.sleep(0.05)
            raise SystemExit(f"timed out:\n{log.read_text()[-2000:]}")
        finally:
            proc.terminate()
            proc.wait(10)


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=0.5) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--examples", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/startup.db"
        started = time.perf_counter()
        fill(url, args.requests, args.examples)
        filled = time.perf_counter() - started
        r = measure(url)
    print(f"# Start-up with {args.requests:,} requests and {args.examples:,} imported examples "
          f"(database filled in {filled:.0f} s; load average {os.getloadavg()[0]:.1f})\n")
    print("| healthy after | RSS when healthy | router learned everything after | RSS then | peak RSS |")
    print("|---|---|---|---|---|")
    print(f"| {r['healthy_s']:.1f} s | {r['rss_healthy']:.0f} MB | {r['learned_s']:.1f} s | "
          f"{r['rss_learned']:.0f} MB | {r['peak']:.0f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
