"""Lead-only actions over signed HTTP, each refused with a plain reason for everyone else (bot.security.permissions):
handing over someone else's request, re-routing a request someone else owns, closing as won't fix."""

from __future__ import annotations

from bot.blocks.ids import BlockId
from tests.scenario.ownership.flows import click, ephemeral_texts, events_of, file_request, request_row, submit_modal
from tests.scenario.queues.flows import ANA, BEN, LEAD, REQUESTER

REFUSED = "Only the leads of Distribution (<@U0LEAD>, <@U0LEAD2>) can"


async def test_lead_only_actions_are_refused_with_the_reason_and_allowed_to_leads(queue_bot, fake_slack):
    request_id = await file_request(queue_bot, view_id="V0LEADONLY")
    row = await request_row(queue_bot, request_id)
    post = {"channel": row.post_channel, "ts": row.post_ts}
    await click(queue_bot, fake_slack, "take_ownership", request_id, ANA, **post)
    opened = len(fake_slack.calls_to("views.open"))

    await click(queue_bot, fake_slack, "hand_over", request_id, BEN, **post)  # a member, not the owner
    assert ephemeral_texts(fake_slack, BEN)[-1] == (
        f"{REFUSED} assign or reassign a request that is not theirs. Take ownership yourself, or ask the owner to "
        "hand it over.")
    await click(queue_bot, fake_slack, "reroute", request_id, REQUESTER, **post)
    assert ephemeral_texts(fake_slack, REQUESTER)[-1] == (
        f"<@{ANA}> owns RFH-{request_id}: only they or a lead of Distribution can re-route it. Ask them, or ask them "
        "to hand it over.")
    assert len(fake_slack.calls_to("views.open")) == opened  # refused before any modal opens

    await click(queue_bot, fake_slack, "resolve", request_id, ANA, **post)  # the owner may resolve, but not won't fix
    answer = await submit_modal(queue_bot, fake_slack, ANA, {BlockId.RESOLUTION: "wont_fix", BlockId.NOTE: "No."})
    assert answer == {"response_action": "errors", "errors": {BlockId.RESOLUTION: (
        f"{REFUSED} close a request as won't fix. Choose another resolution, or ask a lead.")}}

    await click(queue_bot, fake_slack, "hand_over", request_id, LEAD, **post)  # a lead reassigns it
    assert await submit_modal(queue_bot, fake_slack, LEAD, {BlockId.NEW_OWNER: BEN,
                                                            BlockId.NOTE: "Ben knows this customer"}) is None
    await click(queue_bot, fake_slack, "resolve", request_id, LEAD, **post)
    assert await submit_modal(queue_bot, fake_slack, LEAD, {BlockId.RESOLUTION: "wont_fix",
                                                            BlockId.NOTE: "Works as designed"}) is None
    assert await events_of(queue_bot, request_id) == ["claimed", "handed_over", "resolved"]
    assert (await request_row(queue_bot, request_id)).resolution == "wont_fix"
