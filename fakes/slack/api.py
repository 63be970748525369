"""The Web API methods the fake answers: one table built from the method modules, the arguments each requires, and
the call of one method on the workspace."""

from __future__ import annotations

from collections.abc import Callable

from fakes.slack import chat, conversations, directory, files, socket_mode, views
from fakes.slack.model import JSONDict, SlackApiFailure
from fakes.slack.workspace import Workspace

Method = Callable[[Workspace, JSONDict], JSONDict]

METHODS: dict[str, Method] = {
    **directory.METHODS, **views.METHODS, **chat.METHODS, **conversations.METHODS, **files.METHODS,
    **socket_mode.METHODS,
}

# Required arguments (besides ``token``) of the implemented methods: the OpenAPI spec's required parameters
# (slack_web_openapi_v2.json; the fakes' tests check this table against it) plus the ones the spec forgot but Slack
# needs in practice (marked "# +").
REQUIRED_ARGS: dict[str, tuple[str, ...]] = {
    "auth.test": (),
    "views.open": ("trigger_id", "view"),
    "views.push": ("trigger_id", "view"),
    "views.update": ("view",),  # + (the spec marks nothing required); also view_id or external_id
    "views.publish": ("user_id", "view"),
    "chat.postMessage": ("channel",),
    "chat.update": ("channel", "ts"),
    "chat.postEphemeral": ("channel", "user"),
    "chat.getPermalink": ("channel", "message_ts"),
    "chat.delete": ("channel", "ts"),  # +
    "conversations.open": (),  # users or channel: users_list_not_supplied
    "conversations.replies": ("channel", "ts"),  # +
    "conversations.history": ("channel",),  # +
    "conversations.info": ("channel",),  # +
    "conversations.list": (),
    "users.info": ("user",),  # +
    "users.lookupByEmail": ("email",),
    "usergroups.list": (),
    "usergroups.users.list": ("usergroup",),
    "usergroups.users.update": ("usergroup", "users"),
    "reactions.add": ("channel", "name", "timestamp"),
    "apps.connections.open": (),
    "files.getUploadURLExternal": ("filename", "length"),  # + (newer than the spec)
    "files.completeUploadExternal": ("files",),  # + (newer than the spec)
}
APP_TOKEN_METHODS = frozenset({"apps.connections.open"})


def call(ws: Workspace, method: str, args: JSONDict) -> JSONDict:
    """Answer ``method``: ``unknown_method``, ``invalid_arguments`` for a missing required argument, or the method's
    own answer (its ``SlackApiFailure`` becomes the ok:false body)."""
    handler = METHODS.get(method)
    if handler is None:
        return {"ok": False, "error": "unknown_method", "req_method": method}
    missing = [name for name in REQUIRED_ARGS.get(method, ()) if args.get(name) in (None, "")]
    if missing:
        return SlackApiFailure(
            "invalid_arguments", *[f"[ERROR] missing required field: {name}" for name in missing]
        ).body
    try:
        return handler(ws, args)
    except SlackApiFailure as exc:
        return exc.body
