"""Build inbound requests exactly as Slack and GitHub send them: raw bodies from the real fixtures, plus signatures.

Fixtures are read at call time from ``tests/fixtures/`` (copied into the repository; see the NOTE.md there). A
missing fixture raises FileNotFoundError, so the test that needs it fails. Every builder returns the raw ``bytes``
to POST; sign those exact bytes with ``slack_signature_headers(secret, body)`` or
``github_webhook_headers(secret, body, event)``.

Slack builders default to the fixtures' ids, except: user ``U111``, team ``T111`` and the bot ``UBOT`` (matching
FakeSlack's defaults). Pass ``trigger_id=fake_slack.new_trigger_id()`` and ``response_url=fake_slack.response_url()``:
the fixtures' trigger ids are unknown to FakeSlack, and the default response_url is a closed local port so that a
forgotten one fails fast instead of reaching hooks.slack.com.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import secrets
import time
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from slack_sdk.signature import SignatureVerifier

JSONDict = dict[str, Any]

DEFAULT_USER = "U111"
DEFAULT_TEAM = "T111"
DEFAULT_CHANNEL = "C111"
DEFAULT_BOT_USER = "UBOT"
UNSET_RESPONSE_URL = "http://127.0.0.1:9/response-url-not-set"


# -- fixtures --------------------------------------------------------------------------------------------------------
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"


def fixtures_dir() -> Path:
    """``tests/fixtures``: the Slack and GitHub payloads and Slack's OpenAPI description, kept in the repository."""
    return _existing(FIXTURES_DIR)


def slack_payloads_dir() -> Path:
    return _existing(FIXTURES_DIR / "slack_payloads")


def github_payloads_dir() -> Path:
    return _existing(FIXTURES_DIR / "github_payloads")


def fixture_file(name: str) -> Path:
    """A file directly under ``tests/fixtures`` (e.g. ``slack_web_openapi_v2.json``); missing: FileNotFoundError."""
    path = FIXTURES_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: the fixture belongs in the repository (tests/fixtures/)")
    return path


def _existing(path: Path) -> Path:
    if not path.is_dir():
        raise FileNotFoundError(f"{path} not found: the fixtures belong in the repository (tests/fixtures/)")
    return path


@lru_cache(maxsize=64)
def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def slack_fixture(name: str) -> Any:
    """A fixture from slack_payloads/ (``.json`` parsed, other files as text); a fresh copy every call."""
    text = _read(str(slack_payloads_dir() / name))
    return json.loads(text) if name.endswith(".json") else text


def github_fixture(name: str) -> Any:
    """A webhook payload from github_payloads/ (parsed JSON; a fresh copy every call)."""
    return json.loads(_read(str(github_payloads_dir() / name)))


# -- Slack signatures --------------------------------------------------------------------------------------------------
def slack_signature_headers(secret: str, raw_body: bytes | str, timestamp: int | str | None = None,
                            *, content_type: str | None = None) -> dict[str, str]:
    """``X-Slack-Request-Timestamp``, ``X-Slack-Signature`` (v0) and ``Content-Type`` for ``raw_body``.

    The content type is JSON for bodies starting with ``{`` (Events API), else form-encoded (commands, interactivity).
    """
    body = raw_body.decode("utf-8") if isinstance(raw_body, bytes) else raw_body
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    assert signature is not None
    if content_type is None:
        content_type = "application/json" if body.lstrip().startswith("{") else "application/x-www-form-urlencoded"
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature, "Content-Type": content_type}


def interactive_body(payload: JSONDict) -> bytes:
    """``payload=<urlencoded JSON>``, encoded like message_action.raw_body.txt."""
    return ("payload=" + quote(json.dumps(payload))).encode()


def parse_interactive_body(body: bytes | str) -> JSONDict:
    """The JSON payload of an interactivity body (the inverse of ``interactive_body``)."""
    text = body.decode() if isinstance(body, bytes) else body
    return json.loads(dict(parse_qsl(text))["payload"])


