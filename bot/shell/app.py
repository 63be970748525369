"""Composition root: the Bolt AsyncApp with our one Web API client and every listener registered."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.error import BoltUnhandledRequestError
from slack_bolt.response import BoltResponse

from bot.services import Services
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

    @app.error
    async def report_unexpected(error: Exception, body: dict[str, Any]) -> BoltResponse | None:
        if isinstance(error, BoltUnhandledRequestError):
            return BoltResponse(status=404, body="")
        incident = uuid.uuid4().hex[:8]
        log.exception("unexpected error %s handling a %s request", incident, body.get("type") or "slash command",
                      exc_info=error)
        return BoltResponse(status=500, body=f"Something went wrong (incident {incident}).")

    register_all(app, services)
    return app
