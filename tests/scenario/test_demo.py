"""`rfh demo` as a user runs it: a whole request's life in the terminal, with no network (the stand-ins for Slack and
GitHub listen on 127.0.0.1; a guard in the child process refuses any other connection or name lookup)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]

NO_NETWORK = '''
import socket

_LOCAL = ("127.0.0.1", "::1", "localhost")
_connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo


def _local(address):
    return not isinstance(address, tuple) or address[0] in _LOCAL


def connect(self, address):
    if not _local(address):
        raise OSError(f"network access attempted: {address}")
    return _connect(self, address)


def connect_ex(self, address):
    if not _local(address):
        raise OSError(f"network access attempted: {address}")
    return _connect_ex(self, address)


def getaddrinfo(host, *args, **kwargs):
    if host not in _LOCAL and host is not None:
        raise OSError(f"name lookup attempted: {host}")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo
'''


def run_demo(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(NO_NETWORK, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "GITHUB_", "RFH_", "DATABASE_URL"))}
    env["PYTHONPATH"] = os.pathsep.join([str(guard), str(ROOT)])
    return subprocess.run([sys.executable, "-m", "bot", "demo"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)


def test_the_guard_refuses_the_network(tmp_path: Path) -> None:
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(NO_NETWORK, encoding="utf-8")
    probe = "import urllib.request; urllib.request.urlopen('https://slack.com/api/api.test', timeout=5)"
    result = subprocess.run([sys.executable, "-c", probe], env={**os.environ, "PYTHONPATH": str(guard)},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "attempted" in result.stderr


def test_rfh_demo_shows_a_whole_request_life(tmp_path: Path) -> None:
    result = run_demo(tmp_path)
    out = result.stdout
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in out + result.stderr and "attempted" not in result.stderr
    sections = [
        "Riley sees a modal", "Customer *", "Suggested team: *Distribution*",  # the modal, pre-filled and routed
        "Filing RFH-1",  # the answer to Submit
        "GitHub: sourcegraph/customer#1 is filed", "labels: rfh, customer/acme-corp, team/distribution, ce/p0",
        "#distribution gets a message", "@distribution-support New request for help", "from @Riley",
        "Riley's DM from the bot gets a message", "Filed customer#1",  # the requester's confirmation
        "only Ana sees", "Ana took ownership of RFH-1",  # the claim
        "Ana sees a modal", "Hand over", "Ana handed RFH-1 over to @Ben", "Ben's DM from the bot",  # the hand-over
        "Ben sees a modal", "Ben resolved RFH-1 (Fixed)", "GitHub: a comment on sourcegraph/customer#1",
        "GitHub: sourcegraph/customer#1 is closed (completed)",  # the resolve
        "The same against a real workspace:", "rfh serve",
    ]
    at = 0
    for section in sections:  # each one, in the order it happens
        found = out.find(section, at)
        assert found >= 0, f"{section!r} missing after position {at} in:\n{out}"
        at = found
    assert "<@U0" not in out and "<!subteam" not in out, "mentions are shown as names"
    assert not list(tmp_path.glob("*.db")), "the demo's database is temporary"