# -- Slack request bodies ----------------------------------------------------------------------------------------------
def slash_command_body(
    command: str = "/rfh", text: str = "", *, user_id: str = DEFAULT_USER, user_name: str = "primary-owner",
    channel_id: str = DEFAULT_CHANNEL, channel_name: str = "random", trigger_id: str | None = None,
    response_url: str | None = None, team_id: str = DEFAULT_TEAM, **extra: str,
) -> bytes:
    """A slash command body, form-encoded with the fields (and order) of slash_command.raw_body.txt."""
    fields = dict(parse_qsl(slack_fixture("slash_command.raw_body.txt").strip(), keep_blank_values=True))
    fields.update(command=command, text=text, user_id=user_id, user_name=user_name, channel_id=channel_id,
                  channel_name=channel_name, team_id=team_id, response_url=response_url or UNSET_RESPONSE_URL)
    if trigger_id is not None:
        fields["trigger_id"] = trigger_id
    fields.update(extra)
    return urlencode(fields).encode()


def message_shortcut_body(
    callback_id: str = "rfh_from_message", message_text: str | None = None, *, channel_id: str = DEFAULT_CHANNEL,
    channel_name: str = "dev", message_ts: str | None = None, trigger_id: str | None = None,
    user_id: str = DEFAULT_USER, message_user: str = "U222", thread_ts: str | None = None,
    response_url: str | None = None, team_id: str = DEFAULT_TEAM, message: JSONDict | None = None,
) -> bytes:
    """A message shortcut (``type: message_action``) based on message_action.json.

    ``message`` (e.g. ``fake_slack.message(channel, ts)``) replaces the whole message; otherwise ``message_text``
    (rendered as one rich_text block, like Slack does), ``message_user``, ``message_ts`` and ``thread_ts`` are used.
    """
    payload = slack_fixture("message_action.json")
    payload.update(callback_id=callback_id, action_ts=_ts(), response_url=response_url or UNSET_RESPONSE_URL)
    payload["team"]["id"] = team_id
    payload["user"]["id"] = user_id
    payload["channel"] = {"id": channel_id, "name": channel_name}
    if trigger_id is not None:
        payload["trigger_id"] = trigger_id
    if message is not None:
        msg = copy.deepcopy(message)
    else:
        msg = payload["message"]
        msg["user"] = message_user
        msg["team"] = team_id
        if message_text is not None:
            msg["text"] = message_text
            msg["blocks"] = [_rich_text_block(message_text)]
        if message_ts is not None:
            msg["ts"] = message_ts
        if thread_ts is not None:
            msg["thread_ts"] = thread_ts
            msg["parent_user_id"] = message_user
    payload["message"] = msg
    payload["message_ts"] = msg["ts"]
    return interactive_body(payload)


def global_shortcut_body(callback_id: str = "rfh", *, user_id: str = DEFAULT_USER, trigger_id: str | None = None,
                         team_id: str = DEFAULT_TEAM) -> bytes:
    """A global shortcut (``type: shortcut``) based on global_shortcut.json."""
    payload = slack_fixture("global_shortcut.json")
    payload.update(callback_id=callback_id, action_ts=_ts())
    payload["user"]["id"] = user_id
    payload["team"]["id"] = team_id
    if trigger_id is not None:
        payload["trigger_id"] = trigger_id
    return interactive_body(payload)


def view_submission_body(
    view: JSONDict, values: JSONDict | None = None, *, user_id: str = DEFAULT_USER, view_id: str | None = None,
    trigger_id: str | None = None, team_id: str = DEFAULT_TEAM, response_urls: list[JSONDict] | None = None,
) -> bytes:
    """A view_submission based on view_submission.simple.json for ``view`` (e.g. the ``view`` a views.open returned,
    or the view dict the bot sent) with the user's input ``values``.

    ``values`` is keyed by block_id, then action_id; each leaf is either a full state object
    (``{"type": ..., "value": ...}``) or a plain value expanded from the element type (``"text"`` for inputs, an
    option *value* for selects/radios, a list of option values for checkboxes, user ids, ``"YYYY-MM-DD"``, ...).
    ``{block_id: plain value}`` works for input blocks. Input blocks not in ``values`` come back empty (``null`` /
    ``[]``), as Slack sends them.
    """
    payload = slack_fixture("view_submission.simple.json")
    payload["team"]["id"] = team_id
    payload["user"].update(id=user_id, team_id=team_id)
    payload["view"] = build_view_payload(view, values, view_id=view_id, team_id=team_id)
    payload["response_urls"] = response_urls or []
    if trigger_id is not None:
        payload["trigger_id"] = trigger_id
    return interactive_body(payload)


