"""The message shortcut: the same modal, pre-filled with the message; the result goes back into its thread."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.ids import CallbackId
from bot.blocks.intake_modal import IntakeMeta, IntakePrefill, intake_modal
from bot.core.text import one_line, truncate
from bot.services import Services
from handlers import intake_view


def message_permalink(body: dict[str, Any]) -> str | None:
    """Built locally (no API call before views.open, whose trigger lives 3 s): Slack's permalink format."""
    channel = (body.get("channel") or {}).get("id")
    message = body.get("message") or {}
    ts = message.get("ts") or body.get("message_ts")
    domain = (body.get("team") or {}).get("domain")
    if not (channel and ts and domain):
        return None
    link = f"https://{domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
    thread_ts = message.get("thread_ts")
    return f"{link}?thread_ts={thread_ts}&cid={channel}" if thread_ts and thread_ts != ts else link


def register(app: AsyncApp, services: Services) -> None:
    @app.message_shortcut(CallbackId.MESSAGE_SHORTCUT)
    async def open_intake_from_message(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        message = body.get("message") or {}
        text = str(message.get("text") or "")
        hint, suggested = services.suggest(text)
        prefill = IntakePrefill(summary=truncate(one_line(text), 150), need=text, customer_quote=text)
        view = intake_modal(
            teams=services.team_choices,
            prefill=prefill,
            hint=hint,
            meta=IntakeMeta(
                channel_id=(body.get("channel") or {}).get("id"),
                thread_ts=message.get("thread_ts") or message.get("ts") or body.get("message_ts"),
                permalink=message_permalink(body),
                source="shortcut",
                suggested_team=suggested.team_id,
                confidence=suggested.confidence,
            ),
        )
        opened = await client.views_open(trigger_id=body["trigger_id"], view=view)
        await intake_view.after_open(services, client, opened, prefill)
