"""Driving the intake modal as people do for the issue-14 scenarios: open it, type, click its buttons, submit it."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select

from bot.blocks.ids import BlockId
from storage.models import Request
from tests.scenario.harness import SIGNING_SECRET, BotUnderTest, modal_values, wait_for
from tests.signing import block_actions_body, slack_signature_headers, slash_command_body, view_submission_body

ANSWERS = {BlockId.SEVERITY: "serious", BlockId.URGENCY: "Fine to look tomorrow", BlockId.TEAM: "distribution"}


def signed(body: bytes) -> dict[str, str]:
    return slack_signature_headers(SIGNING_SECRET, body)


async def open_intake(bot: BotUnderTest, fake_slack: Any, text: str = "", user: str = "U0REQ") -> dict[str, Any]:
    """/rfh TEXT; returns the opened view as the fake holds it (id, hash, blocks)."""
    trigger = fake_slack.new_trigger_id()
    body = slash_command_body(command="/rfh", text=text, trigger_id=trigger, user_id=user, channel_id="C0SUP")
    assert (await bot.slack(body, signed(body))).status == 200
    [call] = await wait_for(lambda: [c for c in fake_slack.calls_to("views.open")
                                     if c.args.get("trigger_id") == trigger])
    assert call.ok, call.response
    return fake_slack.view(call.response["view"]["id"])


def updates_of(fake_slack: Any, view_id: str) -> list[Any]:
    return [c for c in fake_slack.calls_to("views.update") if c.args.get("view_id") == view_id and c.ok]


async def act(bot: BotUnderTest, fake_slack: Any, view: dict[str, Any], *, action_id: str, user: str = "U0REQ",
              block_id: str | None = None, value: Any = None, action_type: str | None = None,
              values: dict[str, Any] | None = None, updates: int = 1) -> dict[str, Any]:
    """An action in the modal (typing, a button); waits for the bot's ``updates``-th views.update since, and returns
    the view as the fake now holds it."""
    before = len(updates_of(fake_slack, view["id"]))
    body = block_actions_body(action_id=action_id, block_id=block_id, action_type=action_type, value=value,
                              view=view, view_values=values or {}, user_id=user,
                              trigger_id=fake_slack.new_trigger_id())
    reply = await bot.slack(body, signed(body))
    assert reply.status == 200, reply.text
    assert await wait_for(lambda: len(updates_of(fake_slack, view["id"])) >= before + updates, timeout=10), \
        f"no views.update after {action_id}"
    return fake_slack.view(view["id"])


async def type_into(bot: BotUnderTest, fake_slack: Any, view: dict[str, Any], values: dict[str, Any], *,
                    user: str = "U0REQ", block: str = BlockId.NEED, updates: int = 1) -> dict[str, Any]:
    return await act(bot, fake_slack, view, action_id="value", block_id=block, action_type="plain_text_input",
                     values=values, user=user, updates=updates)


async def submit_intake(bot: BotUnderTest, view: dict[str, Any], answers: dict[str, Any],
                        user: str = "U0REQ") -> Any:
    body = view_submission_body(view=view, values=modal_values(view, **{**ANSWERS, **answers}), user_id=user,
                                view_id=view["id"])
    reply = await bot.slack(body, signed(body))
    assert reply.status == 200, reply.text
    return reply.json()


async def file(bot: BotUnderTest, fake_slack: Any, *, customer: str, summary: str, need: str,
               user: str = "U0REQ", **answers: Any) -> int:
    """Open, fill and submit the modal; deliver; the new request's id."""
    view = await open_intake(bot, fake_slack, "", user=user)
    answer = await submit_intake(bot, view, {BlockId.CUSTOMER: customer, BlockId.SUMMARY: summary,
                                             BlockId.NEED: need, **answers}, user=user)
    assert answer["response_action"] == "update" and "Same request" not in json.dumps(answer), answer
    await bot.deliver()
    async with bot.services.sessions() as session:
        return int(await session.scalar(select(func.max(Request.id))) or 0)


def blocks_text(view: dict[str, Any]) -> str:
    return json.dumps(view.get("blocks") or [], ensure_ascii=False)


def buttons(view: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for block in view.get("blocks") or []:
        for element in [block.get("accessory"), *(block.get("elements") or [])]:
            if isinstance(element, dict) and element.get("type") == "button":
                found.append({**element, "block_id": block.get("block_id")})
    return found


async def count(bot: BotUnderTest, model: Any) -> int:
    async with bot.services.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)
