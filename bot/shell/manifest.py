"""The Slack app manifest, built from the same ids the handlers use."""

from __future__ import annotations

from typing import Any

from bot.blocks.ids import SLASH_COMMAND, CallbackId

# Exactly what the code calls (tests/unit/shell/test_manifest_scopes.py derives them from the source and Slack's OpenAPI
# description). The bot must be a member of each team channel: it posts there and only members get the thread
# replies (message.channels / message.groups) that record informal take-overs.
BOT_SCOPES = [
    "commands", "chat:write", "im:write", "im:history", "im:read", "usergroups:read", "usergroups:write",
    "channels:history", "groups:history", "channels:read", "groups:read", "files:read", "users:read",
    "users:read.email",
    "files:write",  # the weekly report's charts (files.getUploadURLExternal / completeUploadExternal)
]
BOT_EVENTS = ["app_home_opened", "message.channels", "message.groups"]


def manifest(*, url: str | None = None, name: str = "RFH Bot") -> dict[str, Any]:
    """Socket Mode when ``url`` is None; otherwise HTTP mode with every request URL at ``url``/slack/events."""
    events_url = f"{url.rstrip('/')}/slack/events" if url else None
    command: dict[str, Any] = {"command": SLASH_COMMAND, "description": "Request help from engineering",
                               "usage_hint": "[summary] | list [mine|owned|team [TEAM]|unclaimed|overdue] | "
                                             "priorities [TEAM] | review [summary] | github LOGIN | report [team]",
                               "should_escape": True}
    events: dict[str, Any] = {"bot_events": BOT_EVENTS}
    interactivity: dict[str, Any] = {"is_enabled": True}
    if events_url:
        command["url"] = events_url
        events["request_url"] = events_url
        interactivity["request_url"] = events_url
        interactivity["message_menu_options_url"] = events_url  # the customer type-ahead (external_select)
    return {
        "display_information": {"name": name, "description": "Requests for help from support to engineering"},
        "features": {
            "app_home": {"home_tab_enabled": True, "messages_tab_enabled": True,
                         "messages_tab_read_only_enabled": True},
            "bot_user": {"display_name": "rfh", "always_online": True},
            "slash_commands": [command],
            "shortcuts": [{"name": "Request help from eng", "type": "message",
                           "callback_id": CallbackId.MESSAGE_SHORTCUT.value,
                           "description": "Request help from engineering about this message"},
                          {"name": "Request a tech review", "type": "message",
                           "callback_id": CallbackId.TECH_REVIEW_SHORTCUT.value,
                           "description": "Ask Engineering, Product and Support for a decision about a customer"}],
        },
        "oauth_config": {"scopes": {"bot": BOT_SCOPES}},
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": url is None,
            "token_rotation_enabled": False,
        },
    }
