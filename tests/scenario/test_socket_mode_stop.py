"""Socket Mode stops cleanly: within 10 s of SIGTERM when Slack does not answer, and for good (one line, exit 2, no
more attempts) when Slack refuses the app-level token, at start or on a reconnect later."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from fakes import FakeGitHub, FakeSlack
from tests.scenario.processes import free_port

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def start_socket_mode(tmp_path: Path, database_url: str, *, slack_url: str, github_url: str,
                      app_token: str = "xapp-test-token") -> tuple[subprocess.Popen[str], int, Path]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "GITHUB_", "RFH_", "DATABASE_URL"))}
    env.update({"SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_APP_TOKEN": app_token, "GITHUB_TOKEN": "ghp-test-token",
                "DATABASE_URL": database_url, "SLACK_API_URL": slack_url, "GITHUB_API_URL": github_url,
                "PYTHONPATH": str(ROOT)})
    log = tmp_path / "rfh.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port)], env=env, cwd=tmp_path,
                                stdout=out, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    return proc, port, log


def wait_until(probe, proc: subprocess.Popen[str], log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not probe():
        assert proc.poll() is None, f"exited early:\n{log.read_text()}"
        assert time.monotonic() < deadline, f"timed out:\n{log.read_text()}"
        time.sleep(0.05)


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def stop_within(proc: subprocess.Popen[str], seconds: float) -> tuple[int, float]:
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(timeout=seconds + 5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return code, time.monotonic() - started


def test_sigterm_stops_it_within_10_s_while_slack_does_not_answer(tmp_path: Path, database_url: str) -> None:
    nobody = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    with FakeGitHub() as github:
        github.add_repo("sourcegraph/customer", private=True)
        proc, port, log = start_socket_mode(tmp_path, database_url, slack_url=nobody + "/api/",
                                            github_url=github.url)
        wait_until(lambda: healthy(port) and "Failed to connect" in log.read_text(), proc, log)
        code, took = stop_within(proc, 10)
    output = log.read_text()
    assert code == 0 and took < 10, (code, took, output)
    assert "Traceback" not in output and "shutting down" in output


def test_a_refused_app_token_at_start_is_one_line_and_exit_2(tmp_path: Path, database_url: str) -> None:
    with FakeSlack() as slack, FakeGitHub() as github:
        github.add_repo("sourcegraph/customer", private=True)
        proc, _, log = start_socket_mode(tmp_path, database_url, slack_url=slack.url, github_url=github.url,
                                         app_token="xapp-revoked")
        code = proc.wait(timeout=60)
    output = log.read_text()
    assert code == 2 and "Traceback" not in output, output
    assert "rfh: SLACK_APP_TOKEN is not accepted" in output and "invalid_auth" in output


def test_a_token_refused_on_reconnect_stops_the_bot_without_retrying(tmp_path: Path, database_url: str) -> None:
    with FakeSlack() as slack, FakeGitHub() as github:
        github.add_repo("sourcegraph/customer", private=True)
        proc, port, log = start_socket_mode(tmp_path, database_url, slack_url=slack.url, github_url=github.url)
        try:
            wait_until(lambda: slack.socket_connections == 1 and healthy(port), proc, log)
            slack.app_token = "xapp-rotated"  # the app-level token was revoked in Slack
            assert slack.close_socket_connections() == 1  # Slack closes the socket; the bot reconnects
            code = proc.wait(timeout=20)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        time.sleep(1)
        refused = [c for c in slack.calls_to("apps.connections.open") if c.error == "invalid_auth"]
    output = log.read_text()
    assert code == 2, output
    assert len(refused) == 1, "a refused token is not tried again"
    assert "rfh: SLACK_APP_TOKEN was refused by Slack (invalid_auth)" in output
    assert "Traceback" not in output
