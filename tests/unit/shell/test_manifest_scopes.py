"""The manifest asks for exactly the scopes the code needs: each Web API method the code calls (found by reading the
source), looked up in Slack's OpenAPI description (tests/fixtures), plus the few scopes that features need without a
method call (the slash command, event subscriptions, file uploads in the modal)."""

from __future__ import annotations

import ast
import inspect
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.shell.manifest import BOT_EVENTS, manifest
from tests.signing import fixture_file

ROOT = Path(__file__).resolve().parents[3]
SCANNED = ("bot", "handlers")
CALLING = {"_call", "api_call", "check_token"}  # our wrappers whose first argument is the Web API method's name

# Conversation scopes come per conversation type (channels = public, groups = private, im = DMs, mpim = group DMs);
# the spec lists every type. The bot works in public and private channels (team channels, customer threads) and in
# DMs (confirmations, on-call pings), never in group DMs; two methods are narrower, by their arguments.
CONVERSATION_TYPES = {"channels", "groups", "im"}
NARROWER = {
    "conversations.open": {"im"},  # users=<one user>: the DM with them
    "conversations.list": {"channels", "groups"},  # types="public_channel,private_channel"
}
NOT_A_BOT_SCOPE = {"apps.connections.open": "Socket Mode, with the app-level token (connections:write)"}
CLASSIC_TO_GRANULAR = {"chat:write:bot": "chat:write", "chat:write:user": "chat:write"}
FEATURE_SCOPES = {
    "commands": "the /rfh slash command and the message shortcut",
    "files:read": "the modal's file_input (Slack sends the uploaded files' details only with it)",
}
# Methods newer than the frozen 2021 spec, with the scopes Slack's method pages list for them. slack_sdk's
# files_upload_v2 calls the two upload methods (files.upload is retired).
NEWER_THAN_SPEC = {"files.getUploadURLExternal": {"files:write"}, "files.completeUploadExternal": {"files:write"}}
CALLS_SEVERAL = {"files_upload_v2": ("files.getUploadURLExternal", "files.completeUploadExternal")}
EVENT_SCOPES = {"message.channels": "channels:history", "message.groups": "groups:history", "app_home_opened": None}


def python_files() -> list[Path]:
    return [p for folder in SCANNED for p in (ROOT / folder).rglob("*.py")]


@cache
def client_method(attribute: str) -> str | None:
    """``chat_postMessage`` → ``chat.postMessage``, read from slack_sdk's own source of that client method."""
    function = getattr(AsyncWebClient, attribute, None)
    if not callable(function) or attribute.startswith("_"):
        return None
    found = re.search(r'api_call\(\s*"([\w.]+)"', inspect.getsource(function))
    return found.group(1) if found else None


def called_methods() -> dict[str, set[str]]:
    """Web API method → the files that call it."""
    calls: dict[str, set[str]] = {}
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute | ast.Name):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            method = None
            if name in CALLING and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                method = node.args[0].value
            elif isinstance(node.func, ast.Attribute):
                method = client_method(name)
            for called in CALLS_SEVERAL.get(name, (method,) if method else ()):
                calls.setdefault(called, set()).add(str(path.relative_to(ROOT)))
    return calls


def spec() -> dict[str, Any]:
    return json.loads(fixture_file("slack_web_openapi_v2.json").read_text(encoding="utf-8"))


def method_scopes(method: str, paths: dict[str, Any]) -> set[str]:
    operations = paths[f"/{method}"]
    listed = {scope for op in operations.values() for block in op.get("security", [])
              for scopes in block.values() for scope in scopes}
    wanted = set()
    for scope in listed - {"none"}:
        kind = scope.split(":")[0]
        if kind in ("channels", "groups", "im", "mpim"):
            if kind in NARROWER.get(method, CONVERSATION_TYPES):
                wanted.add(scope)
        else:
            wanted.add(CLASSIC_TO_GRANULAR.get(scope, scope))
    return wanted


def derived_scopes() -> dict[str, str]:
    """Scope → why it is needed."""
    paths = spec()["paths"]
    why: dict[str, str] = dict(FEATURE_SCOPES)
    for method, files in sorted(called_methods().items()):
        if method in NOT_A_BOT_SCOPE:
            continue
        if method in NEWER_THAN_SPEC:
            for scope in NEWER_THAN_SPEC[method]:
                why.setdefault(scope, f"{method} ({', '.join(sorted(files))})")
            continue
        assert f"/{method}" in paths, f"{method} (called in {sorted(files)}) is not in Slack's OpenAPI description"
        for scope in method_scopes(method, paths):
            why.setdefault(scope, f"{method} ({', '.join(sorted(files))})")
    for event in BOT_EVENTS:
        scope = EVENT_SCOPES[event]
        if scope:
            why.setdefault(scope, f"the {event} event")
    return why


def test_the_scan_finds_the_calls_the_code_makes() -> None:
    calls = called_methods()
    assert {"chat.postMessage", "views.open", "conversations.list", "usergroups.users.update"} <= set(calls)
    assert "bot/adapters/slack_chat.py" in calls["chat.postMessage"]
    assert calls["views.open"] >= {"handlers/commands.py", "handlers/shortcuts.py"}  # client.views_open(...)
    assert "reactions.add" not in calls


def test_manifest_scopes_are_what_the_code_calls() -> None:
    asked = set(manifest()["oauth_config"]["scopes"]["bot"])
    needed = derived_scopes()
    missing = {scope: needed[scope] for scope in set(needed) - asked}
    unused = asked - set(needed)
    assert not missing, f"the manifest lacks scopes the code needs: {missing}"
    assert not unused, f"the manifest asks for scopes nothing uses: {sorted(unused)}"
    assert {"groups:read", "im:history"} <= asked and not {"chat:write.public", "reactions:write"} & asked


def test_every_event_the_manifest_subscribes_to_is_known() -> None:
    assert set(BOT_EVENTS) <= set(EVENT_SCOPES)
    assert manifest(url="https://rfh.example.com")["oauth_config"] == manifest()["oauth_config"]
