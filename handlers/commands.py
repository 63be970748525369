"""/rfh: open the intake modal at once, pre-filled from the command text; or a sub-command (``list``,
``priorities``), recognised by a text parse only so the modal's path is not slowed."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.ids import SLASH_COMMAND
from bot.blocks.intake_modal import IntakeMeta, IntakePrefill, intake_modal
from bot.services import Services
from handlers.queues import QueueAnswers, parse_subcommand

USAGE = ("Use `/rfh` to ask engineering for help: `/rfh customer can't log in with SAML` opens the form with the "
         "summary filled in. On a customer thread, use the message shortcut *Request help from engineering*.\n"
         "`/rfh list [mine|owned|team [TEAM]|unclaimed|overdue]` shows a queue, `/rfh priorities [TEAM]` a team's "
         "RFH priorities list (only you see them).")


def register(app: AsyncApp, services: Services) -> None:
    answers = QueueAnswers(services)

    @app.command(SLASH_COMMAND)
    async def open_intake_modal(ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        text = (command.get("text") or "").strip()
        if text.lower() in ("help", "?"):
            await client.chat_postEphemeral(channel=command["channel_id"], user=command["user_id"], text=USAGE)
            return
        subcommand = parse_subcommand(text, services, answers)
        if subcommand is not None:
            await subcommand(command, client)
            return
        hint, suggested = services.suggest(text)
        summary, _, rest = text.partition("\n")
        view = intake_modal(
            teams=services.team_choices,
            prefill=IntakePrefill(summary=summary, need=text if rest else ""),
            hint=hint,
            meta=IntakeMeta(channel_id=command.get("channel_id"), source="command",
                            suggested_team=suggested.team_id, confidence=suggested.confidence),
        )
        await client.views_open(trigger_id=command["trigger_id"], view=view)
