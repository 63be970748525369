"""Routing through Slack: the live suggestion in the modal, and a re-route that is recorded as a correction."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.blocks.ids import BlockId
from storage.models import Request, RouteDecision
from tests.scenario.conftest import PRIVATE_REPO
from tests.scenario.harness import wait_for
from tests.scenario.test_spine import GOOD_ANSWERS, open_modal, signed, submit
from tests.signing import block_actions_body, view_submission_body


async def test_typing_the_description_updates_the_suggested_team(bot, fake_slack):
    call = await open_modal(bot, fake_slack, "")
    view = call.response["view"]
    body = block_actions_body(action_id="value", block_id=BlockId.NEED, action_type="plain_text_input", view=view,
                              view_values={BlockId.NEED: "SAML single sign-on fails with an OIDC error after login",
                                           BlockId.CUSTOMER: "Acme"}, user_id="U0REQ")
    reply = await bot.slack(body, signed(body))
    assert reply.status == 200
    # The listener runs after Bolt's ack, so its views.update may land just after the HTTP answer.
    [update] = await wait_for(lambda: [c for c in fake_slack.calls_to("views.update")
                                       if c.args.get("view_id") == view["id"]])
    assert update.args.get("hash") == view["hash"]
    rendered = json.dumps(update.args["view"])
    assert "Core Application" in rendered and "SAML" in rendered
    team = next(b for b in update.args["view"]["blocks"] if b.get("block_id") == BlockId.TEAM)
    assert team["element"]["initial_option"]["value"] == "core-application"


async def test_rerouting_moves_the_request_and_records_the_correction(bot, fake_slack, fake_github):
    call = await open_modal(bot, fake_slack, "Pods crash-loop on our Kubernetes cluster after upgrade")
    await submit(bot, call.args["view"], "V0RR", GOOD_ANSWERS)
    await bot.deliver()
    [post] = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "#distribution"]
    message = fake_slack.message(post.response["channel"], post.response["ts"])
    request_id = next(e["value"] for b in post.args["blocks"] if b["type"] == "actions" for e in b["elements"]
                      if e["action_id"] == "reroute")

    trigger = fake_slack.new_trigger_id()
    click = block_actions_body(action_id="reroute", value=request_id, message=message, user_id="U0ENG",
                               channel_id=post.response["channel"], trigger_id=trigger)
    assert (await bot.slack(click, signed(click))).status == 200
    [opened] = await wait_for(lambda: [c for c in fake_slack.calls_to("views.open")
                                       if c.args.get("trigger_id") == trigger])
    modal = opened.args["view"]
    done = view_submission_body(modal, {BlockId.NEW_TEAM: "search-core", BlockId.NOTE: "Zoekt indexing, not k8s"},
                                user_id="U0ENG", view_id="V0RRMODAL")
    reply = await bot.slack(done, signed(done))
    assert reply.status == 200 and reply.text in ("", "null"), reply.text
    await bot.deliver()

    [issue] = fake_github.issues(PRIVATE_REPO)
    labels = {label["name"] for label in issue["labels"]}
    assert "team/search-core" in labels and "team/distribution" not in labels
    new_posts = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "#search"]
    assert len(new_posts) == 1 and "<@U0REQ>" in json.dumps(new_posts[0].args["blocks"])
    old = fake_slack.message(post.response["channel"], post.response["ts"])
    assert "re-routed to Search Core" in old["text"]
    thread = fake_slack.thread(post.response["channel"], post.response["ts"])
    assert any("Zoekt indexing" in m.get("text", "") for m in thread)

    async with bot.services.sessions() as session:
        decisions = (await session.execute(select(RouteDecision).order_by(RouteDecision.id))).scalars().all()
        request = await session.get(Request, int(request_id))
    assert [(d.source, d.suggested_team_id, d.chosen_team_id) for d in decisions] == [
        ("intake", "distribution", "distribution"), ("reroute", "distribution", "search-core")]
    assert request is not None and request.team_id == "search-core"


async def test_every_replica_learns_what_the_others_recorded(bot, fake_slack, fake_github, database_url, clock):
    from tests.scenario.harness import BotUnderTest

    other = await BotUnderTest.start(slack_url=fake_slack.url, github_url=fake_github.url,
                                     database_url=database_url, clock=clock)
    try:
        before = other.services.router.learned
        call = await open_modal(bot, fake_slack, "Pods crash-loop on our Kubernetes cluster after upgrade")
        await submit(bot, call.args["view"], "V0REPL", GOOD_ANSWERS)
        # the replica that took it learns right after answering Slack
        assert await wait_for(lambda: bot.services.router.learned == before + 1)
        assert await other.services.refresh_router() == 1  # the other one on its next refresh
        assert other.services.router.learned == before + 1
        assert await other.services.refresh_router() == 0
    finally:
        await other.stop()


async def test_the_live_suggestion_uses_the_imported_history(fake_slack, fake_github, database_url, clock):
    """History imported with `rfh learn` before the bot starts is learned in the background after start (the bot
    serves at once) and then drives the modal's suggestion."""
    from datetime import UTC, datetime

    from bot.learning.importer import import_lines
    from storage.db import make_engine, migrate, session_factory
    from tests.scenario.harness import BotUnderTest

    engine = make_engine(database_url)
    await migrate(engine)
    lines = [json.dumps({"text": f"Quartermaster cache {what} on {where}", "team": "batch-changes"})
             for what in ("fills the volume", "eviction never runs", "needs more memory", "is stuck", "is slow")
             for where in ("monday", "the staging box", "prod", "every night", "the new cluster", "node b")]
    await import_lines(session_factory(engine), lines, source="file:history.jsonl",
                       teams={"batch-changes", "distribution"}, now=datetime.now(UTC))
    await engine.dispose()
    fake_github.add_repo(PRIVATE_REPO, private=True)
    bot = await BotUnderTest.start(slack_url=fake_slack.url, github_url=fake_github.url, database_url=database_url,
                                   clock=clock)
    try:
        assert (await bot.get("/readyz")).status == 200  # serving before the history is learned
        assert bot.services.warming is not None and await bot.services.warming == 30
        assert bot.services.feed is not None and bot.services.feed.loaded and bot.services.router.learned == 30
        call = await open_modal(bot, fake_slack, "")
        view = call.response["view"]
        body = block_actions_body(action_id="value", block_id=BlockId.NEED, action_type="plain_text_input",
                                  view=view, view_values={BlockId.NEED: "The quartermaster cache eviction is stuck",
                                                          BlockId.CUSTOMER: "Acme"}, user_id="U0REQ")
        assert (await bot.slack(body, signed(body))).status == 200
        [update] = await wait_for(lambda: [c for c in fake_slack.calls_to("views.update")
                                           if c.args.get("view_id") == view["id"]])
        team = next(b for b in update.args["view"]["blocks"] if b.get("block_id") == BlockId.TEAM)
        assert team["element"]["initial_option"]["value"] == "batch-changes"
    finally:
        await bot.stop()