def build_view_payload(view: JSONDict, values: JSONDict | None = None, *, view_id: str | None = None,
                       team_id: str = DEFAULT_TEAM) -> JSONDict:
    """The ``view`` object of a view_submission / block_actions payload, with ``state.values`` built."""
    template = slack_fixture("view_submission.simple.json")["view"]
    out = copy.deepcopy(template)
    for key in ("type", "blocks", "private_metadata", "callback_id", "title", "submit", "close", "external_id",
                "hash", "clear_on_close", "notify_on_close", "previous_view_id", "root_view_id", "app_id", "bot_id"):
        if key in view:
            out[key] = copy.deepcopy(view[key])
    out["id"] = view_id or view.get("id") or template["id"]
    out["root_view_id"] = view.get("root_view_id") or out["id"]
    out["team_id"] = out["app_installed_team_id"] = team_id
    out["private_metadata"] = out.get("private_metadata") or ""
    out["state"] = {"values": state_values(out.get("blocks", []), values or {})}
    return out


def block_actions_body(
    action_id: str, value: Any = None, *, block_id: str | None = None, action_type: str | None = None,
    user_id: str = DEFAULT_USER, channel_id: str = DEFAULT_CHANNEL, message_ts: str | None = None,
    message: JSONDict | None = None, trigger_id: str | None = None, response_url: str | None = None,
    view: JSONDict | None = None, thread_ts: str | None = None, team_id: str = DEFAULT_TEAM,
    action: JSONDict | None = None, view_values: JSONDict | None = None,
) -> bytes:
    """A block_actions payload based on block_actions.message_button.json.

    On a message (default): ``message`` (e.g. ``fake_slack.message(channel, ts)``, whose blocks supply the button's
    text and block_id) or the fixture's message with ``message_ts``. In a modal or App Home: pass ``view`` (a view
    object as returned by views.open/views.publish; ``view_values`` fills its state); the payload then has a
    ``view`` container and no channel, message or response_url, like block_actions.home_tab_button.json.
    ``action`` replaces the generated action object.
    """
    payload = slack_fixture("block_actions.message_button.json")
    payload["user"] = {"id": user_id, "username": "user", "name": "user", "team_id": team_id}
    payload["team"] = {"id": team_id, "domain": "test"}
    if trigger_id is not None:
        payload["trigger_id"] = trigger_id
    blocks: list[JSONDict]
    if view is not None:
        view_obj = build_view_payload(view, view_values, team_id=team_id)
        for key in ("channel", "message", "response_url"):
            payload.pop(key, None)
        payload["container"] = {"type": "view", "view_id": view_obj["id"]}
        payload["view"] = view_obj
        payload["state"] = copy.deepcopy(view_obj["state"])
        blocks = view_obj.get("blocks", [])
    else:
        msg = copy.deepcopy(message) if message is not None else payload["message"]
        if message is None:
            msg["team"] = team_id
            if message_ts is not None:
                msg["ts"] = message_ts
        if thread_ts is not None:
            msg.setdefault("thread_ts", thread_ts)
        ts = str(msg["ts"])
        payload["message"] = msg
        payload["channel"] = {"id": channel_id, "name": "channel"}
        payload["container"] = {"type": "message", "message_ts": ts, "channel_id": channel_id, "is_ephemeral": False}
        if msg.get("thread_ts") and msg["thread_ts"] != ts:
            payload["container"]["thread_ts"] = msg["thread_ts"]
        payload["response_url"] = response_url or UNSET_RESPONSE_URL
        payload["state"] = {"values": {}}
        blocks = msg.get("blocks") or []
    if action is None:
        found_block, element = _find_element(blocks, action_id)
        kind = action_type or (element or {}).get("type") or "button"
        action = {"action_id": action_id, "block_id": block_id or found_block or "rfh", "type": kind}
        if kind == "button":
            text = (element or {}).get("text") or {"type": "plain_text", "text": "Click Me", "emoji": True}
            action["text"] = copy.deepcopy(text)
            action["value"] = value if value is not None else (element or {}).get("value")
            if (element or {}).get("style"):
                action["style"] = element["style"]
        else:
            action.update(_state_entry(kind, value, element or {}))
        action["action_ts"] = _ts()
    payload["actions"] = [action]
    return interactive_body(payload)


