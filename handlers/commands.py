"""/rfh: open the intake modal at once, pre-filled from the command text."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.ids import SLASH_COMMAND
from bot.blocks.intake_modal import IntakeMeta, IntakePrefill, intake_modal
from bot.services import Services
from handlers import intake_view, review

USAGE = ("Use `/rfh` to ask engineering for help: `/rfh customer can't log in with SAML` opens the form with the "
         "summary filled in. On a customer thread, use the message shortcut *Request help from engineering*. "
         "`/rfh review` asks Engineering, Product and Support for a decision about a customer (a tech review).")


def register(app: AsyncApp, services: Services) -> None:
    @app.command(SLASH_COMMAND)
    async def open_intake_modal(ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        text = (command.get("text") or "").strip()
        if text.lower() in ("help", "?"):
            await client.chat_postEphemeral(channel=command["channel_id"], user=command["user_id"], text=USAGE)
            return
        first, _, after = text.partition(" ")
        if first.lower() == "review":  # the tech-review request (handbook 000), not a request for help
            await review.open_form(client, command["trigger_id"], summary=after, channel=command.get("channel_id"))
            return
        hint, suggested = services.suggest(text)
        summary, _, rest = text.partition("\n")
        prefill = IntakePrefill(summary=summary, need=text if rest else "")
        view = intake_modal(
            teams=services.team_choices,
            prefill=prefill,
            hint=hint,
            meta=IntakeMeta(channel_id=command.get("channel_id"), source="command",
                            suggested_team=suggested.team_id, confidence=suggested.confidence),
        )
        opened = await client.views_open(trigger_id=command["trigger_id"], view=view)
        await intake_view.after_open(services, client, opened, prefill)  # related requests: after, never before
