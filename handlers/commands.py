"""/rfh: open the intake modal at once, pre-filled from the command text."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.ids import SLASH_COMMAND
from bot.blocks.intake_modal import IntakeMeta, IntakePrefill, intake_modal
from bot.bridge.people import PeopleMap
from bot.services import Services

USAGE = ("Use `/rfh` to ask engineering for help: `/rfh customer can't log in with SAML` opens the form with the "
         "summary filled in. On a customer thread, use the message shortcut *Request help from engineering*. "
         "`/rfh github YOUR-LOGIN` tells the bot your GitHub account, so your comments there show as yours.")


async def link_github(people: PeopleMap, user: str, login: str) -> str:
    """``/rfh github LOGIN`` links the caller's GitHub account; without a login it says what is linked."""
    if login:
        return (await people.link(user, login)).message
    linked = await people.login_for(user)
    return (f"Your GitHub account is `{linked}`. `/rfh github OTHER-LOGIN` changes it." if linked else
            "No GitHub account is linked to you. `/rfh github YOUR-LOGIN` links it.")


def register(app: AsyncApp, services: Services) -> None:
    @app.command(SLASH_COMMAND)
    async def open_intake_modal(ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        text = (command.get("text") or "").strip()
        if text.lower() in ("help", "?"):
            await client.chat_postEphemeral(channel=command["channel_id"], user=command["user_id"], text=USAGE)
            return
        word, _, login = text.partition(" ")
        if word.lower() == "github" and services.people is not None:
            answer = await link_github(services.people, command["user_id"], login.strip())
            await client.chat_postEphemeral(channel=command["channel_id"], user=command["user_id"], text=answer)
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
