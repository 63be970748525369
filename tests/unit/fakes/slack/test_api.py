"""The method table: the required arguments cover Slack's OpenAPI spec (in the repository); a method answered on a
workspace alone, without HTTP."""

from __future__ import annotations

import json

from fakes.slack import REQUIRED_ARGS, api
from fakes.slack.model import Team
from fakes.slack.workspace import Workspace
from tests import signing


def test_required_args_cover_the_openapi_spec() -> None:
    spec = json.loads(signing.fixture_file("slack_web_openapi_v2.json").read_text())
    for method, required in REQUIRED_ARGS.items():
        path = spec["paths"].get(f"/{method}")
        if path is None:
            continue
        for operation in path.values():
            wanted = {p["name"] for p in operation.get("parameters", []) if p.get("required")} - {"token"}
            assert wanted <= set(required), (method, wanted)


def test_every_method_answered_has_its_required_arguments_listed() -> None:
    assert set(api.METHODS) == set(REQUIRED_ARGS)


def test_a_method_is_answered_without_a_server() -> None:
    ws = Workspace(Team(), origin=lambda: "http://127.0.0.1:9")
    assert api.call(ws, "nope.nothing", {}) == {"ok": False, "error": "unknown_method", "req_method": "nope.nothing"}
    missing = api.call(ws, "chat.postMessage", {"text": "hi", "channel": ""})
    assert missing["error"] == "invalid_arguments"
    assert missing["response_metadata"]["messages"] == ["[ERROR] missing required field: channel"]
    posted = api.call(ws, "chat.postMessage", {"channel": "#ops", "text": "hi"})
    assert posted["ok"] and ws.messages[posted["channel"]][0]["text"] == "hi"
    assert api.call(ws, "users.info", {"user": "U404"}) == {"ok": False, "error": "user_not_found"}
