"""``FakeSlack``: the fake Web API over real HTTP (``/api/<method>``), plus the response URLs, the upload URL and the
Socket Mode endpoint; token checks, injected faults and overrides. The methods themselves are in ``fakes.slack.api``.
"""

from __future__ import annotations

import copy
import secrets
import time
from collections.abc import Callable

from aiohttp import web

from fakes._delegate import Delegated
from fakes._server import BackgroundServer, Fault
from fakes.slack import api, files
from fakes.slack.blockkit import block_errors
from fakes.slack.model import (
    DEFAULT_APP_TOKEN,
    DEFAULT_BOT_TOKEN,
    JSONDict,
    ResponseUrlPost,
    SlackApiFailure,
    SlackCall,
    Team,
)
from fakes.slack.parsing import mention_flags, parse_args, parse_response_body, seconds
from fakes.slack.recorded import Recorded
from fakes.slack.seeding import Seeding
from fakes.slack.socket_mode import SocketModeEndpoint
from fakes.slack.workspace import Workspace

Override = JSONDict | Callable[[JSONDict], JSONDict]


class FakeSlack(Seeding, Recorded, BackgroundServer):
    """Fake Slack Web API. ``url`` is the base URL for slack_sdk (``http://127.0.0.1:PORT/api/``)."""

    # The team's identity and the trigger/channel rules live on the workspace, which the Web API methods read.
    team_id = Delegated[str]("_ws", "team")
    team_name = Delegated[str]("_ws", "team")
    team_domain = Delegated[str]("_ws", "team")
    bot_user_id = Delegated[str]("_ws", "team")
    bot_id = Delegated[str]("_ws", "team")
    bot_name = Delegated[str]("_ws", "team")
    app_id = Delegated[str]("_ws", "team")
    trigger_ttl = Delegated[float]("_ws")
    strict_triggers = Delegated[bool]("_ws")
    strict_channels = Delegated[bool]("_ws")

    def __init__(
        self, *, bot_token: str = DEFAULT_BOT_TOKEN, app_token: str = DEFAULT_APP_TOKEN, team_id: str = "T111",
        team_name: str = "Test Team", team_domain: str = "test", bot_user_id: str = "UBOT", bot_id: str = "BBOT",
        bot_name: str = "rfh", app_id: str = "A111", trigger_ttl: float = 3.0, strict_triggers: bool = True,
        strict_channels: bool = False, host: str = "127.0.0.1", port: int = 0,
    ):
        super().__init__(host=host, port=port)
        self.bot_token, self.app_token = bot_token, app_token
        team = Team(team_id=team_id, team_name=team_name, team_domain=team_domain, bot_user_id=bot_user_id,
                    bot_id=bot_id, bot_name=bot_name, app_id=app_id)
        self._ws = Workspace(team, origin=lambda: self.origin, trigger_ttl=trigger_ttl,
                             strict_triggers=strict_triggers, strict_channels=strict_channels)
        self._socket = SocketModeEndpoint(self._lock, team)
        self._overrides: dict[str, Override] = {}
        self._init_state()

    def _init_state(self) -> None:
        self._calls: list[SlackCall] = []
        self._response_posts: list[ResponseUrlPost] = []
        self._ws.clear()
        self._socket.clear()
        self.add_user(self.bot_user_id, name=self.bot_name, real_name=self.bot_name, is_bot=True)

    # -- public: configuration ------------------------------------------------------------------------------------
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

    def on(self, method: str, response: Override) -> None:
        """Answer ``method`` (implemented or not) with a fixed body or ``response(args) -> body`` instead."""
        with self._lock:
            self._overrides[method] = response

    def fail(
        self, method: str, *, status: int | None = None, error: str | None = None, times: int | None = 1,
        retry_after: float | None = None, hang: float | None = None, reset_connection: bool = False,
    ) -> Fault:
        """Make the next ``times`` calls to ``method`` fail (``"*"`` = any method, ``"response_url"`` = response URLs,
        ``"upload"`` = the upload URL).

        - ``status`` defaults to 200 when ``error`` is given (an ok:false answer), else 500. With only ``hang`` and/or
          ``reset_connection`` the call is answered normally after the hang (or the connection is reset).
        - ``status=429`` answers ``{"ok": false, "error": "ratelimited"}`` with ``Retry-After`` (default 1 s;
          slack_sdk needs an integer there).
        - ``hang=S`` waits S seconds first; ``reset_connection=True`` drops the TCP connection without an answer.
        - ``times=None`` fails forever, until ``clear_faults()``.
        """
        if status is None and error is not None:
            status = 200
        return self._add_fault(Fault(
            match=lambda m, _target=method: _target in ("*", m), status=status, times=times,
            retry_after=retry_after, hang=hang, reset_connection=reset_connection, error=error, description=method,
        ))

    def response_url(self, key: str | None = None) -> str:
        """A ``response_url`` on the fake (``POST /response/<key>``); posts to it are in ``response_posts()``."""
        return f"{self.origin}/response/{key or secrets.token_hex(8)}"

    # -- public: Socket Mode --------------------------------------------------------------------------------------
    def send_envelope(self, kind: str, payload: JSONDict, *, envelope_id: str | None = None) -> str:
        """Deliver a Socket Mode envelope (``slash_commands``, ``interactive``, ``events_api``) to every connected
        app, as Slack does; returns the envelope id its ack will carry (see ``socket_acks``)."""
        return self._socket.send(kind, payload, envelope_id=envelope_id, loop=self._loop)

    def close_socket_connections(self) -> int:
        """Close every Socket Mode connection from Slack's side (as Slack does now and then, e.g. on a deploy): the
        app is expected to reconnect through apps.connections.open. Returns how many were closed."""
        return self._socket.close_all(self._loop)

    def socket_acks(self) -> list[JSONDict]:
        """What connected apps sent back over Socket Mode (acks: ``{"envelope_id": …, "payload": …}``)."""
        return self._socket.acks()

    @property
    def socket_connections(self) -> int:
        return self._socket.connections

    # -- HTTP -----------------------------------------------------------------------------------------------------
    def _build_app(self) -> web.Application:
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/response/{key}", self._handle_response_url)
        app.router.add_post("/upload/{file_id}", self._handle_upload)
        app.router.add_get("/socket-mode", self._socket.handle)
        return app

    def _record(self, call: SlackCall) -> None:
        with self._lock:
            self._calls.append(call)

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        call = SlackCall(method=method, args={}, headers=dict(request.headers), at=time.time())
        early: JSONDict | None = None
        try:
            args = await parse_args(request)
        except SlackApiFailure as exc:
            args, early = {}, exc.body
        call.args = args
        call.flags = mention_flags(args)
        self._record(call)
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
        headers: dict[str, str] = {}
        retry_after = fault.retry_after if fault.retry_after is not None else (1 if status == 429 else None)
        if retry_after is not None:
            headers["Retry-After"] = seconds(retry_after)
        body: JSONDict = {"ok": False, "error": fault.error or default_error}
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
            try:
                return api.call(self._ws, method, args)
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
        if (method in api.APP_TOKEN_METHODS) != (token == self.app_token):
            return "not_allowed_token_type"
        return None

    async def _handle_response_url(self, request: web.Request) -> web.StreamResponse:
        body = parse_response_body(await request.read())
        errors = block_errors(body["blocks"], "/blocks") if isinstance(body, dict) and body.get("blocks") else []
        post = ResponseUrlPost(
            key=request.match_info["key"], body=body, headers=dict(request.headers), at=time.time(),
            flags=mention_flags(body) if isinstance(body, dict) else (), errors=errors,
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

    async def _handle_upload(self, request: web.Request) -> web.StreamResponse:
        """The upload URL files.getUploadURLExternal hands out: the file's bytes, raw or as a multipart form."""
        file_id = request.match_info["file_id"]
        call = SlackCall(method="upload", args={"file_id": file_id}, headers=dict(request.headers), at=time.time())
        self._record(call)
        fault = self._take_fault("upload")
        if fault is not None:
            answered = await self._apply_fault(request, fault, call)
            if answered is not None:
                return answered
        content = await files.read_upload(request)
        with self._lock:
            if not files.store_upload(self._ws, file_id, content):
                call.status = 404
                return web.Response(status=404, text="file not found or already uploaded")
        call.response = {"ok": True}
        return web.Response(text=f"OK - {len(content)}")
