"""Composition root: the Bolt AsyncApp with our one Web API client and every listener registered."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.error import BoltUnhandledRequestError
from slack_bolt.response import BoltResponse

from bot.security.workspace import Workspace
from bot.services import Services
from bot.shell.guard import RefusalLog
from handlers import register_all

log = logging.getLogger(__name__)


def _not_the_unused_token_warning(record: logging.LogRecord) -> bool:
    # Bolt reads SLACK_BOT_TOKEN from the environment and warns that it is unused next to our client, which carries
    # that same token: a warning at every start that asks nothing of anyone.
    return "`token` will be unused" not in record.getMessage()


def build_app(services: Services, *, signing_secret: str | None) -> AsyncApp:
    bolt_log = logging.getLogger("slack_bolt.AsyncApp")
    if _not_the_unused_token_warning not in bolt_log.filters:
        bolt_log.addFilter(_not_the_unused_token_warning)
    app = AsyncApp(
        client=services.chat.client,
        signing_secret=signing_secret or "socket-mode-has-no-signing-secret",
        process_before_response=False,
        raise_error_for_unhandled_request=False,
    )
    foreign = RefusalLog()

    @app.middleware
    async def pin_workspace(context: AsyncBoltContext, next: Callable[[], Awaitable[Any]]) -> BoltResponse | None:
        """Only the installed workspace (auth.test at start; Bolt's own auth.test as a fallback) may act."""
        pinned = services.workspace or _from_authorization(context)
        if pinned is None or pinned.admits(context.team_id, context.enterprise_id):
            return await next()  # type: ignore[no-any-return]
        foreign.note("/slack/events", f"team {context.team_id!s:.20} / enterprise {context.enterprise_id!s:.20} "
                                      "is not the installed workspace")
        return BoltResponse(status=403, body="")

    @app.error
    async def report_unexpected(error: Exception, body: dict[str, Any],
                                response: BoltResponse | None) -> BoltResponse | None:
        if isinstance(error, BoltUnhandledRequestError):
            return BoltResponse(status=404, body="") if response is not None else None
        incident = uuid.uuid4().hex[:8]
        log.error("unexpected error %s handling a %s request", incident, body.get("type") or "slash command",
                  exc_info=error)
        # After the ack (listeners run on once Slack has its answer) there is no response left to change.
        return BoltResponse(status=500, body=f"Something went wrong (incident {incident}).") if response else None

    register_all(app, services)
    _report_failures_after_ack(app)
    return app


def _report_failures_after_ack(app: AsyncApp) -> None:
    """A listener that fails after ``ack()`` has no answer left to give: log it once here. Left to Bolt, the failure
    would reset the acknowledgement it has not sent yet (a fast failure turns into "didn't call ack()" and a 404 after
    3 s). A failure before the ack still reaches the error handler, which answers 500."""
    for listener in app._async_listeners:  # Bolt keeps no public list; each entry calls its ack_function with kwargs
        listener.ack_function = _guarded(listener.ack_function, acked_first=listener.auto_acknowledgement)


def _guarded(function: Callable[..., Awaitable[Any]], *, acked_first: bool) -> Callable[..., Awaitable[Any]]:
    """``acked_first``: Bolt acknowledged before calling (events); otherwise the listener's ``ack`` says."""

    async def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return await function(*args, **kwargs)
        except Exception as error:
            ack = kwargs.get("ack")
            if not acked_first and getattr(ack, "response", None) is None:
                raise
            body = kwargs.get("body") or {}
            log.error("unexpected error %s handling a %s request (after the ack)", uuid.uuid4().hex[:8],
                      body.get("type") or "slash command", exc_info=error)
            return None

    return run


def _from_authorization(context: AsyncBoltContext) -> Workspace | None:
    result = context.authorize_result
    if result is None:
        return None
    return Workspace.from_auth_test({"team_id": result.team_id, "enterprise_id": result.enterprise_id,
                                     "is_enterprise_install": bool(result.get("is_enterprise_install"))})
