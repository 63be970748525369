"""Events API: thread replies (activity, informal take-over, and the bridge to the private issue: replies, edits and
deletions), de-duplicated by event_id."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.delivery.dedupe import first_delivery
from bot.services import Services

log = logging.getLogger(__name__)
BRIDGED = {"created", "edited", "deleted", "internal"}


def register(app: AsyncApp, services: Services) -> None:
    ownership = services.ownership

    @app.event("message")
    async def on_message(body: dict[str, Any], event: dict[str, Any]) -> None:
        ids = [("slack-event", body.get("event_id")), ("slack-msg", event.get("client_msg_id"))]
        if not await first_delivery(services.sessions, clock=services.clock, ids=ids):
            log.info("ignoring a repeated delivery of event %s", body.get("event_id"))
            services.metrics.bridge.labels("repeated_delivery").inc()
            return
        assert services.slack_replies is not None
        bridged = await services.slack_replies.take(event)  # replies, edits, deletions → the private issue
        if await _took_over(event) or bridged in BRIDGED:
            services.worker.wake()
        services.metrics.bridge.labels(bridged).inc()  # last: tests and dashboards see a finished listener

    async def _took_over(event: dict[str, Any]) -> bool:
        """A person's new reply in a request's thread: activity, and maybe an informal take-over."""
        if event.get("subtype") not in (None, "thread_broadcast", "file_share") or event.get("bot_id"):
            return False
        thread_ts, user, channel = event.get("thread_ts"), event.get("user"), event.get("channel")
        if not (thread_ts and user and channel) or thread_ts == event.get("ts"):
            return False
        return bool(await ownership.thread_reply(channel=channel, thread_ts=thread_ts, user=user))
