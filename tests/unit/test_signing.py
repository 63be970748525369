"""The test helpers that sign and shape Slack and GitHub requests (tests/signing.py) match the real formats
and the fixtures."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl

import pytest
from slack_sdk.signature import SignatureVerifier

from fakes.slack import FakeSlack
from tests import signing
from tests.fakes import fixtures
from tests.unit.fakes.clients import slack_client

fake_slack = fixtures.fake_slack


def test_slack_signature_headers_verify() -> None:
    body = signing.slash_command_body(text="help me")
    headers = signing.slack_signature_headers("s3cret", body)
    verifier = SignatureVerifier("s3cret")
    assert verifier.is_valid(body=body.decode(), timestamp=headers["X-Slack-Request-Timestamp"],
                             signature=headers["X-Slack-Signature"])
    assert verifier.is_valid_request(body, headers)
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert not SignatureVerifier("other").is_valid_request(body, headers)
    old = signing.slack_signature_headers("s3cret", body, timestamp=int(time.time()) - 600)
    assert not verifier.is_valid_request(body, old)
    assert signing.slack_signature_headers("s3cret", b'{"type": "x"}')["Content-Type"] == "application/json"


def test_github_signature_test_vector() -> None:
    expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    assert signing.sign_webhook("It's a Secret to Everybody", b"Hello, World!") == expected
    headers = signing.github_webhook_headers("It's a Secret to Everybody", "Hello, World!", "issues", "d-1")
    assert headers["X-Hub-Signature-256"] == expected and headers["X-GitHub-Delivery"] == "d-1"
    assert headers["X-GitHub-Event"] == "issues" and headers["Content-Type"] == "application/json"
    sha1 = hmac.new(b"It's a Secret to Everybody", b"Hello, World!", hashlib.sha1).hexdigest()
    assert headers["X-Hub-Signature"] == f"sha1={sha1}"


def test_slash_command_body_matches_the_fixture() -> None:
    body = signing.slash_command_body("/rfh", "deploy <@U9> broke & more", trigger_id="1.2.3",
                                      response_url="http://x/response/1")
    fixture_keys = [k for k, _ in parse_qsl(signing.slack_fixture("slash_command.raw_body.txt"))]
    parsed = dict(parse_qsl(body.decode()))
    assert list(parsed) == fixture_keys
    assert parsed["command"] == "/rfh" and parsed["text"] == "deploy <@U9> broke & more"
    assert parsed["trigger_id"] == "1.2.3" and parsed["user_id"] == "U111"
    assert parse_qs(body.decode())["response_url"] == ["http://x/response/1"]


def test_interactive_bodies() -> None:
    shortcut = signing.parse_interactive_body(signing.message_shortcut_body(
        message_text="customer is down", channel_id="C9", message_ts="1700000000.000100", trigger_id="t1"))
    assert shortcut["type"] == "message_action" and shortcut["callback_id"] == "rfh_from_message"
    assert shortcut["message"]["text"] == "customer is down" and shortcut["message_ts"] == "1700000000.000100"
    assert shortcut["channel"]["id"] == "C9" and shortcut["trigger_id"] == "t1"
    assert signing.message_shortcut_body().startswith(b"payload=%7B%22type%22%3A%20%22message_action%22")

    fixture = signing.slack_fixture("view_submission.multi_element.json")
    submission = signing.parse_interactive_body(signing.view_submission_body(fixture["view"], {
        "rating": "3", "date-of-visit": "2019-09-23", "comment": "Just amazing!", "b4-2": ["U123", "U234"],
        "b8": ["value-0", "value-1"], "b9": "option 1"}, view_id="V9"))
    values, expected = submission["view"]["state"]["values"], fixture["view"]["state"]["values"]
    for block_id in ("rating", "date-of-visit", "comment", "b4-2", "b8"):
        assert values[block_id] == expected[block_id], block_id
    assert values["b9"]["a9"]["selected_option"]["value"] == "option 1"
    assert submission["view"]["id"] == "V9" and submission["view"]["callback_id"] == "modal-callback-id"
    empty = signing.parse_interactive_body(signing.view_submission_body(fixture["view"], {}))
    assert empty["view"]["state"]["values"]["comment"] == {"single_action": {"type": "plain_text_input",
                                                                             "value": None}}
    assert empty["view"]["state"]["values"]["b8"]["a8"]["selected_options"] == []


async def test_block_actions_and_events_from_fake_state(fake_slack: FakeSlack) -> None:
    client = slack_client(fake_slack)
    blocks = [{"type": "actions", "block_id": "rfh_actions", "elements": [
        {"type": "button", "action_id": "take", "text": {"type": "plain_text", "text": "Take ownership"},
         "value": "rfh-1"}]}]
    posted = await client.chat_postMessage(channel="#distribution", text="RFH", blocks=blocks)
    message = fake_slack.message("#distribution", posted["ts"])
    action = signing.parse_interactive_body(signing.block_actions_body(
        "take", message=message, channel_id=posted["channel"], trigger_id="t2", response_url="http://r"))
    assert action["container"] == {"type": "message", "message_ts": posted["ts"], "channel_id": posted["channel"],
                                   "is_ephemeral": False}
    assert action["actions"][0]["block_id"] == "rfh_actions" and action["actions"][0]["value"] == "rfh-1"
    assert action["actions"][0]["text"]["text"] == "Take ownership" and action["response_url"] == "http://r"

    home = (await client.views_publish(user_id="U111", view={"type": "home", "blocks": blocks}))["view"]
    in_view = signing.parse_interactive_body(signing.block_actions_body("take", view=home))
    assert in_view["container"] == {"type": "view", "view_id": home["id"]} and "response_url" not in in_view
    assert in_view["view"]["hash"] == home["hash"]

    event = signing.message_event("I'll take it", user="U222", channel=posted["channel"], thread_ts=posted["ts"])
    envelope = json.loads(signing.event_body(event, event_id="Ev1"))
    fixture = signing.slack_fixture("event_callback.message_in_thread.json")
    assert set(envelope) == set(fixture) and set(fixture["event"]) <= set(envelope["event"])
    assert envelope["event_id"] == "Ev1" and envelope["authorizations"][0]["user_id"] == "UBOT"
    assert envelope["event"]["thread_ts"] == posted["ts"]


def test_fixtures_live_in_the_repository(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert signing.slack_payloads_dir().is_relative_to(Path(signing.__file__).parent)
    assert signing.slack_fixture("url_verification.json")["type"] == "url_verification"
    assert signing.github_fixture("issues.closed.json")["action"] == "closed"
    # A missing fixture is an error that fails the test needing it, never a skip.
    monkeypatch.setattr(signing, "FIXTURES_DIR", tmp_path)
    with pytest.raises(FileNotFoundError, match="tests/fixtures"):
        signing.slack_fixture("url_verification.json")
    with pytest.raises(FileNotFoundError):
        signing.fixture_file("slack_web_openapi_v2.json")
