"""Ids that every log line carries while they are bound: ``req`` (an HTTP request), ``rfh`` (``RFH-<id>``), ``step``.

Context variables, so tasks started while one is bound (Bolt's listeners, a step in flight) inherit it; the log
formatter (``bot.shell.logs``) writes them on each line.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from structlog.contextvars import bound_contextvars


def log_context(**ids: Any) -> AbstractContextManager[None]:
    """Bind the given ids (None values are left out) for the duration of the ``with`` block."""
    return bound_contextvars(**{k: v for k, v in ids.items() if v is not None})


def rfh_id(request_id: int | None) -> str | None:
    return f"RFH-{request_id}" if request_id is not None else None
