"""The History button on the team post: the request's whole timeline in a modal (opened within the trigger's 3 s)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.history import history_modal
from bot.blocks.ids import ActionId
from bot.blocks.ownership_notes import who
from bot.history.service import request_history
from bot.ownership.service import Outcome
from bot.services import Services
from handlers.payloads import request_id, tell_clicker


def register(app: AsyncApp, services: Services) -> None:
    @app.action(ActionId.HISTORY)
    async def open_history(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        history = await request_history(services.sessions, services.config, request_id(body))
        if history is None:
            await tell_clicker(client, body, Outcome(False, "That request no longer exists."))
            return
        entries = [(e.at, who(e.actor), e.text) for e in history.entries]
        await client.views_open(trigger_id=body["trigger_id"],
                                view=history_modal(request_id=history.request_id, title=history.title,
                                                   entries=entries))
