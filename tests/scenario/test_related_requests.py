"""Has this been seen before? Related requests in the intake modal as the text is typed, "Add to RFH-N instead",
answered-before with its answer and the withdraw button, duplicates offered the merge, and tracker issues the bot
did not file (GitHub search, after the first update)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.blocks.ids import BlockId
from storage import related_repo
from storage.models import IntakeWithdrawal, Request, RequestAddOn
from tests.scenario.conftest import PRIVATE_REPO
from tests.scenario.harness import BotUnderTest, wait_for
from tests.scenario.intake_flows import (
    act,
    blocks_text,
    buttons,
    count,
    file,
    open_intake,
    submit_intake,
    type_into,
)
from tests.scenario.test_spine import signed
from tests.signing import block_actions_body

CRASH = "Pods crash-loop after the upgrade to 5.1"
CRASH_NEED = "Since the upgrade the gitserver pods crash-loop with OOMKilled on their Kubernetes cluster. Why?"


@pytest.fixture
async def bot(fake_slack, fake_github, database_url, clock, monkeypatch):
    monkeypatch.setattr("bot.adapters.slack_chat.POST_SPACING_SECONDS", 0.0)
    fake_github.add_repo(PRIVATE_REPO, private=True)
    fake_github.add_repo("sourcegraph/sourcegraph", private=False)
    fake_slack.add_usergroup("distribution-support", "S0DIST", ["U0ONCALL"])
    bot = await BotUnderTest.start(slack_url=fake_slack.url, github_url=fake_github.url, database_url=database_url,
                                   clock=clock)
    yield bot
    await bot.stop()


async def test_a_similar_open_request_appears_as_the_text_is_typed(bot, fake_slack):
    first = await file(bot, fake_slack, customer="Acme Corp", summary=CRASH, need=CRASH_NEED)
    await file(bot, fake_slack, customer="Globex", summary="SAML login loops back to the sign-in page",
               need="After rotating the IdP certificate, SAML login redirects back to sign-in.")
    view = await open_intake(bot, fake_slack, user="U0OTHER")
    assert "RFH-" not in blocks_text(view)  # nothing related at open without text (and no lookup before views.open)

    updated = await type_into(bot, fake_slack, view, {BlockId.NEED: "gitserver pods crash-loop OOMKilled after "
                                                                    "upgrading Kubernetes"}, user="U0OTHER")
    text = blocks_text(updated)
    assert f"RFH-{first}" in text and CRASH in text
    assert "Acme Corp" in text and "Distribution" in text and "open, no owner yet" in text and "just now" in text
    assert "SAML login loops" not in text  # not related
    adds = [b for b in buttons(updated) if b["action_id"] == "add_to_request"]
    assert [b["text"]["text"] for b in adds] == [f"Add to RFH-{first} instead"]
    assert adds[0]["text"]["text"].startswith("Add to")
    team = next(b for b in updated["blocks"] if b.get("block_id") == BlockId.TEAM)
    assert team["element"]["initial_option"]["value"] == "distribution"  # the live suggestion still works


async def test_related_requests_show_at_open_from_the_command_text(bot, fake_slack):
    first = await file(bot, fake_slack, customer="Acme Corp", summary=CRASH, need=CRASH_NEED)
    view = await open_intake(bot, fake_slack, "gitserver pods crash-loop after the upgrade", user="U0OTHER")
    shown = await wait_for(lambda: [c for c in fake_slack.calls_to("views.update")
                                    if c.args.get("view_id") == view["id"]])
    assert shown, "related requests follow views.open in a views.update"
    assert f"RFH-{first}" in json.dumps(shown[0].args["view"])
    summary = next(b for b in shown[0].args["view"]["blocks"] if b.get("block_id") == BlockId.SUMMARY)
    assert summary["element"]["initial_value"] == "gitserver pods crash-loop after the upgrade"


async def test_add_to_comments_on_the_existing_issue_and_files_nothing_new(bot, fake_slack, fake_github):
    first = await file(bot, fake_slack, customer="Acme Corp", summary=CRASH, need=CRASH_NEED)
    async with bot.services.sessions() as session:
        request = await session.get(Request, first)
    assert request is not None and request.post_ts
    claim = block_actions_body(action_id="take_ownership", value=str(first), user_id="U0ENG",
                               channel_id=request.post_channel, message=fake_slack.message(request.post_channel,
                                                                                           request.post_ts))
    assert (await bot.slack(claim, signed(claim))).status == 200
    assert await wait_for(lambda: fake_slack.ephemerals(user="U0ENG"))
    await bot.deliver()

    view = await open_intake(bot, fake_slack, user="U0SUP2")
    draft = {BlockId.CUSTOMER: {"value": {"type": "external_select",
                                          "selected_option": {"text": {"type": "plain_text", "text": "Initech"},
                                                              "value": "Initech"}}},
             BlockId.SUMMARY: "Gitserver crash-loop after upgrading", BlockId.NEED: CRASH_NEED + " @here <!channel>",
             BlockId.SEVERITY: {"value": {"type": "static_select", "selected_option": {"value": "unusable"}}},
             BlockId.QUOTE: "We are blocked, @octocat fixes #12 please"}
    updated = await type_into(bot, fake_slack, view, draft, user="U0SUP2")
    [add] = [b for b in buttons(updated) if b["action_id"] == "add_to_request"]
    done = await act(bot, fake_slack, updated, action_id="add_to_request", block_id=add["block_id"],
                     value=add["value"], values=draft, user="U0SUP2")
    assert "Nothing new was filed" in blocks_text(done)
    await bot.deliver()

    [issue] = fake_github.issues(PRIVATE_REPO)  # still one issue
    [comment] = fake_github.comments(PRIVATE_REPO, issue["number"])
    body = comment["body"]
    assert "+1 from Initech" in body and "ce/p1" in body and "OOMKilled" in body
    assert "@here" not in body.replace("@\u200bhere", "") and "@\u200boctocat" in body
    assert "fixes #12" not in body  # closing keywords neutralised
    assert "customer/initech" in {label["name"] for label in fake_github.issue(PRIVATE_REPO, issue["number"])["labels"]}
    thread = fake_slack.thread(request.post_channel, request.post_ts)
    assert any("+1 from Initech, p1" in m.get("text", "") for m in thread)
    owner_dms = [m for m in fake_slack.messages("U0ENG") if "+1 from Initech, p1" in m.get("text", "")]
    assert owner_dms
    confirm = [m for m in fake_slack.messages("U0SUP2") if f"RFH-{first}" in m.get("text", "")]
    assert confirm and "Nothing new was filed" in confirm[0]["text"]
    assert not fake_slack.flagged()
    assert await count(bot, Request) == 1 and await count(bot, RequestAddOn) == 1
    async with bot.services.sessions() as session:  # reports count it as an add-on, not a new request
        assert await related_repo.intake_counts(session) == {"new": 1, "addons": 1, "withdrawn": 0}
    metrics = (await bot.get("/metrics")).text
    assert 'rfh_intake_outcomes_total{outcome="addon"} 1.0' in metrics


async def test_add_to_without_a_customer_says_so_in_the_modal(bot, fake_slack, fake_github):
    first = await file(bot, fake_slack, customer="Acme Corp", summary=CRASH, need=CRASH_NEED)
    view = await open_intake(bot, fake_slack, user="U0SUP2")
    updated = await type_into(bot, fake_slack, view, {BlockId.NEED: CRASH_NEED}, user="U0SUP2")
    [add] = [b for b in buttons(updated) if b["action_id"] == "add_to_request"]
    again = await act(bot, fake_slack, updated, action_id="add_to_request", block_id=add["block_id"],
                      value=str(first), values={BlockId.NEED: CRASH_NEED}, user="U0SUP2")
    assert "Enter the customer first" in blocks_text(again)
    await bot.deliver()
    assert fake_github.comments(PRIVATE_REPO) == [] and await count(bot, RequestAddOn) == 0


async def resolve(bot, fake_slack, request_id: int, note: str) -> None:
    async with bot.services.sessions() as session:
        request = await session.get(Request, request_id)
    click = block_actions_body(action_id="resolve", value=str(request_id), user_id="U0ENG",
                               channel_id=request.post_channel, trigger_id=fake_slack.new_trigger_id(),
                               message=fake_slack.message(request.post_channel, request.post_ts))
    assert (await bot.slack(click, signed(click))).status == 200
    [opened] = await wait_for(lambda: [c for c in fake_slack.calls_to("views.open")
                                       if c.args["view"].get("callback_id") == "rfh_resolve"])
    from tests.signing import view_submission_body

    modal = opened.response["view"]
    done = view_submission_body(modal, {BlockId.RESOLUTION: "answered", BlockId.NOTE: note}, user_id="U0ENG",
                                view_id=modal["id"])
    assert (await bot.slack(done, signed(done))).status == 200
    await bot.deliver()


async def test_a_resolved_match_shows_its_answer_first_and_can_be_withdrawn(bot, fake_slack, fake_github):
    answered = await file(bot, fake_slack, customer="Acme Corp", summary=CRASH, need=CRASH_NEED)
    await resolve(bot, fake_slack, answered, "Known 5.1.0 bug: raise gitserver memory to 4Gi or upgrade to 5.1.2.")
    still_open = await file(bot, fake_slack, customer="Globex", summary="Gitserver pods crash-loop on Kubernetes",
                            need="gitserver pods crash-loop after the upgrade, OOMKilled")
    view = await open_intake(bot, fake_slack, user="U0NEW")
    typed = {BlockId.NEED: "gitserver pods crash-loop OOMKilled after the upgrade on Kubernetes"}
    updated = await type_into(bot, fake_slack, view, typed, user="U0NEW")
    related = [b for b in updated["blocks"] if str(b.get("block_id", "")).startswith("related_")
               and b["type"] == "section"]
    assert "Answered before" in related[0]["text"]["text"] and f"RFH-{answered}" in related[0]["text"]["text"]
    assert "raise gitserver memory to 4Gi" in related[0]["text"]["text"]
    assert related[0]["accessory"]["text"]["text"] == "Withdraw — this answered it"
    assert f"RFH-{still_open}" in related[1]["text"]["text"]

    done = await act(bot, fake_slack, updated, action_id="withdraw_answered", block_id=related[0]["block_id"],
                     value=str(answered), values=typed, user="U0NEW")
    assert "nothing was filed" in blocks_text(done)
    async with bot.services.sessions() as session:
        [row] = (await session.execute(select(IntakeWithdrawal))).scalars().all()
    assert row.answered_by == answered and row.requester_id == "U0NEW" and "OOMKilled" in row.text
    assert await count(bot, Request) == 2
    assert 'rfh_intake_outcomes_total{outcome="withdrawn_answered"} 1.0' in (await bot.get("/metrics")).text


async def test_the_same_text_by_two_people_within_minutes_is_offered_the_merge(bot, fake_slack, fake_github, clock):
    from datetime import timedelta

    first = await file(bot, fake_slack, customer="Acme Corp", summary=CRASH, need=CRASH_NEED, user="U0ANN")
    clock.advance(timedelta(minutes=4))
    view = await open_intake(bot, fake_slack, user="U0BOB")
    answers = {BlockId.CUSTOMER: "Initech", BlockId.SUMMARY: CRASH, BlockId.NEED: CRASH_NEED}
    offer = await submit_intake(bot, view, answers, user="U0BOB")
    assert offer["response_action"] == "update"
    text = json.dumps(offer["view"])
    assert f"Same request as RFH-{first}?" in text and f"Add to RFH-{first} instead" in text
    assert await count(bot, Request) == 1

    # Filing anyway: the offer is made once; the second press files it.
    again = await submit_intake(bot, {**offer["view"], "id": view["id"]}, answers, user="U0BOB")
    assert again["response_action"] == "update" and "Same request" not in json.dumps(again)
    assert await count(bot, Request) == 2

    # The same person filing twice, or after the window, is not a duplicate offer.
    clock.advance(timedelta(minutes=30))
    late = await submit_intake(bot, await open_intake(bot, fake_slack, user="U0CAT"), answers, user="U0CAT")
    assert "Same request" not in json.dumps(late)


async def test_open_tracker_issues_the_bot_did_not_file_follow_from_github_search(bot, fake_slack, fake_github):
    await file(bot, fake_slack, customer="Acme Corp", summary="SAML login loops back to the sign-in page",
               need="After rotating the IdP certificate SAML login redirects back.")
    human = fake_github.add_issue(PRIVATE_REPO, "Zoekt shards missing after indexserver restart",
                                  "Reported by a customer by email: zoekt indexserver restart drops shards.")
    fake_github.add_issue(PRIVATE_REPO, "[Acme] Zoekt shards missing after indexserver restart",
                          "body\n\n---\nRFH-9 · filed by the rfh bot · rfhabc")
    fake_github.add_issue(PRIVATE_REPO, "Zoekt shards missing, closed", "zoekt indexserver shards", state="closed")
    view = await open_intake(bot, fake_slack, user="U0NEW")
    final = await type_into(bot, fake_slack, view, {BlockId.NEED: "zoekt indexserver shards missing"}, user="U0NEW",
                            updates=2)
    text = blocks_text(final)
    assert f"customer#{human['number']}" in text and "not filed through rfh" in text
    assert text.count("customer#") == 1  # neither the bot's own issue nor the closed one
    searches = fake_github.calls_matching("GET", "/search/issues")
    assert len(searches) == 1
    # Cached: typing the same words again asks GitHub nothing new, and shows the match in the first update.
    again = await type_into(bot, fake_slack, final, {BlockId.NEED: "zoekt indexserver shards missing"}, user="U0NEW")
    assert f"customer#{human['number']}" in blocks_text(again)
    assert len(fake_github.calls_matching("GET", "/search/issues")) == 1


async def test_a_slow_github_search_never_holds_up_the_modal(bot, fake_slack, fake_github):
    fake_github.fail("GET", "/search/issues", hang=8.0)
    view = await open_intake(bot, fake_slack, user="U0NEW")
    first = await type_into(bot, fake_slack, view, {BlockId.NEED: "zoekt indexserver shards missing"}, user="U0NEW")
    assert await wait_for(lambda: fake_github.calls_matching("GET", "/search/issues"))  # started after the update
    again = await type_into(bot, fake_slack, first, {BlockId.NEED: "zoekt indexserver shards missing since 5.1"},
                            user="U0NEW")
    assert "not filed through rfh" not in blocks_text(again)
    assert fake_github.calls_matching("GET", "/search/issues")[0].status == 0  # still hanging: nothing waited
    assert len(fake_github.calls_matching("GET", "/search/issues")) == 1  # the same words: one search in flight
