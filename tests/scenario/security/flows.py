"""Filing requests through /rfh and the modal, as the security scenarios need them (any answers, any user)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from bot.blocks.ids import BlockId
from storage.models import Request
from tests.scenario.harness import BotUnderTest, modal_values, wait_for
from tests.scenario.ownership.flows import REQUESTER, signed
from tests.signing import slash_command_body, view_submission_body

ANSWERS: dict[str, Any] = {
    BlockId.CUSTOMER: "Acme Corp", BlockId.SUMMARY: "Pods crash-loop after the upgrade",
    BlockId.NEED: "Why do the pods crash-loop on Kubernetes?", BlockId.SEVERITY: "serious", BlockId.TIER: "2",
    BlockId.URGENCY: "Today please", BlockId.TEAM: "distribution", BlockId.REQUEST_TYPE: "help",
}


async def open_intake(bot: BotUnderTest, fake_slack: Any, *, user: str = REQUESTER, channel: str = "C0SUP",
                      text: str = "") -> dict[str, Any]:
    trigger = fake_slack.new_trigger_id()
    body = slash_command_body(command="/rfh", text=text, trigger_id=trigger, user_id=user, channel_id=channel)
    reply = await bot.slack(body, signed(body))
    assert reply.status == 200, reply.text
    opened = await wait_for(lambda: [c for c in fake_slack.calls_to("views.open")  # answered, not just received
                                     if c.args.get("trigger_id") == trigger and c.response is not None])
    assert opened and opened[0].ok, opened
    return dict(opened[0].response["view"])


async def submit_intake(bot: BotUnderTest, view: dict[str, Any], answers: dict[str, Any], *,
                        user: str = REQUESTER) -> Any:
    """Press Submit on the intake modal; the JSON answer (None for a plain ack)."""
    body = view_submission_body(view=view, values=modal_values(view, **answers), user_id=user, view_id=view["id"])
    reply = await bot.slack(body, signed(body))
    assert reply.status == 200, reply.text
    return reply.json()


async def file(bot: BotUnderTest, fake_slack: Any, *, user: str = REQUESTER, **answers: Any) -> int:
    """Open the modal, submit it with ``ANSWERS`` plus ``answers``, deliver every step; the request id."""
    view = await open_intake(bot, fake_slack, user=user)
    answer = await submit_intake(bot, view, {**ANSWERS, **answers}, user=user)
    assert answer and answer.get("response_action") == "update", answer
    await bot.deliver()
    async with bot.services.sessions() as session:
        return int(await session.scalar(select(func.max(Request.id))) or 0)