def event_body(event: JSONDict, event_id: str | None = None, *, team_id: str = DEFAULT_TEAM,
               api_app_id: str = "A111", bot_user_id: str = DEFAULT_BOT_USER, event_time: int | None = None) -> bytes:
    """An Events API ``event_callback`` envelope (like event_callback.message_in_thread.json) around ``event``.

    Reuse the same ``event_id`` to simulate Slack's retry of a delivery (plus ``X-Slack-Retry-Num`` headers).
    """
    envelope = slack_fixture("event_callback.message_in_thread.json")
    envelope.update(team_id=team_id, api_app_id=api_app_id, event=event,
                    event_id=event_id or f"Ev{secrets.token_hex(5).upper()}",
                    event_time=event_time if event_time is not None else int(time.time()))
    envelope["authorizations"] = [{"enterprise_id": envelope.get("enterprise_id"), "team_id": team_id,
                                   "user_id": bot_user_id, "is_bot": True, "is_enterprise_install": False}]
    return json.dumps(envelope).encode()


def message_event(text: str, *, user: str = DEFAULT_USER, channel: str = DEFAULT_CHANNEL, ts: str | None = None,
                  thread_ts: str | None = None, parent_user_id: str | None = None, team_id: str = DEFAULT_TEAM,
                  channel_type: str = "channel", **extra: Any) -> JSONDict:
    """A ``message`` event shaped like the one in event_callback.message_in_thread.json (a top-level message when
    ``thread_ts`` is None, a thread reply otherwise)."""
    ts = ts or _ts()
    event: JSONDict = slack_fixture("event_callback.message_in_thread.json")["event"]
    event.update(user=user, ts=ts, text=text, team=team_id, user_team=team_id, source_team=team_id, channel=channel,
                 event_ts=ts, channel_type=channel_type, client_msg_id=str(uuid.uuid4()),
                 blocks=[_rich_text_block(text)])
    event.pop("thread_ts", None)
    event.pop("parent_user_id", None)
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
        event["parent_user_id"] = parent_user_id or user
    event.update(extra)
    return event


