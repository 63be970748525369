"""views.*: modals (open, push onto a stack of at most three, update by id or external_id with hash checks) and
App Home tabs; the trigger_id a modal needs (used once, within ``trigger_ttl`` seconds, like Slack's 3 s)."""

from __future__ import annotations

import copy
import json
import secrets
import time
from typing import Any

from fakes.slack.blockkit import view_errors
from fakes.slack.model import JSONDict, SlackApiFailure, Trigger
from fakes.slack.workspace import Workspace

MAX_VIEW_JSON = 250_000
MAX_STACK = 3


def issue_trigger(ws: Workspace, *, age: float = 0.0, view_id: str | None = None) -> str:
    """A new trigger_id, issued ``age`` seconds ago, from inside modal ``view_id`` if given."""
    trigger_id = f"{secrets.randbelow(10**12):012d}.{secrets.randbelow(10**12):012d}.{secrets.token_hex(16)}"
    ws.triggers[trigger_id] = Trigger(issued=time.monotonic() - age, view_id=view_id)
    return trigger_id


def exchange_trigger(ws: Workspace, trigger_id: str) -> Trigger | None:
    trigger = ws.triggers.get(trigger_id)
    if trigger is None:
        if ws.strict_triggers:
            raise SlackApiFailure("invalid_trigger_id")
        return None
    if trigger.used:
        raise SlackApiFailure("exchanged_trigger_id")
    if time.monotonic() - trigger.issued > ws.trigger_ttl:
        raise SlackApiFailure("expired_trigger_id")
    trigger.used = True
    return trigger


def valid_view(view: Any, *, allowed: tuple[str, ...]) -> JSONDict:
    """The ``view`` argument as an object, or Slack's ok:false for bad JSON, a view too large or Block Kit errors."""
    if isinstance(view, str):
        try:
            view = json.loads(view)
        except ValueError:
            raise SlackApiFailure("invalid_arguments", "[ERROR] failed to parse json [json-pointer:/view]") \
                from None
    if not isinstance(view, dict):
        raise SlackApiFailure("invalid_arguments", "[ERROR] must provide an object [json-pointer:/view]")
    if len(json.dumps(view)) > MAX_VIEW_JSON:
        raise SlackApiFailure("view_too_large")
    errors = view_errors(view, allowed_types=allowed)
    if errors:
        raise SlackApiFailure("invalid_arguments", *errors)
    return view


def _check_external_id(ws: Workspace, view: JSONDict) -> None:
    external_id = view.get("external_id")
    if external_id and any(v.get("external_id") == external_id and k not in ws.closed_views
                           for k, v in ws.views.items()):
        raise SlackApiFailure("duplicate_external_id")


def view_object(ws: Workspace, view_id: str, view: JSONDict, *, root: str, previous: str | None) -> JSONDict:
    """The view as Slack stores and answers it (a new ``hash`` each time)."""
    team = ws.team
    return {
        "id": view_id, "team_id": team.team_id, "type": view.get("type"),
        "blocks": copy.deepcopy(view.get("blocks", [])),
        "private_metadata": view.get("private_metadata", ""), "callback_id": view.get("callback_id", ""),
        "state": {"values": {}}, "hash": ws.new_hash(), "title": copy.deepcopy(view.get("title")),
        "clear_on_close": bool(view.get("clear_on_close", False)),
        "notify_on_close": bool(view.get("notify_on_close", False)), "close": copy.deepcopy(view.get("close")),
        "submit": copy.deepcopy(view.get("submit")), "previous_view_id": previous, "root_view_id": root,
        "app_id": team.app_id, "external_id": view.get("external_id", ""), "app_installed_team_id": team.team_id,
        "bot_id": team.bot_id,
    }


def open_(ws: Workspace, args: JSONDict) -> JSONDict:
    view = valid_view(args["view"], allowed=("modal",))
    _check_external_id(ws, view)
    exchange_trigger(ws, str(args["trigger_id"]))
    view_id = ws.new_id("V")
    obj = view_object(ws, view_id, view, root=view_id, previous=None)
    ws.views[view_id] = obj
    ws.stacks[view_id] = [view_id]
    ws.last_root = view_id
    return {"ok": True, "view": copy.deepcopy(obj)}


def _stack_root(ws: Workspace, trigger_id: str) -> str | None:
    """The modal a push lands on: the one its trigger came from, else the last one opened."""
    known = ws.triggers.get(trigger_id)
    if known is not None and known.view_id in ws.views:
        return str(ws.views[known.view_id]["root_view_id"])
    if ws.last_root in ws.stacks:
        return ws.last_root
    return None


def push(ws: Workspace, args: JSONDict) -> JSONDict:
    view = valid_view(args["view"], allowed=("modal",))
    _check_external_id(ws, view)
    trigger_id = str(args["trigger_id"])
    root = _stack_root(ws, trigger_id)
    if root is not None and root in ws.stacks and len(ws.stacks[root]) >= MAX_STACK:
        raise SlackApiFailure("push_limit_reached")
    exchange_trigger(ws, trigger_id)
    view_id = ws.new_id("V")
    if root is None or root not in ws.stacks:
        root, previous = view_id, None
        ws.stacks[view_id] = [view_id]
    else:
        previous = ws.stacks[root][-1]
        ws.stacks[root].append(view_id)
    obj = view_object(ws, view_id, view, root=root, previous=previous)
    ws.views[view_id] = obj
    return {"ok": True, "view": copy.deepcopy(obj)}


def _open_view_id(ws: Workspace, args: JSONDict) -> str:
    view_id, external_id = args.get("view_id"), args.get("external_id")
    if not view_id and not external_id:
        raise SlackApiFailure("invalid_arguments", "[ERROR] missing required field: view_id or external_id")
    if not view_id:
        view_id = next((k for k, v in ws.views.items() if external_id and v.get("external_id") == external_id
                        and k not in ws.closed_views), None)
    if not view_id or view_id not in ws.views or view_id in ws.closed_views:
        raise SlackApiFailure("not_found")
    return str(view_id)


def update(ws: Workspace, args: JSONDict) -> JSONDict:
    view_id = _open_view_id(ws, args)
    current = ws.views[view_id]
    view = valid_view(args["view"], allowed=(current["type"],))
    if args.get("hash") and args["hash"] != current["hash"]:
        raise SlackApiFailure("hash_conflict")
    obj = view_object(ws, view_id, view, root=current["root_view_id"], previous=current["previous_view_id"])
    obj["state"] = current["state"]
    if not view.get("external_id"):
        obj["external_id"] = current.get("external_id", "")
    ws.views[view_id] = obj
    return {"ok": True, "view": copy.deepcopy(obj)}


def publish(ws: Workspace, args: JSONDict) -> JSONDict:
    user_id = str(args["user_id"])
    view = valid_view(args["view"], allowed=("home",))
    view_id = ws.home_views.get(user_id)
    if view_id and args.get("hash") and args["hash"] != ws.views[view_id]["hash"]:
        raise SlackApiFailure("hash_conflict")
    view_id = view_id or ws.new_id("V")
    obj = view_object(ws, view_id, view, root=view_id, previous=None)
    ws.views[view_id] = obj
    ws.home_views[user_id] = view_id
    return {"ok": True, "view": copy.deepcopy(obj)}


METHODS = {
    "views.open": open_,
    "views.push": push,
    "views.update": update,
    "views.publish": publish,
}
