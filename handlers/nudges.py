"""Buttons of the ownership lifecycle and the reminders: confirm or decline an informal take-over, release a
request, and snooze a stale-ownership nudge. Refusals and confirmations go to the clicking user only."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.ids import ActionId
from bot.blocks.pings import answered
from bot.services import Services
from handlers.payloads import clicked_message, request_id, tell_clicker

log = logging.getLogger(__name__)





async def _close_prompt(client: AsyncWebClient, body: dict[str, Any], text: str) -> None:
    """The prompt loses its buttons once answered (best effort: the thread note says the same)."""
    channel, ts, _ = clicked_message(body)
    if not (channel and ts):
        return
    try:
        await client.chat_update(channel=channel, ts=ts, text=text, blocks=[b.to_dict() for b in answered(text)])
    except SlackApiError as exc:
        log.info("could not update the answered prompt: %s", exc.response.get("error"))


def register(app: AsyncApp, services: Services) -> None:
    ownership = services.ownership

    @app.action(ActionId.CONFIRM_INFORMAL)
    async def confirm_informal(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        user = body["user"]["id"]
        outcome = await ownership.confirm_informal(request_id(body), user)
        services.worker.wake()
        if outcome.ok:
            await _close_prompt(client, body, f":white_check_mark: <@{user}> confirmed they own this request.")
        await tell_clicker(client, body, outcome)

    @app.action(ActionId.DECLINE_INFORMAL)
    async def decline_informal(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        user = body["user"]["id"]
        outcome = await ownership.decline_informal(request_id(body), user)
        services.worker.wake()
        if outcome.ok:
            await _close_prompt(client, body, f":wave: <@{user}> declined; this request needs an owner.")
        await tell_clicker(client, body, outcome)

    @app.action(ActionId.RELEASE)
    async def release(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        outcome = await ownership.release(request_id(body), body["user"]["id"])
        services.worker.wake()
        await tell_clicker(client, body, outcome)

    @app.action(ActionId.SNOOZE)
    async def snooze(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await tell_clicker(client, body, await ownership.snooze(request_id(body), body["user"]["id"]))
