"""/rfh: open the intake modal at once, pre-filled from the command text; a first word naming a sub-command
(``list``, ``priorities``, ``help``, ``github``, ``review``) does that instead. Sub-commands are recognised by a text
parse only: the modal path does no other work before ``views.open``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.ids import SLASH_COMMAND
from bot.blocks.intake_modal import IntakeMeta, IntakePrefill, intake_modal
from bot.bridge.people import PeopleMap
from bot.services import Services
from handlers import intake_view, review
from handlers.queues import QueueAnswers, parse_subcommand

USAGE = ("Use `/rfh` to ask engineering for help: `/rfh customer can't log in with SAML` opens the form with the "
         "summary filled in. On a customer thread, use the message shortcut *Request help from engineering*.\n"
         "`/rfh list [mine|owned|team [TEAM]|unclaimed|overdue]` shows a queue, `/rfh priorities [TEAM]` a team's "
         "RFH priorities list (only you see them).\n"
         "`/rfh review` asks Engineering, Product and Support for a decision about a customer (a tech review).\n"
         "`/rfh github YOUR-LOGIN` tells the bot your GitHub account, so your comments there show as yours.\n"
         "`/rfh report [team]` sends you the weekly report.")

SubCommand = Callable[[Services, AsyncWebClient, dict[str, Any], str], Awaitable[None]]


async def link_github(people: PeopleMap, user: str, login: str) -> str:
    """``/rfh github LOGIN`` links the caller's GitHub account; without a login it says what is linked."""
    if login:
        return (await people.link(user, login)).message
    linked = await people.login_for(user)
    return (f"Your GitHub account is `{linked}`. `/rfh github OTHER-LOGIN` changes it." if linked else
            "No GitHub account is linked to you. `/rfh github YOUR-LOGIN` links it.")


async def answer_privately(client: AsyncWebClient, command: dict[str, Any], text: str) -> None:
    await client.chat_postEphemeral(channel=command["channel_id"], user=command["user_id"], text=text)


async def show_help(services: Services, client: AsyncWebClient, command: dict[str, Any], rest: str) -> None:
    await answer_privately(client, command, USAGE)


async def github_login(services: Services, client: AsyncWebClient, command: dict[str, Any], rest: str) -> None:
    if services.people is None:
        await answer_privately(client, command, "Linking GitHub accounts is not set up on this bot.")
        return
    await answer_privately(client, command, await link_github(services.people, command["user_id"], rest.strip()))


async def tech_review(services: Services, client: AsyncWebClient, command: dict[str, Any], rest: str) -> None:
    """The tech-review request (handbook 000), not a request for help."""
    await review.open_form(client, command["trigger_id"], summary=rest)


SUBCOMMANDS: dict[str, SubCommand] = {"help": show_help, "?": show_help, "github": github_login,
                                      "review": tech_review}
ALONE = {"help", "?"}
"""Sub-commands only when they are the whole text: "help customer upgrade" is a request's summary."""


async def open_intake(services: Services, client: AsyncWebClient, command: dict[str, Any], text: str) -> None:
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


def register(app: AsyncApp, services: Services) -> None:
    answers = QueueAnswers(services)

    @app.command(SLASH_COMMAND)
    async def rfh_command(ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        text = (command.get("text") or "").strip()
        word, _, rest = text.partition(" ")
        subcommand = SUBCOMMANDS.get(word.lower())
        if subcommand is not None and not (rest and word.lower() in ALONE):
            await subcommand(services, client, command, rest)
            return
        queue_command = parse_subcommand(text, services, answers)
        if queue_command is not None:
            await queue_command(command, client)
            return
        await open_intake(services, client, command, text)