def url_verification_body(challenge: str = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P") -> bytes:
    body = slack_fixture("url_verification.json")
    body["challenge"] = challenge
    return json.dumps(body).encode()


# -- state values --------------------------------------------------------------------------------------------------
_VALUE_KEYS = {
    "static_select": "selected_option", "external_select": "selected_option", "radio_buttons": "selected_option",
    "overflow": "selected_option",
    "multi_static_select": "selected_options", "multi_external_select": "selected_options",
    "checkboxes": "selected_options", "users_select": "selected_user", "multi_users_select": "selected_users",
    "conversations_select": "selected_conversation", "multi_conversations_select": "selected_conversations",
    "channels_select": "selected_channel", "multi_channels_select": "selected_channels",
    "datepicker": "selected_date", "timepicker": "selected_time", "datetimepicker": "selected_date_time",
    "file_input": "files", "rich_text_input": "rich_text_value",
}
_LIST_KEYS = {"selected_options", "selected_users", "selected_conversations", "selected_channels", "files"}


def state_values(blocks: list[JSONDict], values: JSONDict) -> JSONDict:
    """``view.state.values`` for ``blocks`` given the user's ``values`` (see ``view_submission_body``)."""
    elements: dict[str, dict[str, JSONDict]] = {}
    inputs: list[tuple[str, str, JSONDict]] = []
    for i, block in enumerate(blocks):
        block_id = block.get("block_id") or f"b{i}"
        found = []
        if block.get("type") == "input" and isinstance(block.get("element"), dict):
            found.append(block["element"])
        found += [e for e in block.get("elements", []) if isinstance(e, dict) and e.get("action_id")]
        if isinstance(block.get("accessory"), dict):
            found.append(block["accessory"])
        for j, element in enumerate(found):
            action_id = element.get("action_id") or f"a{j}"
            elements.setdefault(block_id, {})[action_id] = element
            if block.get("type") == "input" and element is block.get("element"):
                inputs.append((block_id, action_id, element))
    state: JSONDict = {}
    for block_id, action_id, element in inputs:
        state.setdefault(block_id, {})[action_id] = _state_entry(element.get("type", ""), None, element)
    for block_id, given in values.items():
        known = elements.get(block_id, {})
        if not isinstance(given, dict) or "type" in given:
            if len(known) != 1:
                raise ValueError(f"block {block_id!r}: give {{action_id: value}} (elements: {sorted(known)})")
            given = {next(iter(known)): given}
        for action_id, value in given.items():
            element = known.get(action_id, {})
            if isinstance(value, dict) and "type" in value:
                entry = copy.deepcopy(value)
            else:
                entry = _state_entry(element.get("type", "plain_text_input"), value, element)
            state.setdefault(block_id, {})[action_id] = entry
    return state


def _state_entry(kind: str, value: Any, element: JSONDict) -> JSONDict:
    key = _VALUE_KEYS.get(kind, "value")
    if key == "selected_option":
        return {"type": kind, key: None if value is None else _option(element, value)}
    if key == "selected_options":
        return {"type": kind, key: [_option(element, v) for v in (value or [])]}
    if key in _LIST_KEYS:
        return {"type": kind, key: list(value or [])}
    return {"type": kind, key: value}


def _option(element: JSONDict, value: Any) -> JSONDict:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options += group.get("options", [])
    for option in options:
        if option.get("value") == value:
            return copy.deepcopy(option)
    return {"text": {"type": "plain_text", "text": str(value), "emoji": True}, "value": str(value)}


def _find_element(blocks: list[JSONDict], action_id: str) -> tuple[str | None, JSONDict | None]:
    for block in blocks:
        candidates = [e for e in block.get("elements", []) if isinstance(e, dict)]
        for key in ("accessory", "element"):
            if isinstance(block.get(key), dict):
                candidates.append(block[key])
        for element in candidates:
            if element.get("action_id") == action_id:
                return block.get("block_id"), element
    return None, None


def _rich_text_block(text: str) -> JSONDict:
    return {"type": "rich_text", "block_id": secrets.token_urlsafe(3)[:4], "elements": [
        {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}]}


_last_ts = [0]


def _ts() -> str:
    """A unique, increasing Slack-style ts (``seconds.micros``)."""
    now = max(int(time.time() * 1_000_000), _last_ts[0] + 1)
    _last_ts[0] = now
    return f"{now // 1_000_000}.{now % 1_000_000:06d}"


# -- GitHub webhooks --------------------------------------------------------------------------------------------------
def sign_webhook(secret: str | bytes, body: bytes | str) -> str:
    """``X-Hub-Signature-256`` value: ``sha256=`` + hex HMAC-SHA256(secret, raw body)."""
    key = secret.encode() if isinstance(secret, str) else secret
    raw = body.encode() if isinstance(body, str) else body
    return "sha256=" + hmac.new(key, raw, hashlib.sha256).hexdigest()


def github_webhook_headers(secret: str | None, body: bytes | str, event: str,
                           delivery_id: str | None = None, *, hook_id: str = "123456789") -> dict[str, str]:
    """Headers of a GitHub webhook delivery of ``body`` (``secret=None``: unsigned, as with no secret set).

    Reuse ``delivery_id`` to simulate a redelivery (GitHub keeps the same ``X-GitHub-Delivery``).
    """
    raw = body.encode() if isinstance(body, str) else body
    headers = {
        "Content-Type": "application/json", "User-Agent": "GitHub-Hookshot/044aadd", "X-GitHub-Event": event,
        "X-GitHub-Delivery": delivery_id or str(uuid.uuid4()), "X-GitHub-Hook-ID": hook_id,
        "X-GitHub-Hook-Installation-Target-Type": "repository", "X-GitHub-Hook-Installation-Target-ID": "1",
    }
    if secret is not None:
        key = secret.encode()
        headers["X-Hub-Signature"] = "sha1=" + hmac.new(key, raw, hashlib.sha1).hexdigest()
        headers["X-Hub-Signature-256"] = sign_webhook(secret, raw)
    return headers
