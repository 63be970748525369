"""`rfh serve --http` as a real process: health, metrics, forged requests, clean exit on SIGTERM."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from tests.signing import slash_command_body

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path, database_url: str):
    port = free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_SIGNING_SECRET": "secret",
           "GITHUB_TOKEN": "ghp-test-token", "GITHUB_WEBHOOK_SECRET": "hooksecret", "DATABASE_URL": database_url,
           "SLACK_API_URL": "http://127.0.0.1:9/api/", "GITHUB_API_URL": "http://127.0.0.1:9"}
    env.pop("SLACK_APP_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--http", "--port", str(port)], env=env,
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                if response.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None:
                pytest.fail(f"rfh serve exited early:\n{proc.stdout.read() if proc.stdout else ''}")
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("rfh serve did not become healthy in 20 s")
    yield base, proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def test_health_metrics_forgeries_and_sigterm(served):
    base, proc = served
    body = b"command=%2Frfh&text=hi&trigger_id=1.2.3&user_id=U1&channel_id=C1"
    stale = str(int(time.time()) - 600)
    forged = {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=" + "0" * 64,
              "Content-Type": "application/x-www-form-urlencoded"}
    assert post(base + "/slack/events", body, forged) == 401
    replayed = dict(forged, **{"X-Slack-Request-Timestamp": stale,
                               "X-Slack-Signature": "v0=" + hmac.new(b"secret", f"v0:{stale}:".encode() + body,
                                                                     hashlib.sha256).hexdigest()})
    assert post(base + "/slack/events", body, replayed) == 401
    hook = b'{"zen": "hi"}'
    assert post(base + "/github/webhook", hook, {"X-Hub-Signature-256": "sha256=" + "0" * 64,
                                                 "X-GitHub-Event": "ping"}) == 401
    good = "sha256=" + hmac.new(b"hooksecret", hook, hashlib.sha256).hexdigest()
    assert post(base + "/github/webhook", hook, {"X-Hub-Signature-256": good, "X-GitHub-Event": "ping",
                                                 "X-GitHub-Delivery": "d-1"}) == 200
    with urllib.request.urlopen(base + "/metrics", timeout=5) as response:
        assert b"rfh_http_requests_total" in response.read()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=15) == 0
    output = proc.stdout.read() if proc.stdout else ""
    assert "Traceback" not in output
    assert "shutting down" in output
    # Quiet by default: no access-log line per request (/healthz was polled), no Alembic INFO, no Bolt warning
    # about the token it reads from the environment.
    assert '"GET /healthz HTTP/1.1"' not in output and '"POST /slack/events HTTP/1.1"' not in output
    assert "alembic" not in output and "will be unused" not in output
    for secret in ("xoxb-test-token", "ghp-test-token", "hooksecret"):
        assert secret not in output


def test_socket_mode_connects_through_slack_api_url_and_stops_on_sigterm(tmp_path: Path, database_url: str):
    from fakes.slack import FakeSlack

    port = free_port()
    with FakeSlack() as slack:
        env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_APP_TOKEN": "xapp-test-token",
               "GITHUB_TOKEN": "ghp-test-token", "DATABASE_URL": database_url, "SLACK_API_URL": slack.url,
               "GITHUB_API_URL": "http://127.0.0.1:9"}
        env.pop("SLACK_SIGNING_SECRET", None)
        proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port)], env=env,
                                cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.monotonic() + 20
            while not slack.calls_to("apps.connections.open") and time.monotonic() < deadline:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                time.sleep(0.1)
            [call] = slack.calls_to("apps.connections.open")[:1]
            assert call.ok and "xapp-test-token" in call.headers.get("Authorization", "")
            while not slack.socket_connections and time.monotonic() < deadline:
                time.sleep(0.05)
            # /rfh over the socket: acked on the socket (no HTTP, no signature), then the modal opens.
            trigger = slack.new_trigger_id()
            command = dict(parse_qsl(slash_command_body(command="/rfh", text="helm upgrade fails on our cluster",
                                                        trigger_id=trigger).decode()))
            envelope = slack.send_envelope("slash_commands", command)
            while not [c for c in slack.calls_to("views.open") if c.args.get("trigger_id") == trigger] \
                    and time.monotonic() < deadline:
                time.sleep(0.05)
            assert any(a.get("envelope_id") == envelope for a in slack.socket_acks())
            [opened] = [c for c in slack.calls_to("views.open") if c.args.get("trigger_id") == trigger]
            assert opened.ok and "distribution" in json.dumps(opened.args["view"])
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                assert response.status == 200
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=15) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
