"""What the fake Slack keeps and records: calls, response_url posts, channels, triggers, the team, and the ok:false
answer. Plain data, no HTTP."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

JSONDict = dict[str, Any]

DEFAULT_BOT_TOKEN = "xoxb-test-token"
DEFAULT_APP_TOKEN = "xapp-test-token"
TRUTHY = (True, 1, "1", "true", "True", "TRUE")

CHANNEL_ID_RE = re.compile(r"^[CGD][A-Z0-9]+$")
USER_ID_RE = re.compile(r"^[UW][A-Z0-9]+$")


@dataclass
class SlackCall:
    """One request to the fake Web API, as parsed (form, JSON and query merged; JSON-string fields decoded)."""

    method: str
    args: JSONDict
    headers: dict[str, str]
    at: float
    status: int = 200
    response: JSONDict | None = None
    flags: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return bool(self.status == 200 and self.response and self.response.get("ok"))

    @property
    def error(self) -> str | None:
        return None if self.response is None else self.response.get("error")


@dataclass
class ResponseUrlPost:
    """One POST to a ``response_url`` made by ``FakeSlack.response_url()`` (Bolt's ``respond()``)."""

    key: str
    body: Any
    headers: dict[str, str]
    at: float
    flags: tuple[str, ...] = ()
    errors: list[str] = field(default_factory=list)
    """Block Kit errors in the posted blocks (Slack refused the post with 400 invalid_blocks)."""


@dataclass
class Team:
    """The workspace and the app the fake plays (``auth.test`` answers with these)."""

    team_id: str = "T111"
    team_name: str = "Test Team"
    team_domain: str = "test"
    bot_user_id: str = "UBOT"
    bot_id: str = "BBOT"
    bot_name: str = "rfh"
    app_id: str = "A111"


@dataclass
class Trigger:
    issued: float
    view_id: str | None
    used: bool = False


@dataclass
class Channel:
    id: str
    name: str
    is_private: bool = False
    is_member: bool = True
    is_archived: bool = False
    user: str | None = None  # for IMs
    members: list[str] = field(default_factory=list)
    is_ext_shared: bool = False  # Slack Connect: shared with another organisation
    is_shared: bool = False  # shared with another workspace (of this organisation or another)

    @property
    def is_im(self) -> bool:
        return self.id.startswith("D")

    @property
    def is_mpim(self) -> bool:
        return self.id.startswith("G") and self.name.startswith("mpdm-")


class SlackApiFailure(Exception):
    """Raised inside a handler to answer ``{"ok": false, "error": ...}`` (HTTP 200 like Slack)."""

    def __init__(self, error: str, *messages: str, **extra: Any):
        super().__init__(error)
        self.body: JSONDict = {"ok": False, "error": error, **extra}
        if messages:
            self.body["response_metadata"] = {"messages": list(messages)}


def str_or_none(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def split_users(value: Any) -> list[str]:
    """A ``users`` argument: a list, or ids separated by commas."""
    if isinstance(value, list):
        return [str(u).strip() for u in value if str(u).strip()]
    return [u.strip() for u in str(value or "").split(",") if u.strip()]
