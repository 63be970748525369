"""``/rfh list …`` and ``/rfh priorities …`` (private answers, paged), and moving an item on a priorities list (the
Move menu, its modal) from App Home or from the private answer."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import ClientError
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.blocks.app_home import HomeState, Tab
from bot.blocks.ids import ActionId, BlockId, CallbackId
from bot.blocks.priorities import MoveMeta, move_modal
from bot.blocks.queues import PRIORITIES, ListPage, list_message, priorities_message
from bot.core.queues import Move, QueueFilter, QueueKind
from bot.ownership.service import Outcome
from bot.queues.rules import ListCommand, find_team, parse_list_command, parse_position, target_position
from bot.services import Services
from handlers.forms import field_value
from handlers.home import Home, queue_services
from handlers.modal_answers import show_errors
from handlers.payloads import tell_clicker

log = logging.getLogger(__name__)
Answer = tuple[str, list[Block]]
SubCommand = Callable[[dict[str, Any], AsyncWebClient], Awaitable[None]]
PRIORITIES_PAGE = 15
NOT_REACHABLE = {"channel_not_found", "not_in_channel", "user_not_in_channel", "is_archived"}


class QueueAnswers:
    """The private answers: build a page of a list for a user."""

    def __init__(self, services: Services):
        self.services = services
        self.queues, self.priorities, _ = queue_services(services)

    async def queue(self, user: str, command: ListCommand) -> Answer:
        team_id = command.team_id or (self.queues.home_team(user) if command.kind is QueueKind.TEAM else None)
        if command.kind is QueueKind.TEAM and team_id is None:
            teams = ", ".join(f"`{t.id}`" for t in self.services.config.teams.teams)
            text = f"Which team? For example `/rfh list team {self.services.config.teams.teams[0].id}`. Teams: {teams}."
            return text, []
        page = await self.queues.queue(command.kind, user=user, flt=QueueFilter(team_id), page=command.page)
        name = self.services.config.teams[team_id].name if team_id else ""
        title = command.kind.heading.format(team=name)
        all_ids = await self.queues.open_ids(team_id) if command.kind is QueueKind.TEAM and team_id else None
        return list_message(title=title, where=ListPage(command.kind.value, team_id, page.page), page=page,
                            now=self.services.clock.now(), empty=f"{title}: none.", all_ids=all_ids)

    async def priorities_of(self, user: str, team_id: str | None, page: int) -> Answer:
        if team_id is not None and team_id not in self.priorities.list_teams():
            keeping = ", ".join(f"`{t}`" for t in self.priorities.list_teams()) or "none"
            name = self.services.config.teams[team_id].name
            return f"{name} keeps no RFH priorities list. Teams that keep one: {keeping}.", []
        mine = [t for t in [self.queues.home_team(user)] if t in self.priorities.list_teams()]
        lists, entries = await self.priorities.page([team_id] if team_id else (mine or None), QueueFilter(),
                                                    page=page, size=PRIORITIES_PAGE)
        where = ListPage(PRIORITIES, team_id or (mine[0] if mine else None), entries.page)
        return priorities_message(lists, entries, where=where)

    async def page(self, user: str, where: ListPage) -> Answer:
        if where.kind == PRIORITIES:
            return await self.priorities_of(user, where.team_id, where.page)
        return await self.queue(user, ListCommand(QueueKind(where.kind), where.team_id, where.page))


def parse_subcommand(text: str, services: Services, answers: QueueAnswers) -> SubCommand | None:
    """``list …`` or ``priorities [team]`` as a command, or None (the text is a summary for the modal). Only a text
    parse, so the modal's path stays as fast as before."""
    words = text.split()
    if not words or words[0].lower() not in ("list", "priorities"):
        return None
    teams = services.config.teams
    if words[0].lower() == "list":
        if len(words) > 1 and words[1].lower() not in {k.value for k in QueueKind}:
            return None  # "/rfh list of repos not syncing" is a request, not a command
        parsed = parse_list_command(words[1:], teams)
        if isinstance(parsed, str):
            return _say(parsed)
        return _answer(lambda user: answers.queue(user, parsed))
    rest = " ".join(words[1:])
    team = find_team(teams, rest) if rest else None
    if rest and team is None:
        if len(words) > 2:
            return None
        return _say(f"There is no team `{rest}`. Teams with a priorities list: "
                    + ", ".join(f"`{t}`" for t in answers.priorities.list_teams()) + ".")
    return _answer(lambda user: answers.priorities_of(user, team.id if team else None, 0))


def _say(text: str) -> SubCommand:
    async def run(command: dict[str, Any], client: AsyncWebClient) -> None:
        await answer_privately(client, command, text, [])
    return run


def _answer(build: Callable[[str], Awaitable[Answer]]) -> SubCommand:
    async def run(command: dict[str, Any], client: AsyncWebClient) -> None:
        text, blocks = await build(command["user_id"])
        await answer_privately(client, command, text, blocks)
    return run


