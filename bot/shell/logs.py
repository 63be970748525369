"""Logging for `rfh serve`: text or JSON lines (structlog over the standard library), with the ids of the HTTP request
and of the RFH being worked on (``bot.core.logcontext``) on every line logged while handling them.

Quiet by default: no access-log line per request, no Alembic INFO lines at each start; DEBUG brings both back.
"""

from __future__ import annotations

import logging
import sys
import uuid
from collections.abc import Awaitable, Callable

import structlog
from aiohttp import web

from bot.core.logcontext import log_context

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
NOISY_AT_INFO = ("alembic", "aiohttp.access")


def configure_logging(*, level: str = "INFO", json_lines: bool = False, stream: object = None) -> None:
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if json_lines
        else structlog.dev.ConsoleRenderer(colors=False, pad_event_to=0, pad_level=False,
                                           exception_formatter=structlog.dev.plain_traceback)
    )
    final: list[structlog.types.Processor] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta]
    if json_lines:
        final.append(structlog.processors.format_exc_info)  # the traceback as one JSON string, not many lines
    formatter = structlog.stdlib.ProcessorFormatter(foreign_pre_chain=shared, processors=[*final, renderer])
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    for name in NOISY_AT_INFO:
        logging.getLogger(name).setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)


@web.middleware
async def request_ids(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every line logged while answering an HTTP request (the listeners it starts included) carries its id."""
    with log_context(req=uuid.uuid4().hex[:12]):
        return await handler(request)
