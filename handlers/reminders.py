"""Buttons of the ownership lifecycle and the reminders: confirm or decline an informal take-over, release a
request, and snooze a stale-ownership nudge. Refusals and confirmations go to the clicking user only."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.reminders import answered
from bot.ids import ActionId
from bot.ownership import Outcome, Ownership
from bot.services import Services

log = logging.getLogger(__name__)


def _request_id(body: dict[str, Any]) -> int:
    return int(body["actions"][0]["value"])


def _where(body: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(channel, message ts, thread ts) of the message whose button was clicked."""
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    message = body.get("message") or {}
    return channel, message.get("ts"), message.get("thread_ts")


async def _tell(client: AsyncWebClient, body: dict[str, Any], outcome: Outcome) -> None:
    channel, _, thread = _where(body)
    user = body["user"]["id"]
    if channel:
        await client.chat_postEphemeral(channel=channel, user=user, text=outcome.message, thread_ts=thread)
    else:
        await client.chat_postMessage(channel=user, text=outcome.message)


async def _close_prompt(client: AsyncWebClient, body: dict[str, Any], text: str) -> None:
    """The prompt loses its buttons once answered (best effort: the thread note says the same)."""
    channel, ts, _ = _where(body)
    if not (channel and ts):
        return
    try:
        await client.chat_update(channel=channel, ts=ts, text=text, blocks=[b.to_dict() for b in answered(text)])
    except SlackApiError as exc:
        log.info("could not update the answered prompt: %s", exc.response.get("error"))


def register(app: AsyncApp, services: Services) -> None:
    ownership = Ownership(sessions=services.sessions, config=services.config, clock=services.clock)

    @app.action(ActionId.CONFIRM_INFORMAL)
    async def confirm_informal(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        user = body["user"]["id"]
        outcome = await ownership.confirm_informal(_request_id(body), user)
        services.worker.wake()
        if outcome.ok:
            await _close_prompt(client, body, f":white_check_mark: <@{user}> confirmed they own this request.")
        await _tell(client, body, outcome)

    @app.action(ActionId.DECLINE_INFORMAL)
    async def decline_informal(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        user = body["user"]["id"]
        outcome = await ownership.decline_informal(_request_id(body), user)
        services.worker.wake()
        if outcome.ok:
            await _close_prompt(client, body, f":wave: <@{user}> declined; this request needs an owner.")
        await _tell(client, body, outcome)

    @app.action(ActionId.RELEASE)
    async def release(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        outcome = await ownership.release(_request_id(body), body["user"]["id"])
        services.worker.wake()
        await _tell(client, body, outcome)

    @app.action(ActionId.SNOOZE)
    async def snooze(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await _tell(client, body, await ownership.snooze(_request_id(body), body["user"]["id"]))
