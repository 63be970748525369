"""Events API: thread replies (activity and informal take-over), de-duplicated by event_id."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.delivery.dedupe import first_delivery
from bot.services import Services

log = logging.getLogger(__name__)


def register(app: AsyncApp, services: Services) -> None:
    ownership = services.ownership

    @app.event("message")
    async def note_thread_reply(body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("subtype") not in (None, "thread_broadcast", "file_share") or event.get("bot_id"):
            return
        thread_ts, user, channel = event.get("thread_ts"), event.get("user"), event.get("channel")
        if not (thread_ts and user and channel) or thread_ts == event.get("ts"):
            return
        ids = [("slack-event", body.get("event_id")), ("slack-msg", event.get("client_msg_id"))]
        if not await first_delivery(services.sessions, clock=services.clock, ids=ids):
            log.info("ignoring a repeated delivery of event %s", body.get("event_id"))
            return
        if await ownership.thread_reply(channel=channel, thread_ts=thread_ts, user=user):
            services.worker.wake()
