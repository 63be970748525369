"""The one Slack Web API client and what every adapter shares: retry handlers that never repeat a post Slack may
have made, and the sorting of Slack's errors into permanent (a person must fix something) and temporary."""

from __future__ import annotations

from typing import Any

from aiohttp import ClientConnectorError
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.models.blocks import Block
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.errors import PermanentDeliveryError, TemporaryDeliveryError
from bot.core.ports import Blocks

PERMANENT_ERRORS = {
    "channel_not_found": "invite the bot to the channel or fix the channel in the config",
    "not_in_channel": "invite the bot to the channel (/invite @rfh)",
    "is_archived": "unarchive the channel or point the team at another one in the config",
    "invalid_auth": "set SLACK_BOT_TOKEN to the app's current bot token",
    "not_authed": "set SLACK_BOT_TOKEN",
    "account_inactive": "reinstall the Slack app and update SLACK_BOT_TOKEN",
    "token_revoked": "reinstall the Slack app and update SLACK_BOT_TOKEN",
    "missing_scope": "add the missing scope to the app (rfh manifest) and reinstall it",
    "msg_too_long": "shorten the request",
    "invalid_blocks": "report this: the bot built a message Slack rejects",
}
MAYBE_DONE_ERRORS = {"internal_error", "fatal_error"}
"""Slack's docs on these: "It's possible some aspect of the operation succeeded before the error was raised."."""
CLIENT_RATE_LIMIT_WAIT_MAX = 5.0
"""A longer Retry-After is not slept through inside a call (and a step's lease): the worker reschedules the step."""


def make_web_client(*, token: str, base_url: str, timeout: int = 10, retries: bool = True) -> AsyncWebClient:
    """The one Web API client: Bolt's auth.test and every bot call go through it (and its retry handlers, unless
    ``retries=False``: the token check at start wants one attempt)."""
    return AsyncWebClient(
        token=token,
        base_url=base_url,
        timeout=timeout,
        retry_handlers=[
            _ConnectionErrorRetry(max_retry_count=2),
            _ShortRateLimitRetry(max_retry_count=3),
            _ServerErrorRetry(max_retry_count=2),
        ] if retries else [],
    )


# chat.postMessage is never repeated inside the client after a 5xx or a connection dropped once the request was sent:
# Slack may have posted it already, and a second call would post twice. The durable worker retries it after looking
# for the post by its metadata (SlackChat.find_post), as PyGithub never retries a POST for the GitHub issue.


def _posts(request: HttpRequest) -> bool:
    return request.url.rsplit("/", 1)[-1] == "chat.postMessage"


class _ConnectionErrorRetry(AsyncConnectionErrorRetryHandler):
    async def _can_retry_async(self, *, state: RetryState, request: HttpRequest,
                               response: HttpResponse | None = None, error: Exception | None = None) -> bool:
        if _posts(request) and not isinstance(error, ClientConnectorError):  # connecting failed: nothing was sent
            return False
        return await super()._can_retry_async(state=state, request=request, response=response, error=error)


class _ServerErrorRetry(AsyncServerErrorRetryHandler):
    async def _can_retry_async(self, *, state: RetryState, request: HttpRequest,
                               response: HttpResponse | None = None, error: Exception | None = None) -> bool:
        return not _posts(request) and await super()._can_retry_async(state=state, request=request,
                                                                        response=response, error=error)


class _ShortRateLimitRetry(AsyncRateLimitErrorRetryHandler):
    """A 429 means nothing was done, so any method may wait and retry, but only a short Retry-After."""

    async def _can_retry_async(self, *, state: RetryState, request: HttpRequest,
                               response: HttpResponse | None = None, error: Exception | None = None) -> bool:
        if not await super()._can_retry_async(state=state, request=request, response=response, error=error):
            return False
        assert response is not None
        wait = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), None)
        first = (wait[0] if wait else None) if isinstance(wait, list) else wait
        return _float(first) <= CLIENT_RATE_LIMIT_WAIT_MAX


def classify(method: str, exc: SlackApiError) -> Exception:
    error = str(exc.response.get("error", "unknown_error"))
    status = exc.response.status_code
    if error in PERMANENT_ERRORS:
        return PermanentDeliveryError(f"Slack refused {method}: {error}", service="Slack", fix=PERMANENT_ERRORS[error])
    retry_after = exc.response.headers.get("Retry-After") if exc.response.headers else None
    return TemporaryDeliveryError(
        f"Slack answered {status} {error} to {method}",
        service="Slack",
        retry_after=float(retry_after) if retry_after else None,
        uncertain=status >= 500 or error in MAYBE_DONE_ERRORS,
    )


def _float(value: str | None) -> float:
    try:
        return float(value) if value else 0.0
    except ValueError:
        return 0.0


def block_dicts(blocks: Blocks | None) -> list[dict[str, Any]] | None:
    if blocks is None:
        return None
    return [b.to_dict() if isinstance(b, Block) else b for b in blocks]
