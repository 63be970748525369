"""What Slack sends when a person acts, for the demo: slash commands, modal submissions and button clicks, as raw
bodies with Slack's v0 signature (the same shapes as the payload fixtures the tests use)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from slack_sdk.signature import SignatureVerifier

JSONDict = dict[str, Any]
TEAM = {"id": "T0DEMO", "domain": "demo"}
_VALUE_KEYS = {
    "static_select": "selected_option", "external_select": "selected_option", "radio_buttons": "selected_option",
    "checkboxes": "selected_options",
    "users_select": "selected_user", "multi_users_select": "selected_users", "datepicker": "selected_date",
    "file_input": "files",
}


@dataclass(frozen=True)
class Signed:
    body: bytes
    headers: dict[str, str]


def sign(secret: str, body: bytes) -> Signed:
    timestamp = str(int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body.decode())
    content_type = "application/json" if body.startswith(b"{") else "application/x-www-form-urlencoded"
    return Signed(body, {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": str(signature),
                         "Content-Type": content_type})


def slash_command(*, text: str, user: str, user_name: str, channel: str, channel_name: str, trigger_id: str,
                  response_url: str) -> bytes:
    return urlencode({
        "token": "unused", "team_id": TEAM["id"], "team_domain": TEAM["domain"], "channel_id": channel,
        "channel_name": channel_name, "user_id": user, "user_name": user_name, "command": "/rfh", "text": text,
        "api_app_id": "A0DEMO", "response_url": response_url, "trigger_id": trigger_id,
    }).encode()


def interactive(payload: JSONDict) -> bytes:
    return ("payload=" + quote(json.dumps(payload))).encode()


def _user(user: str, name: str) -> JSONDict:
    return {"id": user, "username": name, "name": name, "team_id": TEAM["id"]}


def view_submission(view: JSONDict, answers: JSONDict, *, user: str, name: str) -> bytes:
    """The submission of ``view`` (as views.open returned it): what it pre-filled, plus ``answers`` by block id."""
    return interactive({
        "type": "view_submission", "team": TEAM, "user": _user(user, name), "api_app_id": "A0DEMO",
        "trigger_id": f"{int(time.time())}.1.demo", "response_urls": [],
        "view": {**view, "state": {"values": state_values(view, answers)}},
    })


def block_actions(message: JSONDict, *, channel: str, action_id: str, user: str, name: str, trigger_id: str,
                  response_url: str) -> bytes:
    """A click on the button ``action_id`` of ``message`` (as the channel holds it)."""
    button, block_id = next((element, block.get("block_id")) for block in message.get("blocks", [])
                            for element in block.get("elements", []) if element.get("action_id") == action_id)
    return interactive({
        "type": "block_actions", "team": TEAM, "user": _user(user, name), "api_app_id": "A0DEMO",
        "trigger_id": trigger_id, "response_url": response_url,
        "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel,
                      "is_ephemeral": False},
        "channel": {"id": channel, "name": channel}, "message": message, "state": {"values": {}},
        "actions": [{"type": "button", "action_id": action_id, "block_id": block_id, "text": button.get("text"),
                     "value": button.get("value"), "action_ts": f"{time.time():.6f}"}],
    })


def state_values(view: JSONDict, answers: JSONDict) -> JSONDict:
    """``view.state.values`` as a person leaves it: the pre-filled values kept, the answers typed or picked."""
    values: JSONDict = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        element, block_id = block["element"], block["block_id"]
        kind = element["type"]
        answer = answers.get(block_id)
        key = _VALUE_KEYS.get(kind, "value")
        if key == "selected_option":
            option = _option(element, answer) if answer is not None else element.get("initial_option")
            entry: JSONDict = {key: option}
        elif key in ("selected_options", "selected_users", "files"):
            entry = {key: [_option(element, a) for a in answer or []] if key == "selected_options"
                     else list(answer or [])}
        elif key in ("selected_user", "selected_date"):
            entry = {key: answer}
        else:
            entry = {key: answer if answer is not None else element.get("initial_value")}
        values[block_id] = {element["action_id"]: {"type": kind, **entry}}
    return values


def _option(element: JSONDict, value: Any) -> JSONDict:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options += group.get("options", [])
    # An external select (the customer type-ahead) has no options in the view: the one Slack's options load offered.
    offered = {"text": {"type": "plain_text", "text": str(value)}, "value": str(value)}
    return next((o for o in options if o.get("value") == value), offered)
