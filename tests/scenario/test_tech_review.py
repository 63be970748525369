"""The tech-review request (handbook 000) over signed HTTP: `/rfh review` opens the form (what it is not for,
pointing to /rfh), the submission files an issue labelled tech-review in the configured tracker and posts in the
configured channel mentioning the EPS reviewers; a reviewer records the decision, which the issue, the post, the
requester and App Home all show."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.blocks.ids import BlockId
from bot.core.config import builtin_config_text, parse_config
from storage.models import TechReview
from tests.scenario.harness import BotUnderTest, wait_for
from tests.scenario.intake_flows import act, count, open_intake, signed
from tests.scenario.queues.flows import click_home
from tests.signing import block_actions_body, event_body, slash_command_body, view_submission_body

REVIEWS_REPO = "sourcegraph/tech-reviews"
TECH_REVIEW = """
[tech_review]
tracker = "sourcegraph/tech-reviews"
channel = "#eps-reviews"
engineering = ["U0ENGLEAD"]
product = ["U0PM"]
support = ["@support-leads"]
"""


@pytest.fixture
async def bot(fake_slack, fake_github, database_url, clock, monkeypatch):
    monkeypatch.setattr("bot.adapters.slack_chat.POST_SPACING_SECONDS", 0.0)
    fake_github.add_repo("sourcegraph/customer", private=True)
    fake_github.add_repo(REVIEWS_REPO, private=True)
    fake_slack.add_usergroup("support-leads", "S0SUPLEAD", ["U0SUPLEAD"])
    fake_slack.add_usergroup("distribution-support", "S0DIST", ["U0ONCALL"])
    config = parse_config(builtin_config_text() + TECH_REVIEW, source="test")
    bot = await BotUnderTest.start(slack_url=fake_slack.url, github_url=fake_github.url, database_url=database_url,
                                   clock=clock, config=config)
    yield bot
    await bot.stop()


async def open_review(bot, fake_slack, text: str = "review") -> dict:
    trigger = fake_slack.new_trigger_id()
    body = slash_command_body(command="/rfh", text=text, trigger_id=trigger, user_id="U0CE1", channel_id="C0CE")
    assert (await bot.slack(body, signed(body))).status == 200
    [call] = await wait_for(lambda: [c for c in fake_slack.calls_to("views.open")
                                     if c.args.get("trigger_id") == trigger])
    assert call.ok, call.response
    return call.response["view"]


ANSWERS = {
    BlockId.CUSTOMER: "Initech", BlockId.SUMMARY: "Run zoekt on NFS-backed volumes in production",
    BlockId.REVIEW_GAP: "They want indexed search shards on NFS, which the docs list as unsupported. @here",
    BlockId.NEEDED_BY: "2030-01-15",
    BlockId.REVIEW_WHY_THEN: "Production go-live is planned for the week after; the trial ends then.",
    BlockId.REVIEW_REQUIREMENT: "new",
    BlockId.REVIEW_MISSED: "Their storage team changed the platform after qualification.",
    BlockId.REVIEW_EXPECTATIONS: "A supported configuration, or a written commitment to support it.",
    BlockId.REVIEW_IF_UNMET: "They delay the rollout by a quarter; expansion at risk.",
    BlockId.REVIEW_CE: "U0CE1", BlockId.REVIEW_AE: "U0AE1", BlockId.REVIEW_DEAL: "$250k ARR expansion",
    BlockId.REVIEW_KEY_PROSPECT: ["yes"],
}


async def request_review(bot, fake_slack) -> TechReview:
    form = await open_review(bot, fake_slack)
    body = view_submission_body(form, ANSWERS, user_id="U0CE1", view_id=form["id"])
    reply = await bot.slack(body, signed(body))
    assert reply.status == 200 and reply.json()["response_action"] == "update", reply.text
    await run_jobs(bot)
    async with bot.services.sessions() as session:
        review = await session.get(TechReview, 1)
    assert review is not None
    return review


async def run_jobs(bot) -> None:
    for _ in range(3):  # filing schedules the post: a chain of jobs
        await bot.services.scheduler.drain()


async def test_rfh_review_opens_the_form_with_page_000s_questions(bot, fake_slack):
    form = await open_review(bot, fake_slack, "review NFS shards for Initech")
    assert form["callback_id"] == "rfh_tech_review"
    labels = " | ".join(b["label"]["text"] for b in form["blocks"] if b["type"] == "input")
    for asked in ("Customer", "The gap", "Decision or commitment needed by", "Why by then",
                  "New or existing requirement", "Why wasn't it caught in technical qualification?",
                  "The customer's expectations", "What happens if we don't meet them?", "The account's CE",
                  "The account's AE", "Deal value", "Key prospect", "Business context"):
        assert asked in labels
    hints = json.dumps(form["blocks"])
    assert "best practices or documented product limits" in hints
    not_for = form["blocks"][0]["text"]["text"]
    assert "Not for" in not_for and "support escalations" in not_for and "`/rfh`" in not_for
    summary = next(b for b in form["blocks"] if b.get("block_id") == BlockId.SUMMARY)
    assert summary["element"]["initial_value"] == "NFS shards for Initech"


async def test_missing_answers_are_reported_on_their_fields(bot, fake_slack):
    form = await open_review(bot, fake_slack)
    body = view_submission_body(form, {BlockId.CUSTOMER: "Initech", BlockId.NEEDED_BY: "2001-01-01"},
                                user_id="U0CE1", view_id=form["id"])
    answer = (await bot.slack(body, signed(body))).json()
    assert answer["response_action"] == "errors"
    assert {BlockId.REVIEW_GAP, BlockId.REVIEW_WHY_THEN, BlockId.REVIEW_CE, BlockId.NEEDED_BY} <= set(answer["errors"])
    assert "past" in answer["errors"][BlockId.NEEDED_BY]
    assert await count(bot, TechReview) == 0


async def test_a_tech_review_is_filed_posted_and_decided(bot, fake_slack, fake_github, clock):
    review = await request_review(bot, fake_slack)
    [issue] = fake_github.issues(REVIEWS_REPO)
    assert fake_github.issues("sourcegraph/customer") == []
    assert {label["name"] for label in issue["labels"]} == {"tech-review", "customer/initech"}
    assert issue["title"] == "Tech review: [Initech] Run zoekt on NFS-backed volumes in production"
    for heading in ("The gap", "When a decision or commitment is needed", "technical qualification",
                    "The customer's expectations", "What happens if we don't meet them", "Business context"):
        assert heading in issue["body"]
    assert "@\u200bhere" in issue["body"] and "Key prospect: yes" in issue["body"]

    [post] = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "#eps-reviews"]
    rendered = post.args["text"] + json.dumps(post.args["blocks"])
    assert "<@U0ENGLEAD>" in rendered and "<@U0PM>" in rendered and "<!subteam^S0SUPLEAD|@support-leads>" in rendered
    assert issue["html_url"] in rendered and "link_names" not in post.args
    assert any("is with the EPS reviewers" in m["text"] for m in fake_slack.messages("U0CE1"))

    # Someone who is not a reviewer cannot decide; a member of a reviewer group can.
    message = fake_slack.message(post.response["channel"], post.response["ts"])
    stranger = block_actions_body(action_id="review_decide", value=str(review.id), user_id="U0STRANGER",
                                  channel_id=post.response["channel"], message=message,
                                  trigger_id=fake_slack.new_trigger_id())
    assert (await bot.slack(stranger, signed(stranger))).status == 200
    assert await wait_for(lambda: fake_slack.ephemerals(user="U0STRANGER"))
    assert "Only the EPS reviewers" in fake_slack.ephemerals(user="U0STRANGER")[0]["text"]

    trigger = fake_slack.new_trigger_id()
    click = block_actions_body(action_id="review_decide", value=str(review.id), user_id="U0SUPLEAD",
                               channel_id=post.response["channel"], message=message, trigger_id=trigger)
    assert (await bot.slack(click, signed(click))).status == 200
    [opened] = await wait_for(lambda: [c for c in fake_slack.calls_to("views.open")
                                       if c.args.get("trigger_id") == trigger])
    modal = opened.response["view"]
    clock.advance(timedelta(hours=3))
    done = view_submission_body(modal, {BlockId.REVIEW_DECISION: "approved",
                                        BlockId.NOTE: "Approved for the trial with local SSD for zoekt; revisit "
                                                      "before production.",
                                        BlockId.REVIEW_DECIDERS: ["U0SUPLEAD", "U0ENGLEAD"]},
                                user_id="U0SUPLEAD", view_id=modal["id"])
    reply = await bot.slack(done, signed(done))
    assert reply.status == 200 and reply.text in ("", "null"), reply.text
    await run_jobs(bot)

    [comment] = fake_github.comments(REVIEWS_REPO, issue["number"])
    assert "**Decision: Approved**" in comment["body"] and "local SSD" in comment["body"]
    closed = fake_github.issue(REVIEWS_REPO, issue["number"])
    assert closed["state"] == "closed" and closed["state_reason"] == "completed"
    updated = fake_slack.message(post.response["channel"], post.response["ts"])
    assert "*State:* Approved" in json.dumps(updated["blocks"]) and "review_decide" not in json.dumps(updated)
    assert any("Approved" in m["text"] for m in fake_slack.messages("U0CE1") if "recorded the decision" in m["text"])
    async with bot.services.sessions() as session:
        row = await session.get(TechReview, review.id)
    assert row.state == "approved" and row.deciders == ["U0SUPLEAD", "U0ENGLEAD"] and row.decided_at == clock.now()

    home = event_body({"type": "app_home_opened", "user": "U0CE1", "channel": "D0HOME", "tab": "home"},
                      event_id="Ev0TRHOME")
    assert (await bot.slack(home, signed(home))).status == 200
    [published] = await wait_for(lambda: fake_slack.calls_to("views.publish"))
    assert published.ok, published.response
    assert "Tech reviews" in json.dumps(published.args["view"])  # the tab's button
    shown = json.dumps(await click_home(bot, fake_slack, "U0CE1", "home_tab:reviews", "reviews"))
    assert "Your tech reviews" in shown and "TR-1" in shown and "Approved" in shown


async def test_reviewers_see_undecided_reviews_in_app_home(bot, fake_slack):
    await request_review(bot, fake_slack)
    home = event_body({"type": "app_home_opened", "user": "U0PM", "channel": "D0PM", "tab": "home"},
                      event_id="Ev0PMHOME")
    assert (await bot.slack(home, signed(home))).status == 200
    assert await wait_for(lambda: fake_slack.calls_to("views.publish"))
    shown = json.dumps(await click_home(bot, fake_slack, "U0PM", "home_tab:reviews", "reviews"))
    assert "Waiting for your decision" in shown and "TR-1" in shown and "Waiting for a decision" in shown


async def test_needs_more_information_keeps_the_issue_open_and_can_be_decided_later(bot, fake_slack, fake_github):
    review = await request_review(bot, fake_slack)
    outcome = await bot.services.reviews.decide(review_id=review.id, decision=_decision("needs_info"),
                                                note="Which NFS server and mount options?", deciders=["U0PM"],
                                                actor="U0PM")
    assert outcome.ok
    await run_jobs(bot)
    [issue] = fake_github.issues(REVIEWS_REPO)
    assert issue["state"] == "open"
    assert "Needs more information" in fake_github.comments(REVIEWS_REPO, issue["number"])[0]["body"]
    again = await bot.services.reviews.decide(review_id=review.id, decision=_decision("declined"),
                                              note="NFS is not supported for zoekt.", deciders=["U0PM"], actor="U0PM")
    assert again.ok
    await run_jobs(bot)
    assert fake_github.issue(REVIEWS_REPO, issue["number"])["state_reason"] == "not_planned"
    assert len(fake_github.comments(REVIEWS_REPO, issue["number"])) == 2


async def test_the_intake_modal_offers_the_tech_review_instead(bot, fake_slack):
    view = await open_intake(bot, fake_slack, "NFS for zoekt shards", user="U0CE1")
    switched = await act(bot, fake_slack, view, action_id="open_tech_review", block_id=BlockId.SWITCH,
                         value="tech_review", user="U0CE1",
                         values={BlockId.SUMMARY: "NFS for zoekt shards", BlockId.NEED: "Is NFS supported?"})
    assert switched["callback_id"] == "rfh_tech_review"
    gap = next(b for b in switched["blocks"] if b.get("block_id") == BlockId.REVIEW_GAP)
    assert gap["element"]["initial_value"] == "Is NFS supported?"


async def test_the_message_shortcut_opens_the_form_with_the_message(bot, fake_slack):
    from tests.signing import message_shortcut_body

    trigger = fake_slack.new_trigger_id()
    text = "Customer wants zoekt shards on NFS in production; is that supported?"
    body = message_shortcut_body(callback_id="rfh_tech_review_from_message", message_text=text, channel_id="C0CE",
                                 trigger_id=trigger, user_id="U0CE1")
    assert (await bot.slack(body, signed(body))).status == 200
    [call] = await wait_for(lambda: [c for c in fake_slack.calls_to("views.open")
                                     if c.args.get("trigger_id") == trigger])
    form = call.args["view"]
    assert form["callback_id"] == "rfh_tech_review"
    gap = next(b for b in form["blocks"] if b.get("block_id") == BlockId.REVIEW_GAP)
    assert gap["element"]["initial_value"] == text


async def test_the_label_comes_from_the_config(fake_slack, fake_github, database_url, clock, monkeypatch):
    monkeypatch.setattr("bot.adapters.slack_chat.POST_SPACING_SECONDS", 0.0)
    fake_github.add_repo("sourcegraph/customer", private=True)
    config = parse_config(builtin_config_text() + '[tech_review]\nlabel = "eps-review"\n', source="test")
    bot = await BotUnderTest.start(slack_url=fake_slack.url, github_url=fake_github.url, database_url=database_url,
                                   clock=clock, config=config)
    try:
        await request_review(bot, fake_slack)
        [issue] = fake_github.issues("sourcegraph/customer")  # no tracker named: the private tracker
        assert "eps-review" in {label["name"] for label in issue["labels"]}
        assert "tech-review" not in {label["name"] for label in issue["labels"]}
        assert [c.args["channel"] for c in fake_slack.calls_to("chat.postMessage")
                if c.args["channel"].startswith("#")] == ["#tech-review"]
    finally:
        await bot.stop()


def _decision(value: str):
    from bot.review.rules import Decision

    return Decision(value)
