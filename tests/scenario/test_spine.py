"""The spine over real HTTP: /rfh and the shortcut open the modal, a submission files one issue and one post."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable
from datetime import timedelta

from bot.blocks.ids import BlockId, CallbackId
from tests.scenario.conftest import PRIVATE_REPO, PUBLIC_REPO
from tests.scenario.harness import SIGNING_SECRET, modal_values, wait_for
from tests.signing import (
    block_actions_body,
    message_shortcut_body,
    slack_signature_headers,
    slash_command_body,
    view_submission_body,
)

OPEN_LATENCIES: list[float] = []


def signed(body: bytes) -> dict[str, str]:
    return slack_signature_headers(SIGNING_SECRET, body)


async def open_modal(bot, fake_slack, text: str, **kwargs) -> dict:
    trigger = fake_slack.new_trigger_id()
    body = slash_command_body(command="/rfh", text=text, trigger_id=trigger, user_id="U0REQ", channel_id="C0SUP",
                              **kwargs)
    sent = time.time()
    reply = await bot.slack(body, signed(body))
    assert reply.status == 200, reply.text
    opened = await wait_for(lambda: [c for c in fake_slack.calls_to("views.open")
                                     if c.args.get("trigger_id") == trigger])
    assert len(opened) == 1 and opened[0].ok, opened[0].response
    OPEN_LATENCIES.append(opened[0].at - sent)
    assert opened[0].at - sent < 3.0
    return opened[0]


async def _has(page: Awaitable[str], line: str) -> str | None:
    text = await page
    return text if line in text else None


GOOD_ANSWERS = {
    BlockId.CUSTOMER: "Acme Corp", BlockId.NEED: "Pods crash-loop after the upgrade to 5.1 on Kubernetes; why?",
    BlockId.SEVERITY: "serious", BlockId.URGENCY: "Fine to look tomorrow", BlockId.TIER: "1",
    BlockId.ENVIRONMENT: "Kubernetes on GKE, 5.1.0, GitHub Enterprise, 3k repos",
    BlockId.QUOTE: "Our developers can't search since this morning.", BlockId.TICKET: "https://support.example/t/42",
    BlockId.PEOPLE: ["U0CE"],
}


async def submit(bot, view: dict, view_id: str, answers: dict, user_id: str = "U0REQ"):
    body = view_submission_body(view={**view, "id": view_id}, values=modal_values(view, **answers), user_id=user_id,
                                view_id=view_id)
    return await bot.slack(body, signed(body))


async def test_rfh_opens_the_modal_within_3_seconds_prefilled_and_routed(bot, fake_slack):
    call = await open_modal(bot, fake_slack, "Pods crash-loop on our Kubernetes cluster after upgrade")
    view = call.args["view"]
    assert view["callback_id"] == CallbackId.INTAKE
    labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]
    for label in ("Customer", "Customer tier", "Sales process", "Request type", "Summary",
                  "What you need from engineering", "Severity", "Urgency and timeline", "Needed by", "Team",
                  "Tracker", "Environment", "Steps to reproduce", "Logs and screenshots", "Files", "Recent changes",
                  "Users impacted", "Users not impacted", "Customer quote", "Support ticket", "People to include"):
        assert label in labels
    summary = next(b for b in view["blocks"] if b.get("block_id") == BlockId.SUMMARY)
    assert summary["element"]["initial_value"].startswith("Pods crash-loop")
    team = next(b for b in view["blocks"] if b.get("block_id") == BlockId.TEAM)
    assert team["element"]["initial_option"]["value"] == "distribution"


async def test_required_fields_are_reported_on_their_blocks(bot, fake_slack):
    call = await open_modal(bot, fake_slack, "")
    reply = await submit(bot, call.args["view"], "V0EMPTY", {})
    assert reply.status == 200
    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert {BlockId.CUSTOMER, BlockId.SUMMARY, BlockId.NEED, BlockId.SEVERITY, BlockId.URGENCY,
            BlockId.TEAM} <= set(answer["errors"])
    assert fake_slack.calls_to("chat.postMessage") == []


async def test_a_submission_files_one_issue_posts_once_and_confirms(bot, fake_slack, fake_github):
    call = await open_modal(bot, fake_slack, "Pods crash-loop on our Kubernetes cluster after upgrade")
    reply = await submit(bot, call.args["view"], "V0FULL", GOOD_ANSWERS)
    assert reply.status == 200 and reply.elapsed < 3
    assert reply.json()["response_action"] == "update"
    await bot.deliver()

    issues = fake_github.issues(PRIVATE_REPO)
    assert len(issues) == 1
    issue = issues[0]
    assert issue["title"] == "[Acme Corp] Pods crash-loop on our Kubernetes cluster after upgrade"
    assert {label["name"] for label in issue["labels"]} == {"rfh", "customer/acme-corp", "team/distribution",
                                                            "ce/p0"}
    assert "> Our developers can't search since this morning." in issue["body"]
    assert "https://support.example/t/42" in issue["body"]
    assert "### Customer environment" in issue["body"]

    posts = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "#distribution"]
    assert len(posts) == 1
    post = posts[0].args
    rendered = post["text"] + json.dumps(post["blocks"])
    assert "<!subteam^S0DIST|@distribution-support>" in rendered
    assert issue["html_url"] in rendered
    assert "Fine to look tomorrow" in rendered
    assert "<@U0REQ>" in rendered
    assert "Take ownership" in rendered
    assert "<@U0CE>" in rendered  # the people the requester asked to include
    assert "link_names" not in post and not fake_slack.flagged()

    dms = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "U0REQ"]
    assert len(dms) == 1 and issue["html_url"] in json.dumps(dms[0].args)
    assert "priorities list" in json.dumps(dms[0].args["blocks"])  # Distribution keeps one (handbook 002)
    updates = fake_slack.calls_to("views.update")
    assert updates and "Filed" in json.dumps(updates[-1].args["view"])

    async def metrics() -> str:
        return (await bot.get("/metrics")).text

    # The per-team count is taken right after the submission's answer: wait for it.
    page = await wait_for(lambda: _has(metrics(), 'rfh_requests_total{team="distribution"} 1.0'))
    assert page and 'rfh_steps_total{kind="file_issue",outcome="ok"} 1.0' in page

    again = await submit(bot, call.args["view"], "V0FULL", GOOD_ANSWERS)
    assert again.status == 200
    await bot.deliver()
    assert len(fake_github.issues(PRIVATE_REPO)) == 1
    assert len([c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "#distribution"]) == 1


async def test_public_tracker_adds_a_sanitised_issue(bot, fake_slack, fake_github):
    call = await open_modal(bot, fake_slack, "Search results are missing symbols for Go")
    await submit(bot, call.args["view"], "V0PUB", {**GOOD_ANSWERS, BlockId.TRACKER: "public",
                                                   BlockId.TEAM: "code-intelligence"})
    await bot.deliver()
    [private] = fake_github.issues(PRIVATE_REPO)
    assert fake_github.issues(PUBLIC_REPO) == []  # filed once the requester approves the sanitised draft
    [review] = [m for m in fake_slack.messages("U0REQ") if "Review public issue" in m.get("text", "")]
    body = block_actions_body(action_id="approve_public", value=str(review["blocks"][-1]["elements"][0]["value"]),
                              user_id="U0REQ", channel_id=fake_slack.channel_id("U0REQ"), message=review,
                              trigger_id=fake_slack.new_trigger_id())
    assert (await bot.slack(body, signed(body))).status == 200
    assert await wait_for(lambda: fake_slack.ephemerals(user="U0REQ"))
    await bot.deliver()
    [public] = fake_github.issues(PUBLIC_REPO)
    assert "Acme" not in public["title"] + public["body"]
    assert "can't search since" not in public["body"] and "support.example" not in public["body"]
    assert private["html_url"] in public["body"]
    assert "customer/acme-corp" not in {label["name"] for label in public["labels"]}


async def test_the_message_shortcut_prefills_and_answers_in_the_thread(bot, fake_slack, fake_github):
    trigger = fake_slack.new_trigger_id()
    text = "Hi team, our SAML login loops back to the sign-in page since we rotated the IdP certificate."
    body = message_shortcut_body(callback_id="rfh_from_message", message_text=text, channel_id="C0CUST",
                                 message_ts="1700000000.000100", trigger_id=trigger, user_id="U0REQ")
    reply = await bot.slack(body, signed(body))
    assert reply.status == 200
    [call] = await wait_for(lambda: [c for c in fake_slack.calls_to("views.open")
                                     if c.args.get("trigger_id") == trigger])
    view = call.args["view"]
    quote = next(b for b in view["blocks"] if b.get("block_id") == BlockId.QUOTE)
    assert quote["element"]["initial_value"] == text
    team = next(b for b in view["blocks"] if b.get("block_id") == BlockId.TEAM)
    assert team["element"]["initial_option"]["value"] == "core-application"
    assert "archives/C0CUST/p1700000000000100" in json.dumps(view["blocks"])

    await submit(bot, view, "V0SHORT", {BlockId.CUSTOMER: "Initech", BlockId.SEVERITY: "unusable",
                                        BlockId.URGENCY: "Today, they are blocked"})
    await bot.deliver()
    [issue] = fake_github.issues(PRIVATE_REPO)
    assert "archives/C0CUST/p1700000000000100" in issue["body"]
    replies = [c for c in fake_slack.calls_to("chat.postMessage")
               if c.args["channel"] == "C0CUST" and c.args.get("thread_ts") == "1700000000.000100"]
    assert len(replies) == 1 and issue["html_url"] in json.dumps(replies[0].args)
    posts = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "#core-application-support"]
    assert "<!subteam^S0CORE|@core-app-support>" in posts[0].args["text"]


async def test_licence_questions_go_to_the_ce_channel_without_an_issue(bot, fake_slack, fake_github):
    call = await open_modal(bot, fake_slack, "Customer asks to renew their license key before it expires")
    await submit(bot, call.args["view"], "V0LIC", {**GOOD_ANSWERS, BlockId.TEAM: "ce-sales",
                                                   BlockId.REQUEST_TYPE: "help", BlockId.SEVERITY: "minor"})
    await bot.deliver()
    assert fake_github.issues(PRIVATE_REPO) == []
    posts = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "#ce"]
    assert len(posts) == 1


async def test_usage_questions_go_to_bizops(bot, fake_slack, fake_github):
    call = await open_modal(bot, fake_slack, "How many monthly active users (MAU) did they have in October?")
    team = next(b for b in call.args["view"]["blocks"] if b.get("block_id") == BlockId.TEAM)
    assert team["element"].get("initial_option", {}).get("value") == "bizops"
    await submit(bot, call.args["view"], "V0USE", {**GOOD_ANSWERS, BlockId.SEVERITY: "minor"})
    await bot.deliver()
    assert fake_github.issues(PRIVATE_REPO) == []
    assert len([c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "#bizops"]) == 1


async def test_take_ownership_records_the_owner_and_updates_the_post(bot, fake_slack, fake_github, clock):
    call = await open_modal(bot, fake_slack, "Pods crash-loop on our Kubernetes cluster after upgrade")
    await submit(bot, call.args["view"], "V0OWN", GOOD_ANSWERS)
    await bot.deliver()
    [post] = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "#distribution"]
    request_id = next(e["value"] for b in post.args["blocks"] if b["type"] == "actions" for e in b["elements"]
                      if e["action_id"] == "take_ownership")
    body = block_actions_body(action_id="take_ownership", value=request_id, user_id="U0ENG",
                              channel_id=post.response["channel"], message_ts=post.response["ts"],
                              trigger_id=fake_slack.new_trigger_id())
    reply = await bot.slack(body, signed(body))
    assert reply.status == 200
    # Bolt answers on ack(); the listener records the owner right after, then tells the clicker.
    assert await wait_for(lambda: fake_slack.calls_to("chat.postEphemeral"))
    clock.advance(timedelta(seconds=1))
    await bot.deliver()
    updates = [c for c in fake_slack.calls_to("chat.update") if c.args.get("ts") == post.response["ts"]]
    assert updates and "<@U0ENG>" in json.dumps(updates[-1].args["blocks"])


async def test_forged_requests_are_refused(bot, fake_slack):
    body = slash_command_body(command="/rfh", text="x", trigger_id=fake_slack.new_trigger_id(), user_id="U1",
                              channel_id="C1")
    reply = await bot.slack(body, slack_signature_headers("wrong-secret", body))
    assert reply.status == 401
    assert fake_slack.calls_to("views.open") == []


async def test_app_home_lists_the_users_requests(bot, fake_slack):
    from tests.signing import event_body

    call = await open_modal(bot, fake_slack, "Pods crash-loop on our Kubernetes cluster after upgrade")
    await submit(bot, call.args["view"], "V0HOME", GOOD_ANSWERS)
    await bot.deliver()
    body = event_body({"type": "app_home_opened", "user": "U0REQ", "channel": "D0HOME", "tab": "home"},
                      event_id="Ev0HOME")
    assert (await bot.slack(body, signed(body))).status == 200
    published = await wait_for(lambda: fake_slack.calls_to("views.publish"))
    assert published and published[0].ok, published[0].response if published else None
    assert "[Acme Corp] Pods crash-loop" in json.dumps(published[0].args["view"])
