"""Item 3 of issue 9 over real HTTP: a requested public issue is sanitised (customer name and aliases, e-mails, the
customer's hosts and links, secrets), shown privately to the requester (and the team's leads) as "Review public
issue", and filed only once the requester or a lead approves it, as is or edited; nothing private reaches it."""

from __future__ import annotations

import json

from bot.blocks.ids import BlockId
from tests.scenario.harness import wait_for
from tests.scenario.ownership.flows import LEAD, REQUESTER, STRANGER, dms, ephemeral_texts, signed, submit_modal
from tests.scenario.security.flows import ANSWERS, open_intake, submit_intake
from tests.signing import block_actions_body

PUBLIC, PRIVATE = "sourcegraph/sourcegraph", "sourcegraph/customer"
PRIVATE_BITS = ("Acme", "ACME", "jane.doe", "acme.com", "sourcegraph.acme.com", "git.acme-corp.io", "10.20.30.40",
                "AKIAIOSFODNN7EXAMPLE", "hunter2-s3cret", "s3cr3t-b4ck")
ASKED = {
    **ANSWERS, BlockId.TRACKER: "public",
    BlockId.SUMMARY: "Acme's SAML login loops for jane.doe@acme.com on sourcegraph.acme.com",
    BlockId.NEED: "ACME Industries asks why https://sourcegraph.acme.com/.auth/saml loops; see "
                  "https://docs.sourcegraph.com/admin/auth/saml",
    BlockId.REPRO: "1. Log in at https://sourcegraph.acme.com\n2. The IdP at git.acme-corp.io (10.20.30.40) "
                   "answers\n3. AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE password=hunter2-s3cret",
}


async def file_public(bot, fake_slack) -> int:
    view = await open_intake(bot, fake_slack)
    first = await submit_intake(bot, view, ASKED)
    assert first["response_action"] == "errors" and BlockId.REPRO in first["errors"]  # the secret check first
    assert (await submit_intake(bot, view, ASKED))["response_action"] == "update"
    await bot.deliver()
    return 1


def review_of(fake_slack, user: str) -> dict | None:
    return next((m for m in dms(fake_slack, user) if "Review public issue" in m["text"]), None)


async def press(bot, fake_slack, action: str, user: str, message: dict) -> None:
    before = len(fake_slack.ephemerals(user=user)) + len(fake_slack.calls_to("views.open"))
    body = block_actions_body(action_id=action, value="1", user_id=user, channel_id=fake_slack.channel_id(user),
                              message=message, trigger_id=fake_slack.new_trigger_id())
    assert (await bot.slack(body, signed(body))).status == 200
    assert await wait_for(lambda: len(fake_slack.ephemerals(user=user))
                          + len(fake_slack.calls_to("views.open")) > before)
    await bot.deliver()


async def test_the_public_issue_is_sanitised_reviewed_privately_and_filed_once_approved(
        secure_bot, fake_slack, fake_github):
    await file_public(secure_bot, fake_slack)
    [private] = fake_github.issues(PRIVATE)
    assert fake_github.issues(PUBLIC) == []  # nothing public before a person approves
    review = review_of(fake_slack, REQUESTER)
    assert review is not None and review_of(fake_slack, LEAD) is not None
    shown = json.dumps(review)
    assert not [bit for bit in PRIVATE_BITS if bit in shown]
    assert "approve_public" in shown and "edit_public" in shown

    await press(secure_bot, fake_slack, "approve_public", STRANGER, review)
    assert "Only the requester (<@U0REQ>) or a lead of Distribution" in ephemeral_texts(fake_slack, STRANGER)[-1]
    assert fake_github.issues(PUBLIC) == []

    await press(secure_bot, fake_slack, "approve_public", REQUESTER, review)
    [public] = fake_github.issues(PUBLIC)
    text = public["title"] + public["body"]
    assert not [bit for bit in PRIVATE_BITS if bit in text], text
    assert "[customer]" in public["title"] and "[email removed]" in public["title"]
    assert "https://docs.sourcegraph.com/admin/auth/saml" in public["body"]  # a configured public link stays
    assert private["html_url"] in public["body"]
    confirmation = [m for m in dms(fake_slack, REQUESTER) if "RFH-1" in m["text"] and "Filed" in m["text"]]
    assert confirmation and public["html_url"] in json.dumps(confirmation[-1])

    await press(secure_bot, fake_slack, "approve_public", LEAD, review_of(fake_slack, LEAD))
    assert "already approved" in ephemeral_texts(fake_slack, LEAD)[-1]
    assert len(fake_github.issues(PUBLIC)) == 1


async def test_a_lead_may_edit_before_approving_and_the_edit_is_sanitised_again(secure_bot, fake_slack, fake_github):
    await file_public(secure_bot, fake_slack)
    await press(secure_bot, fake_slack, "edit_public", LEAD, review_of(fake_slack, LEAD))
    answer = await submit_modal(secure_bot, fake_slack, LEAD, {
        BlockId.PUBLIC_TITLE: "SAML login loops back to sign-in for Acme Corp",
        BlockId.SUMMARY: "After rotating the IdP certificate, SAML logins loop (reported by ops@acme.com).",
        BlockId.NEED: "Is the certificate cached?", BlockId.REPRO: "Rotate the IdP certificate, log in."})
    assert answer is None
    [public] = fake_github.issues(PUBLIC)
    assert public["title"] == "SAML login loops back to sign-in for [customer]"
    assert "Is the certificate cached?" in public["body"] and "acme" not in public["body"].lower()


async def test_a_public_issue_is_refused_up_front_where_none_can_be_filed(fake_slack, fake_github, database_url,
                                                                          clock):
    from bot.core.config import parse_config
    from tests.scenario.harness import BotUnderTest
    from tests.scenario.ownership.flows import CONFIG

    fake_github.add_repo(PRIVATE, private=True)
    bot = await BotUnderTest.start(slack_url=fake_slack.url, github_url=fake_github.url, database_url=database_url,
                                   clock=clock, config=parse_config(CONFIG, source="no public tracker"))
    try:
        view = await open_intake(bot, fake_slack)
        answer = await submit_intake(bot, view, {**ANSWERS, BlockId.TRACKER: "public"})
        assert answer["response_action"] == "errors"
        assert "No public tracker is configured" in answer["errors"][BlockId.TRACKER]
    finally:
        await bot.stop()
