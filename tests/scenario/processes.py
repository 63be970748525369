"""`rfh serve --http` as real processes against the local fakes: start, wait until healthy, kill -9, stop.

Used by the kill -9 rows of the fault matrix and by the two-replica test. Each process writes its output to a file
(so a full pipe never blocks it) that the test reads back, to look for tracebacks and secrets.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp

from tests.scenario.harness import SIGNING_SECRET, Reply

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bot_env(*, slack_url: str, github_url: str, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a bot process: the fakes, the database, a fast worker and a short lease."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "GITHUB_", "RFH_", "DATABASE_URL"))}
    env.update({
        "SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": slack_url,
        "GITHUB_TOKEN": "ghp-test-token", "GITHUB_API_URL": github_url, "DATABASE_URL": database_url,
        "RFH_GITHUB_WRITE_SPACING": "0", "RFH_WORKER_POLL_SECONDS": "0.1", "RFH_STEP_LEASE_SECONDS": "1",
        "RFH_LOG_LEVEL": "INFO",
    })
    env.update(extra)
    return env


class BotProcess:
    def __init__(self, env: dict[str, str], log_path: Path, name: str = "rfh"):
        self.env, self.log_path, self.name = env, log_path, name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self._http: aiohttp.ClientSession | None = None

    def start(self) -> BotProcess:
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--http", "--port", str(self.port)],
            env=self.env, cwd=self.log_path.parent, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        return self

    async def wait_healthy(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise AssertionError(f"{self.name} exited early:\n{self.output()}")
            if await asyncio.to_thread(self._healthy):
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"{self.name} did not become healthy in {timeout:.0f} s:\n{self.output()}")

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=1) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    async def slack(self, body: bytes, headers: dict[str, str]) -> Reply:
        if self._http is None:
            self._http = aiohttp.ClientSession()
        started = time.perf_counter()
        async with self._http.post(self.url + "/slack/events", data=body, headers=headers) as response:
            text = await response.text()
        return Reply(response.status, text, time.perf_counter() - started)

    def kill_9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    async def stop(self) -> int | None:
        """SIGTERM and wait (the bot finishes the step in flight); kill it if it does not exit in 15 s."""
        if self._http is not None:
            await self._http.close()
            self._http = None
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return await asyncio.to_thread(self.proc.wait, 15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
            return None

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
