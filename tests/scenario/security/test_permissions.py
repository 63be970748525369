"""Item 1 of issue 9 over real HTTP: who may re-route and retry is decided in one place, asked before any modal
opens and again on submit; the history records the person who acted, never "the bot" for them."""

from __future__ import annotations

from sqlalchemy import select

from bot.blocks.ids import BlockId
from bot.blocks.intake_modal import TeamChoice
from bot.blocks.ownership_modals import reroute_modal
from storage.models import OwnershipEventRow
from tests.scenario.ownership.flows import (
    BEN,
    LEAD,
    REQUESTER,
    STRANGER,
    click,
    ephemeral_texts,
    request_row,
    signed,
    submit_modal,
)
from tests.scenario.security.conftest import ADMIN
from tests.scenario.security.flows import file
from tests.signing import block_actions_body, view_submission_body

TEAMS = [TeamChoice("distribution", "Distribution", "distribution-support"),
         TeamChoice("core-application", "Core Application", "core-app-support")]


async def forged_reroute(bot, request_id: int, user: str, team: str = "core-application"):
    """A re-route modal submitted by ``user`` without the bot having opened it for them."""
    view = reroute_modal(request_id, TEAMS, "distribution").to_dict()
    body = view_submission_body(view={**view, "id": f"V0FORGED{user}"}, user_id=user,
                                values={BlockId.NEW_TEAM: team, BlockId.NOTE: "not yours"})
    reply = await bot.slack(body, signed(body))
    assert reply.status == 200
    await bot.deliver()
    return reply.json()


async def history(bot, request_id: int) -> list[tuple[str, str]]:
    async with bot.services.sessions() as session:
        rows = (await session.execute(select(OwnershipEventRow).where(OwnershipEventRow.request_id == request_id)
                                      .order_by(OwnershipEventRow.id))).scalars()
        return [(r.kind, r.actor) for r in rows]


async def test_an_outsider_cannot_take_a_request_away_from_its_owner(secure_bot, fake_slack, fake_github):
    request_id = await file(secure_bot, fake_slack)
    row = await request_row(secure_bot, request_id)
    await click(secure_bot, fake_slack, "take_ownership", request_id, BEN, channel=row.post_channel, ts=row.post_ts)

    opened = len(fake_slack.calls_to("views.open"))
    await click(secure_bot, fake_slack, "reroute", request_id, STRANGER, channel=row.post_channel, ts=row.post_ts)
    assert len(fake_slack.calls_to("views.open")) == opened  # refused before the modal opens
    assert "<@U0BEN> owns RFH-1" in ephemeral_texts(fake_slack, STRANGER)[-1]

    answer = await forged_reroute(secure_bot, request_id, STRANGER)
    assert answer["response_action"] == "errors" and "owns RFH-1" in answer["errors"][BlockId.NEW_TEAM]
    row = await request_row(secure_bot, request_id)
    assert (row.team_id, row.owner_id) == ("distribution", BEN)
    [issue] = fake_github.issues("sourcegraph/customer")
    assert issue["state"] == "open" and "team/distribution" in {lbl["name"] for lbl in issue["labels"]}


async def test_outsiders_cannot_reroute_an_unowned_request_of_a_team_with_members(secure_bot, fake_slack):
    request_id = await file(secure_bot, fake_slack)
    answer = await forged_reroute(secure_bot, request_id, STRANGER)
    assert answer["response_action"] == "errors"
    assert "Only the requester, members of Distribution" in answer["errors"][BlockId.NEW_TEAM]
    assert (await request_row(secure_bot, request_id)).team_id == "distribution"
    assert await forged_reroute(secure_bot, request_id, REQUESTER) is None  # the requester may
    assert (await request_row(secure_bot, request_id)).team_id == "core-application"


async def test_a_lead_may_reroute_an_owned_request_and_the_history_names_the_lead(secure_bot, fake_slack):
    request_id = await file(secure_bot, fake_slack)
    row = await request_row(secure_bot, request_id)
    await click(secure_bot, fake_slack, "take_ownership", request_id, BEN, channel=row.post_channel, ts=row.post_ts)
    await click(secure_bot, fake_slack, "reroute", request_id, LEAD, channel=row.post_channel, ts=row.post_ts)
    answer = await submit_modal(secure_bot, fake_slack, LEAD, {BlockId.NEW_TEAM: "core-application",
                                                               BlockId.NOTE: "SAML, not k8s"})
    assert answer is None
    row = await request_row(secure_bot, request_id)
    assert (row.team_id, row.owner_id) == ("core-application", None)
    assert await history(secure_bot, request_id) == [("claimed", BEN), ("released", LEAD)]


async def test_retry_is_for_the_requester_the_team_and_admins(secure_bot, fake_slack, fake_github):
    fake_github.fail("POST", r"/repos/sourcegraph/customer/issues$", status=401, times=1)
    request_id = await file(secure_bot, fake_slack)
    row = await request_row(secure_bot, request_id)
    assert row.state == "needs_attention"

    async def press(user: str) -> str:
        before = len(fake_slack.ephemerals(user=user)) + len(fake_slack.messages(user))
        body = block_actions_body(action_id="retry_request", value=str(request_id), user_id=user,
                                  channel_id=row.confirm_channel, trigger_id=fake_slack.new_trigger_id(),
                                  message=fake_slack.message(row.confirm_channel, row.confirm_ts))
        assert (await secure_bot.slack(body, signed(body))).status == 200
        from tests.scenario.harness import wait_for

        assert await wait_for(lambda: len(fake_slack.ephemerals(user=user)) + len(fake_slack.messages(user)) > before)
        texts = ephemeral_texts(fake_slack, user) + [m["text"] for m in fake_slack.messages(user)]
        return texts[-1]

    assert "Only the requester, members of Distribution, its leads or an admin" in await press(STRANGER)
    assert (await request_row(secure_bot, request_id)).state == "needs_attention"
    assert "Retrying RFH-1" in await press(ADMIN)
    await secure_bot.deliver()
    assert (await request_row(secure_bot, request_id)).state == "filed"
    assert len(fake_github.issues("sourcegraph/customer")) == 1