async def answer_privately(client: AsyncWebClient, command: dict[str, Any], text: str, blocks: list[Block]) -> None:
    """An ephemeral message where the command was typed; where the bot cannot post (a DM between two people, a
    private channel without it), the command's response_url, which always reaches the caller privately."""
    try:
        await client.chat_postEphemeral(channel=command["channel_id"], user=command["user_id"], text=text,
                                        blocks=blocks or None)
    except SlackApiError as exc:
        if exc.response.get("error") not in NOT_REACHABLE or not command.get("response_url"):
            raise
        await AsyncWebhookClient(command["response_url"]).send(text=text, blocks=blocks or None,
                                                              response_type="ephemeral")


def register(app: AsyncApp, services: Services) -> None:
    answers = QueueAnswers(services)
    moves = MoveListeners(services, answers, Home(services))

    @app.action(ActionId.LIST_PAGE_PREVIOUS)
    @app.action(ActionId.LIST_PAGE_NEXT)
    async def turn_list_page(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        text, blocks = await answers.page(body["user"]["id"], ListPage.load(body["actions"][0]["value"]))
        await respond(text=text, blocks=[b.to_dict() for b in blocks], replace_original=True)

    app.action(ActionId.PRIORITY_MOVE)(moves.open_move)
    app.view(CallbackId.PRIORITY_MOVE)(moves.submit_move)


class MoveListeners:
    """The Move menu (refused at once for non-leads, else the modal) and the modal's submission."""

    def __init__(self, services: Services, answers: QueueAnswers, home: Home):
        self.services, self.answers, self.home = services, answers, home

    async def open_move(self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        user, value = body["user"]["id"], body["actions"][0]["selected_option"]["value"]
        request_id, move = int(value.split(":")[0]), Move(value.split(":")[1])
        found = await self.answers.priorities.entry(request_id)
        verdict = self.answers.priorities.may_reorder(found[0].team_id, user) if found else None
        if found is None or verdict is None or not verdict.ok:
            reason = verdict.reason if verdict else f"RFH-{request_id} is no longer on a priorities list."
            await _refuse(client, body, self.home, reason)
            return
        plist, entry = found
        length = len(plist.entries)
        view = move_modal(request_id=request_id, title=entry.item.title, team_name=plist.team_name,
                          current=entry.position, length=length, move=move,
                          target=target_position(move, current=entry.position, length=length), origin=_origin(body))
        await client.views_open(trigger_id=body["trigger_id"], view=view)

    async def submit_move(self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any],
                          client: AsyncWebClient) -> None:
        state, meta, user = view["state"]["values"], MoveMeta.load(view.get("private_metadata")), body["user"]["id"]
        position = parse_position(field_value(state, BlockId.POSITION))
        if position is None:
            await show_errors(ack, {BlockId.POSITION: "Type a position: 1 is the top."})
            return
        outcome = await self.answers.priorities.move(request_id=meta.request_id, actor=user, move=Move.TO,
                                                     to=position, reason=field_value(state, BlockId.NOTE) or "")
        if not outcome.ok:
            block = BlockId.NOTE if outcome.about_reason else BlockId.POSITION
            await show_errors(ack, {block: outcome.message})
            return
        await ack()
        self.services.worker.wake()
        await _after_move(client, self.home, self.answers, user, meta, outcome.message, outcome.team_id)


def _origin(body: dict[str, Any]) -> str:
    """Where the Move menu was: ``home:<state>`` or the private answer's response_url."""
    view = body.get("view") or {}
    if view.get("type") == "home":
        return "home:" + str(view.get("private_metadata") or "")
    return str(body.get("response_url") or "")


async def _refuse(client: AsyncWebClient, body: dict[str, Any], home: Home, reason: str) -> None:
    """A refusal in App Home is shown on the home itself; elsewhere as an ephemeral message (or a DM)."""
    if (body.get("view") or {}).get("type") == "home":
        state = HomeState.load(body["view"].get("private_metadata"))
        await home.publish(client, body["user"]["id"], state, notice=f":no_entry: {reason}")
        return
    await tell_clicker(client, body, Outcome(False, reason))


async def _after_move(client: AsyncWebClient, home: Home, answers: QueueAnswers, user: str, meta: MoveMeta,
                      message: str, team_id: str | None) -> None:
    """Show the lead the list as it is now, where they moved it from."""
    if meta.origin.startswith("home:"):
        state = HomeState.load(meta.origin.removeprefix("home:"))
        state = HomeState(Tab.PRIORITIES, state.page, state.team, state.priority, state.state)
        await home.publish(client, user, state, notice=f":white_check_mark: {message}")
    elif meta.origin.startswith("http"):
        text, blocks = await answers.priorities_of(user, team_id, 0)
        try:
            await AsyncWebhookClient(meta.origin).send(text=f"{message}\n{text}", blocks=blocks,
                                                      replace_original=True)
        except (ClientError, TimeoutError) as exc:  # a response_url lives 30 minutes; the move itself is done
            log.info("could not refresh the private priorities list after a move: %s", exc)
