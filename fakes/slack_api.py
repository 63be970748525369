"""A fake Slack Web API over real HTTP, shaped like https://slack.com/api/.

Point ``AsyncWebClient(token=..., base_url=fake.url)`` (or ``SLACK_API_URL``) at it. It answers the methods the bot
uses with realistic bodies, validates required arguments (from Slack's OpenAPI spec) and the Block Kit limits that
Slack enforces server-side, keeps channels/messages/views/user groups in memory, records every call, and can inject
faults (HTTP 429 with Retry-After, ok:false errors, 5xx, hangs, connection resets).

Everything public is safe to call from the test thread while the bot talks to the server.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import json
import re
import secrets
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

from fakes._server import BackgroundServer, Fault

JSONDict = dict[str, Any]

DEFAULT_BOT_TOKEN = "xoxb-test-token"
DEFAULT_APP_TOKEN = "xapp-test-token"

# Required arguments (besides ``token``) of the implemented methods: the OpenAPI spec's required parameters
# (slack_web_openapi_v2.json; test_fakes checks this table against it) plus the ones the spec forgot but Slack
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
JSON_STRING_FIELDS = ("blocks", "attachments", "view", "metadata")
TRUTHY = (True, 1, "1", "true", "True", "TRUE")

_ID_RE = re.compile(r"^[CGD][A-Z0-9]+$")
_USER_RE = re.compile(r"^[UW][A-Z0-9]+$")


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
class _Trigger:
    issued: float
    view_id: str | None
    used: bool = False


@dataclass
class _Channel:
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


class FakeSlack(BackgroundServer):
    """Fake Slack Web API. ``url`` is the base URL for slack_sdk (``http://127.0.0.1:PORT/api/``)."""

    def __init__(
        self,
        *,
        bot_token: str = DEFAULT_BOT_TOKEN,
        app_token: str = DEFAULT_APP_TOKEN,
        team_id: str = "T111",
        team_name: str = "Test Team",
        team_domain: str = "test",
        bot_user_id: str = "UBOT",
        bot_id: str = "BBOT",
        bot_name: str = "rfh",
        app_id: str = "A111",
        trigger_ttl: float = 3.0,
        strict_triggers: bool = True,
        strict_channels: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
    ):
        super().__init__(host=host, port=port)
        self.bot_token, self.app_token = bot_token, app_token
        self.team_id, self.team_name, self.team_domain = team_id, team_name, team_domain
        self.bot_user_id, self.bot_id, self.bot_name, self.app_id = bot_user_id, bot_id, bot_name, app_id
        self.trigger_ttl = trigger_ttl
        self.strict_triggers = strict_triggers
        self.strict_channels = strict_channels
        self._handlers: dict[str, Callable[[JSONDict], JSONDict]] = {
            "auth.test": self._auth_test,
            "views.open": self._views_open,
            "views.push": self._views_push,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "chat.postMessage": self._chat_post_message,
            "chat.update": self._chat_update,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.getPermalink": self._chat_get_permalink,
            "chat.delete": self._chat_delete,
            "conversations.open": self._conversations_open,
            "conversations.replies": self._conversations_replies,
            "conversations.history": self._conversations_history,
            "conversations.info": self._conversations_info,
            "conversations.list": self._conversations_list,
            "users.info": self._users_info,
            "users.lookupByEmail": self._users_lookup_by_email,
            "usergroups.list": self._usergroups_list,
            "usergroups.users.list": self._usergroups_users_list,
            "usergroups.users.update": self._usergroups_users_update,
            "reactions.add": self._reactions_add,
            "apps.connections.open": self._apps_connections_open,
            "files.getUploadURLExternal": self._files_get_upload_url_external,
            "files.completeUploadExternal": self._files_complete_upload_external,
        }
        self._overrides: dict[str, JSONDict | Callable[[JSONDict], JSONDict]] = {}
        self._seq = 0
        self._last_ts_us = 0
        self._init_state()

    def _init_state(self) -> None:
        self._calls: list[SlackCall] = []
        self._response_posts: list[ResponseUrlPost] = []
        self._triggers: dict[str, _Trigger] = {}
        self._sockets: list[web.WebSocketResponse] = []
        self._socket_acks: list[JSONDict] = []
        self._views: dict[str, JSONDict] = {}
        self._closed_views: set[str] = set()
        self._stacks: dict[str, list[str]] = {}
        self._last_root: str | None = None
        self._home_views: dict[str, str] = {}
        self._channels: dict[str, _Channel] = {}
        self._channel_names: dict[str, str] = {}
        self._dms: dict[tuple[str, ...], str] = {}
        self._messages: dict[str, list[JSONDict]] = {}
        self._ephemerals: list[JSONDict] = []
        self._users: dict[str, JSONDict] = {}
        self._usergroups: dict[str, JSONDict] = {}
        self._files: dict[str, JSONDict] = {}
        self.add_user(self.bot_user_id, name=self.bot_name, real_name=self.bot_name, is_bot=True)

    # -- public: lifecycle & configuration ----------------------------------------------------------------------
    @property
    def url(self) -> str:
        """Base URL for slack_sdk / ``SLACK_API_URL``; ends with ``/``."""
        return f"{self.origin}/api/"

    def reset(self) -> None:
        """Forget every call, message, view, trigger, channel, user and user group (and fault); keep the tokens."""
        with self._lock:
            self._init_state()
            self._faults.clear()
            self._overrides.clear()

    def on(self, method: str, response: JSONDict | Callable[[JSONDict], JSONDict]) -> None:
        """Answer ``method`` (implemented or not) with a fixed body or ``response(args) -> body`` instead."""
        with self._lock:
            self._overrides[method] = response

    def fail(
        self,
        method: str,
        *,
        status: int | None = None,
        error: str | None = None,
        times: int | None = 1,
        retry_after: float | None = None,
        hang: float | None = None,
        reset_connection: bool = False,
    ) -> Fault:
        """Make the next ``times`` calls to ``method`` fail (``"*"`` = any method, ``"response_url"`` = response URLs).

        - ``status`` defaults to 200 when ``error`` is given (an ok:false answer), else 500. With only ``hang`` and/or
          ``reset_connection`` the call is answered normally after the hang (or the connection is reset).
        - ``status=429`` answers ``{"ok": false, "error": "ratelimited"}`` with ``Retry-After`` (default 1 s;
          slack_sdk needs an integer there).
        - ``hang=S`` waits S seconds first; ``reset_connection=True`` drops the TCP connection without an answer.
        - ``times=None`` fails forever, until ``clear_faults()``.
        """
        if status is None and error is not None:
            status = 200
        return self._add_fault(
            Fault(
                match=lambda m, _target=method: _target in ("*", m),
                status=status,
                times=times,
                retry_after=retry_after,
                hang=hang,
                reset_connection=reset_connection,
                error=error,
                description=method,
            )
        )

    def new_trigger_id(self, *, age: float = 0.0, view_id: str | None = None) -> str:
        """A trigger_id the fake will accept once within ``trigger_ttl`` s (3 s like Slack) of its issue time.

        ``age`` back-dates it (``age=5`` gives an already expired one). ``view_id`` ties it to a modal (as the
        trigger of a block_actions/view_submission in that modal): ``views.push`` then pushes onto that stack.
        """
        trigger_id = f"{secrets.randbelow(10**12):012d}.{secrets.randbelow(10**12):012d}.{secrets.token_hex(16)}"
        with self._lock:
            self._triggers[trigger_id] = _Trigger(issued=time.monotonic() - age, view_id=view_id)
        return trigger_id

    def response_url(self, key: str | None = None) -> str:
        """A ``response_url`` on the fake (``POST /response/<key>``); posts to it are in ``response_posts()``."""
        return f"{self.origin}/response/{key or secrets.token_hex(8)}"

    def add_channel(
        self, name: str, *, id: str | None = None, is_private: bool = False, is_member: bool = True,
        is_archived: bool = False, members: Iterable[str] = (), is_ext_shared: bool = False,
        is_shared: bool | None = None,
    ) -> str:
        """Register a channel (``name`` without ``#``); returns its id. ``is_ext_shared``: a Slack Connect channel
        (``is_shared`` follows it unless given)."""
        name = name.lstrip("#")
        with self._lock:
            channel_id = id or self._channel_names.get(name) or self._new_id("G" if is_private else "C")
            self._channels[channel_id] = _Channel(
                id=channel_id, name=name, is_private=is_private, is_member=is_member, is_archived=is_archived,
                members=list(members), is_ext_shared=is_ext_shared,
                is_shared=is_ext_shared if is_shared is None else is_shared,
            )
            self._channel_names[name] = channel_id
            self._messages.setdefault(channel_id, [])
            return channel_id

    def channel_id(self, channel: str) -> str:
        """The id for a channel name (``#general``/``general``, allocated if new), a user id (its DM) or an id."""
        with self._lock:
            channel_id = self._resolve_channel(channel, create=True)
            assert channel_id is not None
            return channel_id

    def add_user(
        self, user_id: str, *, name: str | None = None, real_name: str | None = None, email: str | None = None,
        is_bot: bool = False, deleted: bool = False, tz: str = "America/Los_Angeles", **profile: Any,
    ) -> JSONDict:
        """Register a user for users.info / users.lookupByEmail; returns the user object."""
        name = name or user_id.lower()
        real_name = real_name if real_name is not None else name.replace(".", " ").title()
        prof: JSONDict = {
            "title": "", "phone": "", "skype": "", "real_name": real_name, "real_name_normalized": real_name,
            "display_name": name, "display_name_normalized": name, "fields": None, "status_text": "",
            "status_emoji": "", "status_expiration": 0, "avatar_hash": "g0000000000",
            "first_name": real_name.split(" ")[0], "last_name": " ".join(real_name.split(" ")[1:]),
            "image_24": "https://a.slack-edge.com/80588/img/avatars/ava_0001-24.png",
            "image_48": "https://a.slack-edge.com/80588/img/avatars/ava_0001-48.png",
            "team": self.team_id,
        }
        if email:
            prof["email"] = email
        if is_bot:
            prof["bot_id"] = self.bot_id if user_id == self.bot_user_id else f"B{user_id[1:]}"
        prof.update(profile)
        user: JSONDict = {
            "id": user_id, "team_id": self.team_id, "name": name, "deleted": deleted, "color": "9f69e7",
            "real_name": real_name, "tz": tz, "tz_label": "Pacific Standard Time", "tz_offset": -28800,
            "profile": prof, "is_admin": False, "is_owner": False, "is_primary_owner": False,
            "is_restricted": False, "is_ultra_restricted": False, "is_bot": is_bot, "is_app_user": False,
            "updated": int(time.time()), "is_email_confirmed": bool(email), "who_can_share_contact_card": "EVERYONE",
        }
        with self._lock:
            self._users[user_id] = user
        return copy.deepcopy(user)

    def add_usergroup(
        self, handle: str, id: str | None = None, users: Iterable[str] = (), *, name: str | None = None,
        description: str = "", disabled: bool = False,
    ) -> str:
        """Register a user group (``handle`` without ``@``); returns its id (``S...``)."""
        handle = handle.lstrip("@")
        now = int(time.time())
        with self._lock:
            group_id = id or self._new_id("S")
            members = list(users)
            self._usergroups[group_id] = {
                "id": group_id, "team_id": self.team_id, "is_usergroup": True, "is_subteam": True,
                "name": name or handle, "description": description, "handle": handle, "is_external": False,
                "date_create": now, "date_update": now, "date_delete": now if disabled else 0, "auto_type": None,
                "auto_provision": False, "enterprise_subteam_id": "", "created_by": "U0ADMIN",
                "updated_by": "U0ADMIN", "deleted_by": "U0ADMIN" if disabled else None,
                "prefs": {"channels": [], "groups": []}, "users": members, "user_count": len(members),
                "channel_count": 0,
            }
            return group_id

    def add_message(
        self, channel: str, text: str, user: str = "U111", thread_ts: str | None = None, *, ts: str | None = None,
        **extra: Any,
    ) -> str:
        """Put a (user's) message into a channel, as if posted in Slack; returns its ts."""
        with self._lock:
            channel_id = self._resolve_channel(channel, create=True)
            assert channel_id is not None
            msg: JSONDict = {
                "client_msg_id": secrets.token_hex(4) + "-" + secrets.token_hex(2), "type": "message", "text": text,
                "user": user, "ts": ts or self._next_ts(), "team": self.team_id,
                "blocks": [_rich_text_block(text)],
            }
            msg.update(extra)
            self._store_message(channel_id, msg, thread_ts)
            return str(msg["ts"])

    # -- public: reading recorded state -------------------------------------------------------------------------
    @property
    def calls(self) -> list[SlackCall]:
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[SlackCall]:
        with self._lock:
            return [c for c in self._calls if c.method == method]

    def flagged(self) -> list[SlackCall]:
        """Calls that sent a truthy ``link_names`` or ``parse="full"`` (the bot must never do that)."""
        with self._lock:
            return [c for c in self._calls if c.flags]

    def flagged_responses(self) -> list[ResponseUrlPost]:
        with self._lock:
            return [p for p in self._response_posts if p.flags]

    def response_posts(self, key_or_url: str | None = None) -> list[ResponseUrlPost]:
        key = key_or_url.rstrip("/").rsplit("/", 1)[-1] if key_or_url else None
        with self._lock:
            return [p for p in self._response_posts if key is None or p.key == key]

    def messages(self, channel: str) -> list[JSONDict]:
        """Every message in the channel (name or id), replies included, oldest first."""
        with self._lock:
            channel_id = self._resolve_channel(channel, create=False)
            return copy.deepcopy(self._messages.get(channel_id, [])) if channel_id else []

    def message(self, channel: str, ts: str) -> JSONDict | None:
        with self._lock:
            channel_id = self._resolve_channel(channel, create=False)
            msg = self._find_message(channel_id, ts) if channel_id else None
            return copy.deepcopy(msg)

    def thread(self, channel: str, ts: str) -> list[JSONDict]:
        """The thread's root and replies, oldest first."""
        return [m for m in self.messages(channel) if m["ts"] == ts or m.get("thread_ts") == ts]

    def all_messages(self) -> dict[str, list[JSONDict]]:
        """``{channel_id: messages}`` for every channel with messages."""
        with self._lock:
            return {k: copy.deepcopy(v) for k, v in self._messages.items() if v}

    def ephemerals(self, channel: str | None = None, user: str | None = None) -> list[JSONDict]:
        with self._lock:
            channel_id = self._resolve_channel(channel, create=False) if channel else None
            return [copy.deepcopy(e) for e in self._ephemerals
                    if (channel is None or e["channel"] == channel_id) and (user is None or e["user"] == user)]

    def views(self) -> list[JSONDict]:
        """Every view opened, pushed or published (current version), in creation order."""
        with self._lock:
            return copy.deepcopy(list(self._views.values()))

    def view(self, view_id: str) -> JSONDict:
        with self._lock:
            return copy.deepcopy(self._views[view_id])

    def open_views(self) -> list[JSONDict]:
        """Modals still open (not closed via ``close_view``)."""
        with self._lock:
            return [copy.deepcopy(v) for k, v in self._views.items()
                    if v["type"] == "modal" and k not in self._closed_views]

    def home_view(self, user_id: str) -> JSONDict | None:
        with self._lock:
            view_id = self._home_views.get(user_id)
            return copy.deepcopy(self._views[view_id]) if view_id else None

    def close_view(self, view_id: str) -> None:
        """Simulate the user closing the modal (and its whole stack): later views.update answer ``not_found``."""
        with self._lock:
            root = self._views[view_id]["root_view_id"]
            for vid in self._stacks.pop(root, [view_id]):
                self._closed_views.add(vid)

    def touch_view(self, view_id: str) -> str:
        """Change the view's hash (as if updated elsewhere), so a stale ``hash`` gets ``hash_conflict``."""
        with self._lock:
            self._views[view_id]["hash"] = self._new_hash()
            return str(self._views[view_id]["hash"])

    def set_view_state(self, view_id: str, values: JSONDict) -> None:
        """Set ``view.state.values`` (what the user typed) for views.update/views.* answers."""
        with self._lock:
            self._views[view_id]["state"] = {"values": copy.deepcopy(values)}

    def usergroup(self, id_or_handle: str) -> JSONDict | None:
        with self._lock:
            group = self._find_usergroup(id_or_handle)
            return copy.deepcopy(group)

    def usergroup_users(self, id_or_handle: str) -> list[str]:
        group = self.usergroup(id_or_handle)
        return list(group["users"]) if group else []

    def files(self, channel: str | None = None) -> list[JSONDict]:
        """Files uploaded through files.getUploadURLExternal and its upload URL (``content`` holds the bytes), in
        upload order; with ``channel``, only those completeUploadExternal shared there."""
        with self._lock:
            channel_id = self._resolve_channel(channel, create=False) if channel else None
            return [copy.deepcopy(f) for f in self._files.values()
                    if channel is None or channel_id in f["channels"]]

    def channels(self) -> dict[str, str]:
        """``{name: id}`` of the channels the fake knows."""
        with self._lock:
            return {c.name: c.id for c in self._channels.values()}

    # -- HTTP ---------------------------------------------------------------------------------------------------
    def _build_app(self) -> web.Application:
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/response/{key}", self._handle_response_url)
        app.router.add_post("/upload/{file_id}", self._handle_upload)
        app.router.add_get("/socket-mode", self._handle_socket_mode)
        return app

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        headers = dict(request.headers)
        call = SlackCall(method=method, args={}, headers=headers, at=time.time())
        early: JSONDict | None = None
        try:
            args = await _parse_args(request)
        except SlackApiFailure as exc:
            args, early = {}, exc.body
        call.args = args
        call.flags = _mention_flags(args)
        with self._lock:
            self._calls.append(call)

        fault = self._take_fault(method)
        if fault is not None:
            answered = await self._apply_fault(request, fault, call)
            if answered is not None:
                return answered

        body = early or self._dispatch(method, args, request)
        call.response = body
        return web.json_response(body, headers={"X-Slack-Req-Id": secrets.token_hex(16)})

    async def _apply_fault(self, request: web.Request, fault: Fault, call: SlackCall) -> web.StreamResponse | None:
        if fault.hang:
            await self._hang(fault.hang)
        if fault.reset_connection:
            call.status, call.response = 0, None
            self._drop_connection(request)
        status = fault.error_status()
        if status is None:
            return None
        default_error = "ratelimited" if status == 429 else "internal_error" if status >= 500 else "fatal_error"
        error = fault.error or default_error
        headers: dict[str, str] = {}
        retry_after = fault.retry_after if fault.retry_after is not None else (1 if status == 429 else None)
        if retry_after is not None:
            headers["Retry-After"] = _seconds(retry_after)
        body: JSONDict = {"ok": False, "error": error}
        call.status, call.response = status, body
        return web.json_response(body, status=status, headers=headers)

    def _dispatch(self, method: str, args: JSONDict, request: web.Request) -> JSONDict:
        auth_error = self._check_auth(method, args, request)
        if auth_error:
            return {"ok": False, "error": auth_error}
        with self._lock:
            override = self._overrides.get(method)
            if override is not None:
                return copy.deepcopy(override(args) if callable(override) else override)
            handler = self._handlers.get(method)
            if handler is None:
                return {"ok": False, "error": "unknown_method", "req_method": method}
            missing = [name for name in REQUIRED_ARGS.get(method, ()) if args.get(name) in (None, "")]
            if missing:
                return SlackApiFailure(
                    "invalid_arguments", *[f"[ERROR] missing required field: {name}" for name in missing]
                ).body
            try:
                return handler(args)
            except SlackApiFailure as exc:
                return exc.body
            except Exception:  # a bug in the fake (or a very odd request): see internal_errors
                return {"ok": False, "error": "fatal_error",
                        "response_metadata": {"messages": [f"FakeSlack: {self._record_internal_error()}"]}}

    def _check_auth(self, method: str, args: JSONDict, request: web.Request) -> str | None:
        token = None
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            token = auth[len("Bearer "):].strip()
        token = token or args.get("token")
        args.pop("token", None)
        if not token:
            return "not_authed"
        if token not in (self.bot_token, self.app_token):
            return "invalid_auth"
        if (method in APP_TOKEN_METHODS) != (token == self.app_token):
            return "not_allowed_token_type"
        return None

    async def _handle_response_url(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        try:
            body: Any = json.loads(raw) if raw else {}
        except ValueError:
            body = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
            if "payload" in body:
                body = json.loads(body["payload"])
        errors = block_errors(body["blocks"], "/blocks") if isinstance(body, dict) and body.get("blocks") else []
        post = ResponseUrlPost(
            key=request.match_info["key"], body=body, headers=dict(request.headers), at=time.time(),
            flags=_mention_flags(body) if isinstance(body, dict) else (), errors=errors,
        )
        with self._lock:
            self._response_posts.append(post)
        if errors:  # Slack answers a response_url post with bad blocks 400 "invalid_blocks"
            return web.Response(status=400, text="invalid_blocks")
        fault = self._take_fault("response_url")
        if fault is not None:
            if fault.hang:
                await self._hang(fault.hang)
            if fault.reset_connection:
                self._drop_connection(request)
            status = fault.error_status()
            if status is not None:
                return web.Response(status=status, text=fault.error or "internal_error")
        return web.Response(text="ok")

    async def _handle_socket_mode(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(heartbeat=None)
        await ws.prepare(request)
        await ws.send_json({
            "type": "hello", "num_connections": 1,
            "debug_info": {"host": "fake-slack", "approximate_connection_time": 18060}, "connection_info": {
                "app_id": self.app_id},
        })
        with self._lock:
            self._sockets.append(ws)
        try:
            async for msg in ws:
                if msg.type in (WSMsgType.CLOSE, WSMsgType.ERROR):
                    break
                if msg.type == WSMsgType.TEXT:
                    with self._lock:
                        self._socket_acks.append(json.loads(msg.data))
        finally:
            with self._lock:
                self._sockets.remove(ws)
        return ws

    def send_envelope(self, kind: str, payload: JSONDict, *, envelope_id: str | None = None) -> str:
        """Deliver a Socket Mode envelope (``slash_commands``, ``interactive``, ``events_api``) to every connected
        app, as Slack does; returns the envelope id its ack will carry (see ``socket_acks``)."""
        envelope_id = envelope_id or secrets.token_hex(8)
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload,
                    "accepts_response_payload": kind != "events_api", "retry_attempt": 0, "retry_reason": ""}
        with self._lock:
            sockets = list(self._sockets)
        if not sockets or self._loop is None:
            raise RuntimeError("no Socket Mode connection to deliver to")
        for ws in sockets:
            asyncio.run_coroutine_threadsafe(ws.send_json(envelope), self._loop).result(timeout=5)
        return envelope_id

    def close_socket_connections(self) -> int:
        """Close every Socket Mode connection from Slack's side (as Slack does now and then, e.g. on a deploy): the
        app is expected to reconnect through apps.connections.open. Returns how many were closed."""
        with self._lock:
            sockets = list(self._sockets)
        if sockets and self._loop is not None:
            for ws in sockets:
                asyncio.run_coroutine_threadsafe(ws.close(), self._loop).result(timeout=5)
        return len(sockets)

    def socket_acks(self) -> list[JSONDict]:
        """What connected apps sent back over Socket Mode (acks: ``{"envelope_id": …, "payload": …}``)."""
        with self._lock:
            return copy.deepcopy(self._socket_acks)

    @property
    def socket_connections(self) -> int:
        with self._lock:
            return len(self._sockets)

    # -- method handlers (called with the lock held) ------------------------------------------------------------
    async def _handle_upload(self, request: web.Request) -> web.StreamResponse:
        """The upload URL files.getUploadURLExternal hands out: the file's bytes, raw or as a multipart form."""
        file_id = request.match_info["file_id"]
        call = SlackCall(method="upload", args={"file_id": file_id}, headers=dict(request.headers), at=time.time())
        with self._lock:
            self._calls.append(call)
        fault = self._take_fault("upload")
        if fault is not None:
            answered = await self._apply_fault(request, fault, call)
            if answered is not None:
                return answered
        content = await _upload_body(request)
        with self._lock:
            entry = self._files.get(file_id)
            if entry is None or entry["content"] is not None:
                call.status = 404
                return web.Response(status=404, text="file not found or already uploaded")
            entry["content"], entry["size"] = content, len(content)
        call.response = {"ok": True}
        return web.Response(text=f"OK - {len(content)}")

    def _files_get_upload_url_external(self, args: JSONDict) -> JSONDict:
        try:
            length = int(args["length"])
        except (TypeError, ValueError):
            raise SlackApiFailure("invalid_arguments", "[ERROR] length must be an integer") from None
        if length <= 0:
            raise SlackApiFailure("invalid_arguments", "[ERROR] length must be positive")
        file_id = self._new_id("F")
        self._files[file_id] = {"id": file_id, "name": str(args["filename"]), "title": None, "length": length,
                                "alt_txt": args.get("alt_txt"), "content": None, "size": 0, "channels": [],
                                "initial_comment": None}
        return {"ok": True, "upload_url": f"{self.origin}/upload/{file_id}", "file_id": file_id}

    def _files_complete_upload_external(self, args: JSONDict) -> JSONDict:
        files = args["files"]
        if isinstance(files, str):
            try:
                files = json.loads(files)
            except ValueError:
                message = "[ERROR] failed to parse json [json-pointer:/files]"
                raise SlackApiFailure("invalid_arguments", message) from None
        if not isinstance(files, list) or not files:
            raise SlackApiFailure("invalid_arguments", "[ERROR] files must be a non-empty list")
        entries = []
        for item in files:
            entry = self._files.get(str((item or {}).get("id")))
            if entry is None or entry["content"] is None:
                raise SlackApiFailure("file_not_found")
            if entry["size"] != entry["length"]:
                raise SlackApiFailure("file_upload_size_mismatch")  # the length announced is not what was sent
            entries.append((entry, item))
        channel_id = None
        if args.get("channel_id"):
            raw = str(args["channel_id"])
            if not _ID_RE.match(raw):  # Slack wants an id here, not a #name
                raise SlackApiFailure("channel_not_found")
            channel_id = self._writable_channel(raw)
        for entry, item in entries:
            entry["title"] = item.get("title") or entry["name"]
            if channel_id:
                entry["channels"].append(channel_id)
                entry["initial_comment"] = args.get("initial_comment")
        if channel_id:
            msg = self._bot_message({"text": args.get("initial_comment") or ""})
            msg["files"] = [_public_file(entry) for entry, _ in entries]
            msg["upload"] = True
            self._store_message(channel_id, msg, _str_or_none(args.get("thread_ts")))
        return {"ok": True, "files": [_public_file(entry) for entry, _ in entries]}

    def _auth_test(self, args: JSONDict) -> JSONDict:
        return {
            "ok": True, "url": f"https://{self.team_domain}.slack.com/", "team": self.team_name,
            "user": self.bot_name, "team_id": self.team_id, "user_id": self.bot_user_id, "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _views_open(self, args: JSONDict) -> JSONDict:
        view = self._valid_view(args["view"], allowed=("modal",))
        self._check_external_id(view)
        self._exchange_trigger(str(args["trigger_id"]))
        view_id = self._new_id("V")
        obj = self._view_object(view_id, view, root=view_id, previous=None)
        self._views[view_id] = obj
        self._stacks[view_id] = [view_id]
        self._last_root = view_id
        return {"ok": True, "view": copy.deepcopy(obj)}

    def _views_push(self, args: JSONDict) -> JSONDict:
        view = self._valid_view(args["view"], allowed=("modal",))
        self._check_external_id(view)
        trigger_id = str(args["trigger_id"])
        known = self._triggers.get(trigger_id)
        root = None
        if known is not None and known.view_id in self._views:
            root = self._views[known.view_id]["root_view_id"]
        elif self._last_root in self._stacks:
            root = self._last_root
        if root is not None and root in self._stacks and len(self._stacks[root]) >= 3:
            raise SlackApiFailure("push_limit_reached")
        self._exchange_trigger(trigger_id)
        view_id = self._new_id("V")
        if root is None or root not in self._stacks:
            root, previous = view_id, None
            self._stacks[view_id] = [view_id]
        else:
            previous = self._stacks[root][-1]
            self._stacks[root].append(view_id)
        obj = self._view_object(view_id, view, root=root, previous=previous)
        self._views[view_id] = obj
        return {"ok": True, "view": copy.deepcopy(obj)}

    def _views_update(self, args: JSONDict) -> JSONDict:
        view_id, external_id = args.get("view_id"), args.get("external_id")
        if not view_id and not external_id:
            raise SlackApiFailure("invalid_arguments", "[ERROR] missing required field: view_id or external_id")
        if not view_id:
            view_id = next((k for k, v in self._views.items() if external_id and v.get("external_id") == external_id
                            and k not in self._closed_views), None)
        if not view_id or view_id not in self._views or view_id in self._closed_views:
            raise SlackApiFailure("not_found")
        current = self._views[view_id]
        view = self._valid_view(args["view"], allowed=(current["type"],))
        if args.get("hash") and args["hash"] != current["hash"]:
            raise SlackApiFailure("hash_conflict")
        obj = self._view_object(view_id, view, root=current["root_view_id"], previous=current["previous_view_id"])
        obj["state"] = current["state"]
        if not view.get("external_id"):
            obj["external_id"] = current.get("external_id", "")
        self._views[view_id] = obj
        return {"ok": True, "view": copy.deepcopy(obj)}

    def _views_publish(self, args: JSONDict) -> JSONDict:
        user_id = str(args["user_id"])
        view = self._valid_view(args["view"], allowed=("home",))
        view_id = self._home_views.get(user_id)
        if view_id and args.get("hash") and args["hash"] != self._views[view_id]["hash"]:
            raise SlackApiFailure("hash_conflict")
        view_id = view_id or self._new_id("V")
        obj = self._view_object(view_id, view, root=view_id, previous=None)
        self._views[view_id] = obj
        self._home_views[user_id] = view_id
        return {"ok": True, "view": copy.deepcopy(obj)}

    def _chat_post_message(self, args: JSONDict) -> JSONDict:
        self._check_message_content(args)
        channel_id = self._writable_channel(str(args["channel"]))
        msg = self._bot_message(args)
        reply_broadcast = args.get("reply_broadcast") in TRUTHY
        if reply_broadcast and args.get("thread_ts"):
            msg["subtype"] = "thread_broadcast"
        self._store_message(channel_id, msg, _str_or_none(args.get("thread_ts")))
        return {"ok": True, "channel": channel_id, "ts": msg["ts"], "message": _public(msg)}

    def _chat_update(self, args: JSONDict) -> JSONDict:
        channel_id = self._existing_channel(str(args["channel"]))
        msg = self._find_message(channel_id, str(args["ts"]))
        if msg is None:
            raise SlackApiFailure("message_not_found")
        if msg.get("bot_id") != self.bot_id:
            raise SlackApiFailure("cant_update_message")
        self._check_message_content(args)
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in args and args[key] is not None:
                msg[key] = copy.deepcopy(args[key])
        msg["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
        return {"ok": True, "channel": channel_id, "ts": msg["ts"], "text": msg.get("text", ""),
                "message": _public(msg)}

    def _chat_post_ephemeral(self, args: JSONDict) -> JSONDict:
        self._check_message_content(args)
        channel_id = self._writable_channel(str(args["channel"]))
        message_ts = self._next_ts()
        self._ephemerals.append({
            "channel": channel_id, "user": args["user"], "text": args.get("text", ""),
            "blocks": copy.deepcopy(args.get("blocks")), "thread_ts": args.get("thread_ts"),
            "message_ts": message_ts,
        })
        return {"ok": True, "message_ts": message_ts}

    def _chat_get_permalink(self, args: JSONDict) -> JSONDict:
        channel_id = self._existing_channel(str(args["channel"]))
        msg = self._find_message(channel_id, str(args["message_ts"]))
        if msg is None:
            raise SlackApiFailure("message_not_found")
        link = f"https://{self.team_domain}.slack.com/archives/{channel_id}/p{str(msg['ts']).replace('.', '')}"
        if msg.get("thread_ts") and msg["thread_ts"] != msg["ts"]:
            link += f"?thread_ts={msg['thread_ts']}&cid={channel_id}"
        return {"ok": True, "channel": channel_id, "permalink": link}

    def _chat_delete(self, args: JSONDict) -> JSONDict:
        channel_id = self._existing_channel(str(args["channel"]))
        msg = self._find_message(channel_id, str(args["ts"]))
        if msg is None:
            raise SlackApiFailure("message_not_found")
        if msg.get("bot_id") != self.bot_id:
            raise SlackApiFailure("cant_delete_message")
        self._messages[channel_id].remove(msg)
        return {"ok": True, "channel": channel_id, "ts": msg["ts"]}

    def _conversations_open(self, args: JSONDict) -> JSONDict:
        if args.get("channel"):
            channel_id = self._existing_channel(str(args["channel"]))
        else:
            users = _split_users(args.get("users"))
            if not users:
                raise SlackApiFailure("users_list_not_supplied")
            if any(not _USER_RE.match(u) for u in users):
                raise SlackApiFailure("user_not_found")
            channel_id = self._dm_for(users)
        channel = self._channels[channel_id]
        if args.get("return_im") in TRUTHY:
            return {"ok": True, "channel": self._channel_object(channel)}
        return {"ok": True, "channel": {"id": channel_id}}

    def _conversations_history(self, args: JSONDict) -> JSONDict:
        channel_id = self._readable_channel(str(args["channel"]))
        top = [m for m in self._messages[channel_id]
               if not m.get("thread_ts") or m["thread_ts"] == m["ts"] or m.get("subtype") == "thread_broadcast"]
        top = _time_window(top, args)
        top.sort(key=lambda m: _ts_key(m["ts"]), reverse=True)
        page, next_cursor = _page(top, args, default_limit=100)
        with_metadata = args.get("include_all_metadata") in TRUTHY
        return {
            "ok": True, "messages": [_public(m, with_metadata) for m in page], "has_more": bool(next_cursor),
            "pin_count": 0, "channel_actions_ts": None, "channel_actions_count": 0,
            "response_metadata": {"next_cursor": next_cursor},
        }

    def _conversations_replies(self, args: JSONDict) -> JSONDict:
        channel_id = self._readable_channel(str(args["channel"]))
        msg = self._find_message(channel_id, str(args["ts"]))
        if msg is None:
            raise SlackApiFailure("thread_not_found")
        root_ts = msg.get("thread_ts") or msg["ts"]
        thread = [m for m in self._messages[channel_id] if m["ts"] == root_ts or m.get("thread_ts") == root_ts]
        thread = _time_window(thread, args)
        thread.sort(key=lambda m: _ts_key(m["ts"]))
        page, next_cursor = _page(thread, args, default_limit=1000)
        with_metadata = args.get("include_all_metadata") in TRUTHY
        return {"ok": True, "messages": [_public(m, with_metadata) for m in page], "has_more": bool(next_cursor),
                "response_metadata": {"next_cursor": next_cursor}}

    def _conversations_info(self, args: JSONDict) -> JSONDict:
        channel_id = self._existing_channel(str(args["channel"]))
        return {"ok": True, "channel": self._channel_object(self._channels[channel_id])}

    def _conversations_list(self, args: JSONDict) -> JSONDict:
        """Channels by name -> id (the bot looks its team channel up after a restart). Private channels only where
        the bot is a member, like Slack; never IMs or MPIMs."""
        types = set(str(args.get("types") or "public_channel").split(","))
        listed = [c for c in self._channels.values() if not c.is_im and not c.is_mpim
                  and ("private_channel" if c.is_private else "public_channel") in types
                  and (c.is_member or not c.is_private)
                  and not (c.is_archived and args.get("exclude_archived") in TRUTHY)]
        page, next_cursor = _page([self._channel_object(c) for c in listed], args, default_limit=100)
        return {"ok": True, "channels": page, "response_metadata": {"next_cursor": next_cursor}}

    def _users_info(self, args: JSONDict) -> JSONDict:
        user = self._users.get(str(args["user"]))
        if user is None:
            raise SlackApiFailure("user_not_found")
        return {"ok": True, "user": copy.deepcopy(user)}

    def _users_lookup_by_email(self, args: JSONDict) -> JSONDict:
        email = str(args["email"]).lower()
        for user in self._users.values():
            if str(user["profile"].get("email", "")).lower() == email:
                return {"ok": True, "user": copy.deepcopy(user)}
        raise SlackApiFailure("users_not_found")

    def _usergroups_list(self, args: JSONDict) -> JSONDict:
        include_users = args.get("include_users") in TRUTHY
        include_disabled = args.get("include_disabled") in TRUTHY
        include_count = args.get("include_count") in TRUTHY
        groups = []
        for group in self._usergroups.values():
            if group["date_delete"] and not include_disabled:
                continue
            item = copy.deepcopy(group)
            if not include_users:
                item.pop("users")
            if not include_count:
                item.pop("user_count")
            groups.append(item)
        return {"ok": True, "usergroups": groups}

    def _usergroups_users_list(self, args: JSONDict) -> JSONDict:
        group = self._usergroups.get(str(args["usergroup"]))
        if group is None or (group["date_delete"] and args.get("include_disabled") not in TRUTHY):
            raise SlackApiFailure("no_such_subteam")
        return {"ok": True, "users": list(group["users"])}

    def _usergroups_users_update(self, args: JSONDict) -> JSONDict:
        group = self._usergroups.get(str(args["usergroup"]))
        if group is None:
            raise SlackApiFailure("no_such_subteam")
        users = _split_users(args["users"])
        bad = [u for u in users if not _USER_RE.match(u)]
        if bad:
            raise SlackApiFailure("invalid_users")
        group["users"] = users
        group["user_count"] = len(users)
        group["date_update"] = int(time.time())
        group["updated_by"] = self.bot_user_id
        return {"ok": True, "usergroup": copy.deepcopy(group)}

    def _reactions_add(self, args: JSONDict) -> JSONDict:
        channel_id = self._readable_channel(str(args["channel"]))
        msg = self._find_message(channel_id, str(args["timestamp"]))
        if msg is None:
            raise SlackApiFailure("message_not_found")
        name = str(args["name"]).strip(":")
        if not re.match(r"^[a-z0-9_+\-']+$", name):
            raise SlackApiFailure("invalid_name")
        reactions = msg.setdefault("reactions", [])
        for reaction in reactions:
            if reaction["name"] == name:
                if self.bot_user_id in reaction["users"]:
                    raise SlackApiFailure("already_reacted")
                reaction["users"].append(self.bot_user_id)
                reaction["count"] += 1
                break
        else:
            reactions.append({"name": name, "users": [self.bot_user_id], "count": 1})
        return {"ok": True}

    def _apps_connections_open(self, args: JSONDict) -> JSONDict:
        ws_origin = self.origin.replace("http://", "ws://", 1)
        return {"ok": True, "url": f"{ws_origin}/socket-mode?ticket={secrets.token_hex(16)}&app_id={self.app_id}"}

    # -- internals -----------------------------------------------------------------------------------------------
    def _new_id(self, prefix: str) -> str:
        self._seq += 1
        return f"{prefix}{self._seq:08d}"

    def _next_ts(self) -> str:
        now_us = max(int(time.time() * 1_000_000), self._last_ts_us + 1)
        self._last_ts_us = now_us
        return f"{now_us // 1_000_000}.{now_us % 1_000_000:06d}"

    def _new_hash(self) -> str:
        return f"{int(time.time())}.{secrets.token_urlsafe(6)}"

    def _exchange_trigger(self, trigger_id: str) -> _Trigger | None:
        trigger = self._triggers.get(trigger_id)
        if trigger is None:
            if self.strict_triggers:
                raise SlackApiFailure("invalid_trigger_id")
            return None
        if trigger.used:
            raise SlackApiFailure("exchanged_trigger_id")
        if time.monotonic() - trigger.issued > self.trigger_ttl:
            raise SlackApiFailure("expired_trigger_id")
        trigger.used = True
        return trigger

    def _valid_view(self, view: Any, *, allowed: tuple[str, ...]) -> JSONDict:
        if isinstance(view, str):
            try:
                view = json.loads(view)
            except ValueError:
                raise SlackApiFailure("invalid_arguments", "[ERROR] failed to parse json [json-pointer:/view]") \
                    from None
        if not isinstance(view, dict):
            raise SlackApiFailure("invalid_arguments", "[ERROR] must provide an object [json-pointer:/view]")
        if len(json.dumps(view)) > 250_000:
            raise SlackApiFailure("view_too_large")
        errors = view_errors(view, allowed_types=allowed)
        if errors:
            raise SlackApiFailure("invalid_arguments", *errors)
        return view

    def _check_external_id(self, view: JSONDict) -> None:
        external_id = view.get("external_id")
        if external_id and any(v.get("external_id") == external_id and k not in self._closed_views
                               for k, v in self._views.items()):
            raise SlackApiFailure("duplicate_external_id")

    def _view_object(self, view_id: str, view: JSONDict, *, root: str, previous: str | None) -> JSONDict:
        return {
            "id": view_id, "team_id": self.team_id, "type": view.get("type"),
            "blocks": copy.deepcopy(view.get("blocks", [])),
            "private_metadata": view.get("private_metadata", ""), "callback_id": view.get("callback_id", ""),
            "state": {"values": {}}, "hash": self._new_hash(), "title": copy.deepcopy(view.get("title")),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)), "close": copy.deepcopy(view.get("close")),
            "submit": copy.deepcopy(view.get("submit")), "previous_view_id": previous, "root_view_id": root,
            "app_id": self.app_id, "external_id": view.get("external_id", ""), "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }

    def _check_message_content(self, args: JSONDict) -> None:
        text, blocks, attachments = args.get("text"), args.get("blocks"), args.get("attachments")
        if not text and not blocks and not attachments:
            raise SlackApiFailure("no_text")
        if isinstance(text, str) and len(text) > 40_000:
            raise SlackApiFailure("msg_too_long")
        if blocks:
            if not isinstance(blocks, list):
                raise SlackApiFailure("invalid_blocks_format")
            errors = block_errors(blocks, "/blocks", max_blocks=50)
            if errors:
                raise SlackApiFailure("invalid_blocks", *errors, errors=errors)

    def _resolve_channel(self, value: str | None, *, create: bool) -> str | None:
        if not value:
            return None
        raw = str(value)
        if raw in self._channels:
            return raw
        if not raw.startswith("#") and _USER_RE.match(raw):
            return self._dm_for([raw]) if create else self._dms.get((raw,))
        if not raw.startswith("#") and _ID_RE.match(raw):
            if not create or self.strict_channels:
                return None
            self._channels[raw] = _Channel(id=raw, name=raw.lower(), is_private=raw.startswith("G"))
            self._messages.setdefault(raw, [])
            return raw
        name = raw.lstrip("#").lower()
        if name in self._channel_names:
            return self._channel_names[name]
        if not create or self.strict_channels:
            return None
        return self.add_channel(name)

    def _dm_for(self, users: list[str]) -> str:
        others = tuple(sorted(set(users) - {self.bot_user_id})) or (self.bot_user_id,)
        channel_id = self._dms.get(others)
        if channel_id is None:
            if len(others) == 1:
                channel_id = self._new_id("D")
                self._channels[channel_id] = _Channel(id=channel_id, name=channel_id, user=others[0],
                                                      is_private=True, members=[others[0], self.bot_user_id])
            else:
                channel_id = self._new_id("G")
                name = "mpdm-" + "--".join(u.lower() for u in (*others, self.bot_user_id)) + "-1"
                self._channels[channel_id] = _Channel(id=channel_id, name=name, is_private=True,
                                                      members=[*others, self.bot_user_id])
            self._dms[others] = channel_id
            self._messages.setdefault(channel_id, [])
        return channel_id

    def _existing_channel(self, value: str) -> str:
        channel_id = self._resolve_channel(value, create=True)
        if channel_id is None:
            raise SlackApiFailure("channel_not_found")
        return channel_id

    def _readable_channel(self, value: str) -> str:
        channel_id = self._existing_channel(value)
        channel = self._channels[channel_id]
        if channel.is_private and not channel.is_member and not channel.is_im:
            raise SlackApiFailure("channel_not_found")
        if not channel.is_member and not channel.is_im:
            raise SlackApiFailure("not_in_channel")
        return channel_id

    def _writable_channel(self, value: str) -> str:
        channel_id = self._existing_channel(value)
        channel = self._channels[channel_id]
        if not channel.is_member and not channel.is_im:
            # The bot posts only where it is a member (rfh's manifest has no chat:write.public): Slack says
            # not_in_channel for a public channel, and hides a private one.
            raise SlackApiFailure("channel_not_found" if channel.is_private else "not_in_channel")
        if channel.is_archived:
            raise SlackApiFailure("is_archived")
        return channel_id

    def _channel_object(self, channel: _Channel) -> JSONDict:
        created = int(time.time()) - 86_400
        if channel.is_im:
            return {"id": channel.id, "created": created, "is_im": True, "is_org_shared": False,
                    "user": channel.user, "is_user_deleted": False, "priority": 0, "is_open": True}
        return {
            "id": channel.id, "name": channel.name, "is_channel": not channel.is_private, "is_group": False,
            "is_im": False, "is_mpim": channel.is_mpim, "is_private": channel.is_private, "created": created,
            "is_archived": channel.is_archived, "is_general": channel.name == "general", "unlinked": 0,
            "name_normalized": channel.name, "is_shared": channel.is_shared,
            "is_org_shared": channel.is_shared and not channel.is_ext_shared, "is_ext_shared": channel.is_ext_shared,
            "is_pending_ext_shared": False, "pending_shared": [], "context_team_id": self.team_id,
            "creator": "U0ADMIN", "is_member": channel.is_member, "last_read": "0000000000.000000",
            "topic": {"value": "", "creator": "", "last_set": 0},
            "purpose": {"value": "", "creator": "", "last_set": 0},
            "previous_names": [],
        }

    def _bot_message(self, args: JSONDict) -> JSONDict:
        msg: JSONDict = {
            "bot_id": self.bot_id, "type": "message", "text": args.get("text") or "", "user": self.bot_user_id,
            "ts": self._next_ts(), "app_id": self.app_id, "team": self.team_id,
            "bot_profile": {"id": self.bot_id, "app_id": self.app_id, "name": self.bot_name, "icons": {},
                            "deleted": False, "updated": int(time.time()), "team_id": self.team_id},
        }
        for key in ("blocks", "attachments", "metadata"):
            if args.get(key):
                msg[key] = copy.deepcopy(args[key])
        return msg

    def _store_message(self, channel_id: str, msg: JSONDict, thread_ts: str | None) -> None:
        messages = self._messages.setdefault(channel_id, [])
        if thread_ts:
            parent = self._find_message(channel_id, thread_ts)
            if parent is not None and parent.get("thread_ts") and parent["thread_ts"] != parent["ts"]:
                thread_ts = parent["thread_ts"]
                parent = self._find_message(channel_id, thread_ts)
            msg["thread_ts"] = thread_ts
            if parent is not None:
                msg["parent_user_id"] = parent.get("user")
                parent["thread_ts"] = parent["ts"]
                parent["reply_count"] = parent.get("reply_count", 0) + 1
                parent["reply_users"] = sorted({*parent.get("reply_users", []), msg.get("user", "")})
                parent["reply_users_count"] = len(parent["reply_users"])
                parent["latest_reply"] = msg["ts"]
        messages.append(msg)
        messages.sort(key=lambda m: _ts_key(m["ts"]))

    def _find_message(self, channel_id: str | None, ts: str) -> JSONDict | None:
        for msg in self._messages.get(channel_id or "", []):
            if msg["ts"] == ts:
                return msg
        return None

    def _find_usergroup(self, id_or_handle: str) -> JSONDict | None:
        key = id_or_handle.lstrip("@")
        if key in self._usergroups:
            return self._usergroups[key]
        return next((g for g in self._usergroups.values() if g["handle"] == key), None)


# -- request parsing ------------------------------------------------------------------------------------------------
async def _parse_args(request: web.Request) -> JSONDict:
    args: JSONDict = dict(request.query)
    raw = await request.read()
    if raw:
        ctype = request.content_type
        if ctype == "application/json":
            try:
                body = json.loads(raw)
            except ValueError:
                raise SlackApiFailure("invalid_json") from None
            if not isinstance(body, dict):
                raise SlackApiFailure("json_not_object")
            args.update(body)
        elif ctype.startswith("multipart/"):
            form = await request.post()
            args.update({k: v for k, v in form.items() if isinstance(v, str)})
        else:
            try:
                args.update(parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False))
            except UnicodeDecodeError:
                raise SlackApiFailure("invalid_charset") from None
    for key in JSON_STRING_FIELDS:
        value = args.get(key)
        if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            try:
                args[key] = json.loads(value)
            except ValueError:
                message = f"[ERROR] failed to parse json [json-pointer:/{key}]"
                raise SlackApiFailure("invalid_arguments", message) from None
    return args


async def _upload_body(request: web.Request) -> bytes:
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        for value in form.values():
            if isinstance(value, web.FileField):
                return bytes(value.file.read())
        return b""
    return await request.read()


def _public_file(entry: JSONDict) -> JSONDict:
    name = str(entry["name"])
    mimetype = "image/png" if name.lower().endswith(".png") else "application/octet-stream"
    return {"id": entry["id"], "name": name, "title": entry["title"] or name, "mimetype": mimetype,
            "filetype": name.rsplit(".", 1)[-1].lower() if "." in name else "binary", "size": entry["size"],
            "channels": list(entry["channels"]), "alt_txt": entry["alt_txt"]}


def _mention_flags(args: Mapping[str, Any]) -> tuple[str, ...]:
    flags = []
    if args.get("link_names") in TRUTHY:
        flags.append("link_names")
    if str(args.get("parse", "")).lower() == "full":
        flags.append("parse=full")
    return tuple(flags)


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _str_or_none(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _split_users(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(u).strip() for u in value if str(u).strip()]
    return [u.strip() for u in str(value or "").split(",") if u.strip()]


def _ts_key(ts: str) -> tuple[int, int]:
    whole, _, frac = str(ts).partition(".")
    return int(whole or 0), int((frac or "0").ljust(6, "0")[:6])


def _time_window(messages: list[JSONDict], args: JSONDict) -> list[JSONDict]:
    inclusive = args.get("inclusive") in TRUTHY
    oldest, latest = args.get("oldest"), args.get("latest")
    out = []
    for m in messages:
        key = _ts_key(m["ts"])
        if oldest and (key < _ts_key(oldest) or (key == _ts_key(oldest) and not inclusive)):
            continue
        if latest and (key > _ts_key(latest) or (key == _ts_key(latest) and not inclusive)):
            continue
        out.append(m)
    return out


def _page(items: list[JSONDict], args: JSONDict, *, default_limit: int) -> tuple[list[JSONDict], str]:
    try:
        limit = int(args.get("limit") or default_limit)
    except ValueError:
        raise SlackApiFailure("invalid_limit") from None
    limit = max(1, min(limit, 1000))
    offset = 0
    cursor = args.get("cursor")
    if cursor:
        try:
            offset = int(base64.b64decode(str(cursor)).decode().split(":", 1)[1])
        except (ValueError, IndexError):
            raise SlackApiFailure("invalid_cursor") from None
    page = items[offset:offset + limit]
    more = offset + limit < len(items)
    next_cursor = base64.b64encode(f"offset:{offset + limit}".encode()).decode() if more else ""
    return page, next_cursor


def _public(msg: JSONDict, with_metadata: bool = True) -> JSONDict:
    out = copy.deepcopy(msg)
    if not with_metadata:
        out.pop("metadata", None)
    return out


def _rich_text_block(text: str) -> JSONDict:
    return {"type": "rich_text", "block_id": secrets.token_urlsafe(3)[:4], "elements": [
        {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}]}


# -- Block Kit validation (what Slack rejects server-side; see slack.md section 3) ------------------------------------
def _len_error(ptr: str, value: Any, max_len: int, min_len: int = 1) -> list[str]:
    if not isinstance(value, str):
        return [f"[ERROR] must provide a string [json-pointer:{ptr}]"]
    if len(value) < min_len:
        return [f"[ERROR] must be more than {min_len - 1} characters [json-pointer:{ptr}]"]
    if len(value) > max_len:
        return [f"[ERROR] must be less than {max_len + 1} characters [json-pointer:{ptr}]"]
    return []


def _text_errors(obj: Any, ptr: str, max_len: int, *, plain_only: bool = False) -> list[str]:
    if not isinstance(obj, dict):
        return [f"[ERROR] must provide an object [json-pointer:{ptr}]"]
    allowed = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
    if obj.get("type") not in allowed:
        return [f"[ERROR] must be one of {', '.join(allowed)} [json-pointer:{ptr}/type]"]
    return _len_error(f"{ptr}/text", obj.get("text"), max_len)


def _count_error(ptr: str, items: Any, max_items: int, min_items: int = 0) -> list[str]:
    if not isinstance(items, list):
        return [f"[ERROR] must provide an array [json-pointer:{ptr}]"]
    if len(items) > max_items:
        return [f"[ERROR] no more than {max_items} items allowed [json-pointer:{ptr}]"]
    if len(items) < min_items:
        return [f"[ERROR] must provide at least {min_items} items [json-pointer:{ptr}]"]
    return []


def _option_errors(options: Any, ptr: str, max_items: int, *, min_items: int = 1) -> list[str]:
    errors = _count_error(ptr, options, max_items, min_items)
    if errors:
        return errors
    for i, option in enumerate(options):
        if not isinstance(option, dict):
            errors.append(f"[ERROR] must provide an object [json-pointer:{ptr}/{i}]")
            continue
        errors += _text_errors(option.get("text"), f"{ptr}/{i}/text", 75)
        errors += _len_error(f"{ptr}/{i}/value", option.get("value"), 150)
    return errors


OPTION_LIMITS = {"static_select": 100, "multi_static_select": 100, "checkboxes": 10, "radio_buttons": 10,
                 "overflow": 5}


def element_errors(element: Any, ptr: str) -> list[str]:
    if not isinstance(element, dict) or "type" not in element:
        return [f"[ERROR] must provide an element object with a type [json-pointer:{ptr}]"]
    errors: list[str] = []
    kind = element["type"]
    if "action_id" in element:
        errors += _len_error(f"{ptr}/action_id", element["action_id"], 255)
    if "placeholder" in element:
        errors += _text_errors(element["placeholder"], f"{ptr}/placeholder", 150, plain_only=True)
    if kind == "button":
        errors += _text_errors(element.get("text"), f"{ptr}/text", 75, plain_only=True)
        if "value" in element:
            errors += _len_error(f"{ptr}/value", element["value"], 2000)
        if "url" in element:
            errors += _len_error(f"{ptr}/url", element["url"], 3000)
    elif kind in OPTION_LIMITS:
        if "option_groups" in element:
            errors += _count_error(f"{ptr}/option_groups", element["option_groups"], 100, 1)
        else:
            errors += _option_errors(element.get("options"), f"{ptr}/options", OPTION_LIMITS[kind],
                                     min_items=2 if kind == "overflow" else 1)
    elif kind == "plain_text_input":
        for key in ("min_length", "max_length"):
            if key in element and not (isinstance(element[key], int) and 0 <= element[key] <= 3000):
                errors.append(f"[ERROR] must be between 0 and 3000 [json-pointer:{ptr}/{key}]")
        if "initial_value" in element and isinstance(element["initial_value"], str) and \
                len(element["initial_value"]) > 3000:
            errors.append(f"[ERROR] must be less than 3001 characters [json-pointer:{ptr}/initial_value]")
    return errors


def _duplicate_ids(blocks: list[Any], ptr: str) -> list[str]:
    """Slack refuses a block_id used twice in a surface, and an action_id used twice within one block."""
    errors: list[str] = []
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        if not isinstance(block, dict):
            continue
        block_id = block.get("block_id")
        if isinstance(block_id, str):
            if block_id in seen:
                errors.append(f"[ERROR] duplicate block_id {block_id!r} [json-pointer:{ptr}/{i}/block_id]")
            seen.add(block_id)
        elements = [*(block.get("elements") or [])] if block.get("type") == "actions" else []
        elements += [block[k] for k in ("accessory", "element") if isinstance(block.get(k), dict)]
        actions = [e.get("action_id") for e in elements if isinstance(e, dict) and e.get("action_id")]
        for action_id in {a for a in actions if actions.count(a) > 1}:
            errors.append(f"[ERROR] duplicate action_id {action_id!r} in a block [json-pointer:{ptr}/{i}]")
    return errors


def block_errors(blocks: Any, ptr: str = "/blocks", *, max_blocks: int = 50) -> list[str]:
    """Block Kit errors Slack reports (``[ERROR] ... [json-pointer:...]``) for a list of blocks."""
    errors = _count_error(ptr, blocks, max_blocks)
    if errors:
        return errors
    errors += _duplicate_ids(blocks, ptr)
    for i, block in enumerate(blocks):
        bptr = f"{ptr}/{i}"
        if not isinstance(block, dict) or "type" not in block:
            errors.append(f"[ERROR] must provide a block object with a type [json-pointer:{bptr}]")
            continue
        kind = block["type"]
        if "block_id" in block:
            errors += _len_error(f"{bptr}/block_id", block["block_id"], 255)
        if kind == "section":
            if "text" not in block and "fields" not in block:
                errors.append(f"[ERROR] must provide either text or fields [json-pointer:{bptr}]")
            if "text" in block:
                errors += _text_errors(block["text"], f"{bptr}/text", 3000)
            if "fields" in block:
                errors += _count_error(f"{bptr}/fields", block["fields"], 10)
                for j, item in enumerate(block["fields"] if isinstance(block["fields"], list) else []):
                    errors += _text_errors(item, f"{bptr}/fields/{j}", 2000)
            if "accessory" in block:
                errors += element_errors(block["accessory"], f"{bptr}/accessory")
        elif kind == "header":
            errors += _text_errors(block.get("text"), f"{bptr}/text", 150, plain_only=True)
        elif kind == "context":
            elements = block.get("elements")
            errors += _count_error(f"{bptr}/elements", elements, 10, 1)
            for j, item in enumerate(elements if isinstance(elements, list) else []):
                if isinstance(item, dict) and item.get("type") in ("plain_text", "mrkdwn"):
                    errors += _text_errors(item, f"{bptr}/elements/{j}", 3000)
        elif kind == "actions":
            elements = block.get("elements")
            errors += _count_error(f"{bptr}/elements", elements, 25, 1)
            for j, item in enumerate(elements if isinstance(elements, list) else []):
                errors += element_errors(item, f"{bptr}/elements/{j}")
        elif kind == "input":
            errors += _text_errors(block.get("label"), f"{bptr}/label", 2000, plain_only=True)
            if "hint" in block:
                errors += _text_errors(block["hint"], f"{bptr}/hint", 2000, plain_only=True)
            errors += element_errors(block.get("element"), f"{bptr}/element")
    return errors


def view_errors(view: JSONDict, *, allowed_types: tuple[str, ...] = ("modal", "home")) -> list[str]:
    """Errors Slack reports for a view payload (type, title/submit/close, blocks, metadata limits)."""
    errors: list[str] = []
    if view.get("type") not in allowed_types:
        return [f"[ERROR] must be one of {', '.join(allowed_types)} [json-pointer:/view/type]"]
    if view["type"] == "modal":
        errors += _text_errors(view.get("title"), "/view/title", 24, plain_only=True)
        for key in ("submit", "close"):
            if view.get(key) is not None:
                errors += _text_errors(view[key], f"/view/{key}", 24, plain_only=True)
        blocks = view.get("blocks")
        if isinstance(blocks, list) and view.get("submit") is None and \
                any(isinstance(b, dict) and b.get("type") == "input" for b in blocks):
            errors.append("[ERROR] must provide a submit property when using input blocks [json-pointer:/view]")
    if "blocks" not in view:
        errors.append("[ERROR] missing required field: blocks [json-pointer:/view]")
    else:
        errors += block_errors(view["blocks"], "/view/blocks", max_blocks=100)
    if "private_metadata" in view:
        errors += _len_error("/view/private_metadata", view["private_metadata"], 3000, min_len=0)
    for key in ("callback_id", "external_id"):
        if key in view:
            errors += _len_error(f"/view/{key}", view[key], 255, min_len=0)
    return errors
