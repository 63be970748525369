"""Item 2 of issue 9 over real HTTP: a request filed with the message shortcut from a customer-facing conversation
(Slack Connect, a customer-channel name, or one Slack cannot describe) gets nothing internal posted in that thread:
the confirmation, the issue link, the priority, claims and resolution notes reach the requester privately."""

from __future__ import annotations

import json

import pytest

from bot.blocks.ids import BlockId
from storage.models import Request
from tests.scenario.harness import modal_values, wait_for
from tests.scenario.ownership.flows import BEN, REQUESTER, click, dms, request_row, signed, submit_modal
from tests.signing import message_shortcut_body, view_submission_body

CUSTOMER_TEXT = "Hi, our pods crash-loop on Kubernetes since the upgrade; can someone look?"


async def file_from_thread(bot, fake_slack, channel: str) -> Request:
    message_ts = fake_slack.add_message(channel, CUSTOMER_TEXT, user="U0CUSTOMER")
    trigger = fake_slack.new_trigger_id()
    body = message_shortcut_body(message_text=CUSTOMER_TEXT, channel_id=fake_slack.channel_id(channel),
                                 message_ts=message_ts, trigger_id=trigger, user_id=REQUESTER)
    assert (await bot.slack(body, signed(body))).status == 200
    [opened] = await wait_for(lambda: [c for c in fake_slack.calls_to("views.open")
                                       if c.args.get("trigger_id") == trigger])
    view = opened.response["view"]
    answers = {BlockId.CUSTOMER: "Acme Corp", BlockId.SEVERITY: "serious", BlockId.URGENCY: "Today",
               BlockId.TEAM: "distribution", BlockId.TIER: "1"}
    submission = view_submission_body(view=view, values=modal_values(view, **answers), user_id=REQUESTER,
                                      view_id=view["id"])
    assert (await bot.slack(submission, signed(submission))).status == 200
    await bot.deliver()
    async with bot.services.sessions() as session:
        from sqlalchemy import func, select

        request_id = await session.scalar(select(func.max(Request.id)))
    return await request_row(bot, int(request_id or 0))


def bot_posts_in(fake_slack, channel: str) -> list[dict]:
    return [m for m in fake_slack.messages(channel) if m.get("bot_id")]


@pytest.mark.parametrize("kind", ["slack-connect", "named-like-a-customer-channel", "lookup-failed"])
async def test_nothing_internal_is_posted_in_a_customer_facing_thread(secure_bot, fake_slack, fake_github, kind):
    if kind == "slack-connect":
        channel = fake_slack.add_channel("acme-support", id="C0CONNECT", is_ext_shared=True)
    elif kind == "named-like-a-customer-channel":
        channel = fake_slack.add_channel("ext-acme", id="C0EXTACME")
    else:
        channel = fake_slack.add_channel("acme-war-room", id="C0UNKNOWN")
        fake_slack.fail("conversations.info", error="channel_not_found", times=None)
    row = await file_from_thread(secure_bot, fake_slack, channel)
    [issue] = fake_github.issues("sourcegraph/customer")

    await click(secure_bot, fake_slack, "take_ownership", row.id, BEN, channel=row.post_channel, ts=row.post_ts)
    await click(secure_bot, fake_slack, "resolve", row.id, BEN, channel=row.post_channel, ts=row.post_ts)
    await submit_modal(secure_bot, fake_slack, BEN, {BlockId.RESOLUTION: "fixed",
                                                     BlockId.NOTE: "Internal: raised gitserver memory"})

    assert bot_posts_in(fake_slack, channel) == []  # the customer's thread got nothing from the bot
    private = json.dumps(dms(fake_slack, REQUESTER))
    assert issue["html_url"] in private and "ce/p" in private
    assert "<@U0BEN> took ownership" in private and "Internal: raised gitserver memory" in private
    [pointer] = fake_slack.ephemerals(user=REQUESTER) or [None]
    assert pointer is None or issue["html_url"] not in pointer["text"]


async def test_an_internal_thread_still_gets_the_answer_in_the_thread(secure_bot, fake_slack, fake_github):
    channel = fake_slack.add_channel("support-escalations", id="C0INTERNAL")
    row = await file_from_thread(secure_bot, fake_slack, channel)
    [reply] = bot_posts_in(fake_slack, channel)
    assert reply.get("thread_ts") == row.origin_thread_ts
    assert fake_github.issues("sourcegraph/customer")[0]["html_url"] in json.dumps(reply)
