"""Small readers of button payloads, and the one way a click is answered privately, shared by the listeners."""

from __future__ import annotations

from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.ownership.service import Outcome


def request_id(body: dict[str, Any]) -> int:
    """The request a button belongs to: every request button carries its id as the value."""
    return int(body["actions"][0]["value"])


def clicked_message(body: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(channel, message ts, thread ts) of the message whose button was clicked."""
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    message = body.get("message") or {}
    return channel, message.get("ts"), message.get("thread_ts")


async def tell_clicker(client: AsyncWebClient, body: dict[str, Any], outcome: Outcome) -> None:
    """Refusals (and confirmations) go to the clicking user only: ephemeral where they clicked, else a DM."""
    channel, _, thread = clicked_message(body)
    user = body["user"]["id"]
    if channel:
        await client.chat_postEphemeral(channel=channel, user=user, text=outcome.message, thread_ts=thread)
    else:
        await client.chat_postMessage(channel=user, text=outcome.message)
