"""The fast decoding of Slack's ``payload=…`` bodies reads exactly what Bolt's own parser reads, or steps aside."""

from __future__ import annotations

import json
import random
from urllib.parse import quote, quote_plus, unquote_plus

import pytest
from slack_bolt.request.internals import parse_body

from bot.shell.slack_request import FORM, interactive_payload
from bot.shell.slack_request import unquote_plus as fast_unquote_plus
from tests.signing import interactive_body, slack_fixture

ALPHABET = "abcXYZ019 +%&=?#/\\\"'<>{}[]:;,.~_-\n\t" + "éüß漢字🙂\u200b\U0010fffd"


def random_text(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 60)))


def test_decoding_matches_urllib_for_every_way_a_client_may_encode():
    rng = random.Random(10)
    for _ in range(2000):
        text = random_text(rng)
        for encoded in (quote(text), quote_plus(text), quote(text, safe="{}:,\"[]"), quote(text).lower()):
            assert fast_unquote_plus(encoded) == unquote_plus(encoded), encoded


@pytest.mark.parametrize("encoded", ["%", "%4", "%zz", "100%25%", "caf\u00e9%41", "%ff%fe", "%c3", "\\%zz"])
def test_what_urllib_decodes_leniently_is_refused_so_bolt_parses_it(encoded):
    with pytest.raises(ValueError):
        fast_unquote_plus(encoded)


def test_real_payloads_read_the_same_as_bolt_reads_them():
    rng = random.Random(11)
    for name in ("view_submission.simple.json", "message_action.json", "global_shortcut.json"):
        payload = slack_fixture(name)
        payload["user"]["name"] = random_text(rng)
        body = interactive_body(payload).decode()
        assert interactive_payload(body) == parse_body(body, FORM) == payload


@pytest.mark.parametrize("body", [
    "payload=%7B%7D&extra=1",           # more fields: Bolt picks the payload field itself
    "token=x&command=%2Frfh&text=hi",   # a slash command
    "payload=%5B1%5D",                  # JSON, but not an object
    "payload=%7Bnot+json",              # not JSON: Bolt raises its own error
    "payload=%zz",                      # a malformed escape urllib tolerates
    '{"type": "url_verification"}',     # an event
])
def test_other_bodies_are_left_to_bolt(body):
    assert interactive_payload(body) is None


def test_a_submitted_modal_with_every_kind_of_character_survives():
    view = {"state": {"values": {"b": {"a": {"type": "plain_text_input", "value": "50% off + \"quotes\" \\ 🙂 &=?"}}}}}
    body = "payload=" + quote(json.dumps({"type": "view_submission", "view": view}))
    assert interactive_payload(body) == parse_body(body, FORM)
