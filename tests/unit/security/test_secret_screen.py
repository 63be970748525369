"""The secret scan skips the detect-secrets plugins whose patterns occur nowhere in the text (bot/security/secrets.py,
``_screens``): it must find exactly what running every plugin on every line finds, secrets or not."""

from __future__ import annotations

import asyncio
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.security.secret_check import SCAN_IN_THREAD_CHARS, SecretGuard
from bot.security.secret_screen import required_literals, screens
from bot.security.secrets import _candidates, _plugins, scan, scan_with

# Fake values shaped like what each plugin looks for (every one is found: see the test below).
SECRETS = [
    "AKIAIOSFODNN7EXAMPLQ",
    "aws_secret_access_key = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYab'",
    "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
    "glpat-" + "x1y2z3w4v5u6t7s8r9q0",
    "xoxb-1234567890-0987654321-abcdefghijklmnop",
    "https://hooks.slack.com/services/T0ABC1234/B0ABC1234/abcdefghijklmnopqrstuvwx",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "https://admin:s3cr3tpass@db.example.com:5432/app",
    "password: hunter2-s3cret",
    'db_pass = "Zq9xLm2Wp4"',
    "sk_live_" + "abcdefghijklmnopqrstuvwx",
    "SG." + "a" * 22 + "." + "b" * 43,
    "123456789:" + "A" * 35,
    "AC" + "a1" * 16,
    "-----BEGIN RSA PRIVATE KEY-----",
    "AKC" + "abcdefghij12",
    "//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789",
    "cloudant_password='" + "a" * 24 + "'",
    "ibm_cos_secret_access_key = " + "ab" * 24,
]
NOISE = ["Pods crash-loop after the upgrade", "commit e3b0c44298fc1c149afbf4c8996fb92427ae41e4", "token", "secret",
         "key:", "password", "=", ":", '"', "'", "`", "@", "//", "https://", "\t", "  ", "-", "_", "AKIA", "eyJ",
         "xoxb-", "ghp_", "${DB_PASS}", "{{ .Values.password }}", "abcdefgh", "cl", "sl", "Ÿ", "ſ"]
TOKEN = st.one_of(st.sampled_from(SECRETS), st.sampled_from(NOISE),
                  st.sampled_from(SECRETS).flatmap(lambda s: st.integers(1, len(s)).map(lambda n: s[:n])),
                  st.text(st.characters(codec="utf-8", exclude_characters="\n"), max_size=12))
LINE = st.lists(TOKEN, max_size=6).map(lambda parts: "".join(parts))
TEXT = st.lists(LINE, max_size=8).map(lambda lines: "\n".join(lines))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_the_screened_scan_finds_what_every_plugin_on_every_line_finds(text):
    assert scan(text) == scan_with(text, _plugins())


def test_each_kind_of_secret_is_found_mid_text_and_plain_text_runs_no_plugin():
    for secret in SECRETS:
        text = f"Logs below\n  {secret} trailing\nthe end"
        found = scan(text)
        assert found == scan_with(text, _plugins())
        assert [f.line for f in found.findings] == [2], secret
    assert _candidates("Pods crash-loop on our Kubernetes cluster after the upgrade\nat 10:42 UTC") == ()


def test_the_literals_every_match_must_hold_are_read_from_the_pattern():
    assert required_literals(re.compile(r"(ghp|gho)_[A-Za-z0-9_]{36}")) == {"gh"}  # the parser factors out "gh"
    assert required_literals(re.compile(r"(?:abc)?defg\d+")) == {"defg"}  # an optional part proves nothing
    assert required_literals(re.compile(r"x(?:a|b|)y")) == {"x"}  # nor a branch that may match nothing
    assert required_literals(re.compile(r"(?:token){2,}|secret")) == {"token", "secret"}
    assert required_literals(re.compile(r"\d{8,10}:[0-9A-Za-z_-]{35}")) == {":"}
    assert required_literals(re.compile(r"[A-Z]\d+")) is None
    [check] = screens([re.compile(r"password\s*=\s*\S+", re.IGNORECASE)])
    assert check.needle is not None and check.needle.search("PassWord = x") and check.strong


async def test_a_long_paste_is_scanned_off_the_event_loop_and_its_secret_still_stops_the_submission(monkeypatch):
    threads = []
    real = asyncio.to_thread

    async def counted(fn, *args):
        threads.append(fn.__name__)
        return await real(fn, *args)

    monkeypatch.setattr("bot.security.secret_check.asyncio.to_thread", counted)
    guard = SecretGuard(sessions=None, clock=None)  # type: ignore[arg-type]  # no view id: nothing is remembered
    log = "\n".join(f"12:{n:02d} INFO request {n} took {n * 3} ms" for n in range(SCAN_IN_THREAD_CHARS // 30))
    short = await guard.review(None, {"need": ("What is needed", "password: hunter2-s3cret")}, button="File")
    long = await guard.review(None, {"logs": ("Logs", f"{log}\npassword: hunter2-s3cret\n{log}")}, button="File")
    assert threads == ["_scan_all"]  # the long one only
    assert "Line 1 of What is needed looks like a password" in short.errors["need"]
    assert f"Line {log.count(chr(10)) + 2} of Logs looks like a password" in long.errors["logs"]
