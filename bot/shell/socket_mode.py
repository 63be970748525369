"""Socket Mode that a SIGTERM stops at once, and that stops for good when Slack refuses the app-level token.

slack_sdk's client reconnects in a loop that logs a traceback and sleeps ``ping_interval`` after every failure, for
any failure, refusals included, and Bolt's handler awaits that loop before returning. Here the connection runs as a
task beside the server (a stop cancels it), a refused token ends the process with one line, and a Slack that does not
answer is one warning line per attempt.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.aiohttp import SocketModeClient

log = logging.getLogger(__name__)
client_log = logging.getLogger("rfh.socket_mode")
REFUSALS = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked", "not_allowed_token_type",
                      "access_denied"})
CLOSE_SECONDS = 3.0
PING_SECONDS = 10.0
"""Bolt's default: the ping interval, and the wait between two attempts to connect."""


def _one_line(record: logging.LogRecord) -> bool:
    # A Slack that does not answer is expected now and then: say so in one line, without a traceback each time
    # (slack_sdk's messages also carry Slack's answer on a second line).
    if record.exc_info and str(record.msg).startswith("Failed to connect"):
        record.exc_info, record.exc_text = None, None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
    if isinstance(record.msg, str) and "\n" in record.msg:
        record.msg = " ".join(record.msg.split("\n"))
    return True


client_log.addFilter(_one_line)


class _Client(SocketModeClient):
    """Stops reconnecting when Slack refuses the app-level token (at start, or on a reconnect later on), and says so
    through ``on_refused``."""

    refused: str | None = None
    on_refused: Callable[[str], None] | None = None

    async def issue_new_wss_url(self) -> str:
        try:
            return await super().issue_new_wss_url()
        except SlackApiError as exc:
            error = str(exc.response.get("error", ""))
            if error in REFUSALS:
                self.refused = error
                self.closed = True  # the connect loop returns instead of retrying
                self.auto_reconnect_enabled = False
                if self.on_refused is not None:
                    self.on_refused(error)
            raise


class _Handler(AsyncSocketModeHandler):
    """Bolt's handler (its ``handle`` runs the app for each envelope) around our client."""

    def __init__(self, app: AsyncApp, client: _Client):
        # Bolt's __init__ builds the stock client (and its HTTP session); take ours in its place instead.
        self.app, self.app_token, self.client = app, client.app_token, client
        client.socket_mode_request_listeners.append(self.handle)  # type: ignore[arg-type]


class SocketMode:
    def __init__(self, app: AsyncApp, app_token: str, *, stop: asyncio.Event):
        self.stop = stop
        self.client = _Client(app_token=app_token, logger=client_log, web_client=app.client,
                              ping_interval=PING_SECONDS)
        self.client.on_refused = self._refused
        self.handler = _Handler(app, self.client)
        self._connecting: asyncio.Task[None] | None = None

    def _refused(self, error: str) -> None:
        log.error("Slack refused SLACK_APP_TOKEN (%s); stopping", error)
        self.stop.set()

    @property
    def refused(self) -> str | None:
        """Slack's error when it refused the app-level token (the process should stop and say so)."""
        return self.client.refused

    def start(self) -> None:
        self._connecting = asyncio.create_task(self._connect())

    async def _connect(self) -> None:
        await self.client.connect()  # type: ignore[no-untyped-call]  # slack_sdk leaves it unannotated
        if not self.client.refused:
            log.info("connected to Slack in Socket Mode")

    async def close(self) -> None:
        """Stop connecting (or the connection) within a few seconds, whatever Slack does."""
        self.client.closed = True
        self.client.auto_reconnect_enabled = False
        if self._connecting is not None and not self._connecting.done():
            self._connecting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._connecting
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.client.close(), CLOSE_SECONDS)  # type: ignore[no-untyped-call]
