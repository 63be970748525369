"""GitHub → Slack over signed webhooks: comments (edits, deletions, a burst of 50 in order), the requester told once
per burst, redeliveries and the bot's own comments doing nothing, close and reopen still mirrored."""

from __future__ import annotations

import json

from bot.core.clock import ManualClock
from tests.scenario.bridge.flows import (
    REPO,
    bot_thread,
    drain,
    github_comment,
    github_issue_event,
    item_rows,
    real_shape,
    webhook,
)
from tests.scenario.ownership.flows import REQUESTER, dms, file_request, request_row


async def test_a_comment_appears_in_the_team_thread_converted_and_attributed(bridge_bot, fake_slack, fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    markdown = ("Looks like **gitserver** is OOMKilled. Try:\n\n```yaml\nmemory: 4Gi\n```\n\n- raise the limit\n"
                "- restart `gitserver-0`\n\n> pods crash-loop\n\nSee [the runbook](https://docs.example/oom) @here")
    _, reply = await github_comment(bridge_bot, fake_github, request.issue_number, markdown, user="ana-gh")
    assert reply.json()["outcome"] == "comment"
    await drain(bridge_bot)

    [message] = bot_thread(fake_slack, request)
    shown = message["text"] + json.dumps(message["blocks"])
    assert "*Ana Lopez* commented" in message["text"]  # the mapped login shows as the person's Slack name
    assert "*gitserver*" in shown and "```\\nmemory: 4Gi\\n```" in shown and "• raise the limit" in shown
    assert "> pods crash-loop" in shown and "<https://docs.example/oom|the runbook>" in shown
    assert "@here" not in shown.replace("@\u200bhere", "").replace("@\\u200bhere", "")
    assert "link_names" not in json.dumps([c.args for c in fake_slack.calls_to("chat.postMessage")])

    _, reply = await github_comment(bridge_bot, fake_github, request.issue_number, "Another one", user="octo-person")
    await drain(bridge_bot)
    second = bot_thread(fake_slack, request)[1]
    assert "*octo-person* commented" in second["text"]  # not mapped: the login
    told = [m for m in dms(fake_slack, REQUESTER) if "engineering commented" in m["text"]]
    assert len(told) == 1 and f"RFH-{request.id}" in told[0]["text"]  # one DM for the burst, privately


async def test_edits_update_the_message_and_deletions_mark_it(bridge_bot, fake_slack, fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    comment, _ = await github_comment(bridge_bot, fake_github, request.issue_number, "first take")
    await drain(bridge_bot)
    [message] = bot_thread(fake_slack, request)

    changed = fake_github.edit_comment(REPO, comment["id"], "second take, with **more**")
    payload = fake_github.webhook_payload("issue_comment", "edited", REPO, request.issue_number, sender="ana-gh",
                                          comment=changed)
    payload["changes"] = {"body": {"from": "first take"}}
    reply = await webhook(bridge_bot, "issue_comment", real_shape("issue_comment.edited.json", payload))
    assert reply.json()["outcome"] == "comment_edited"
    await drain(bridge_bot)
    [updated] = bot_thread(fake_slack, request)
    assert updated["ts"] == message["ts"] and "second take, with *more*" in json.dumps(updated["blocks"])
    assert "(edited)" in updated["text"]

    gone = fake_github.delete_comment(REPO, comment["id"])
    payload = fake_github.webhook_payload("issue_comment", "deleted", REPO, request.issue_number, sender="ana-gh",
                                          comment=gone)
    reply = await webhook(bridge_bot, "issue_comment", real_shape("issue_comment.deleted.json", payload))
    assert reply.json()["outcome"] == "comment_deleted"
    await drain(bridge_bot)
    [marked] = bot_thread(fake_slack, request)
    assert marked["ts"] == message["ts"] and "was deleted on GitHub" in marked["text"]
    assert "second take" not in json.dumps(marked)


async def test_a_burst_of_50_comments_arrives_in_order_with_one_dm(bridge_bot, fake_slack, fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    for n in range(50):
        await github_comment(bridge_bot, fake_github, request.issue_number, f"comment number {n}")
    await drain(bridge_bot)
    shown = [m["blocks"][1]["text"]["text"] for m in bot_thread(fake_slack, request)]
    assert shown == [f"comment number {n}" for n in range(50)]
    assert len([m for m in dms(fake_slack, REQUESTER) if "engineering commented" in m["text"]]) == 1


async def test_the_requester_is_told_again_after_a_quiet_spell(bridge_bot, fake_slack, fake_github,
                                                               clock: ManualClock):
    from datetime import timedelta

    request = await request_row(bridge_bot, await file_request(bridge_bot))
    await github_comment(bridge_bot, fake_github, request.issue_number, "one")
    clock.advance(timedelta(minutes=31))
    await github_comment(bridge_bot, fake_github, request.issue_number, "two, much later")
    await drain(bridge_bot)
    assert len([m for m in dms(fake_slack, REQUESTER) if "engineering commented" in m["text"]]) == 2


async def test_a_redelivered_webhook_or_a_repeated_comment_does_nothing(bridge_bot, fake_slack, fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    comment, first = await github_comment(bridge_bot, fake_github, request.issue_number, "only once",
                                          delivery="d-1")
    payload = fake_github.webhook_payload("issue_comment", "created", REPO, request.issue_number, sender="ana-gh",
                                          comment_id=comment["id"])
    again = await webhook(bridge_bot, "issue_comment", real_shape("issue_comment.created.json", payload), "d-1")
    other = await webhook(bridge_bot, "issue_comment", real_shape("issue_comment.created.json", payload), "d-2")
    assert (first.json()["outcome"], again.json()["outcome"], other.json()["outcome"]) == (
        "comment", "duplicate", "duplicate")
    await drain(bridge_bot)
    assert len(bot_thread(fake_slack, request)) == 1 and len(await item_rows(bridge_bot)) == 1


async def test_the_bots_own_comments_never_come_back_to_slack(bridge_bot, fake_slack, fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    mine = fake_github.add_comment(REPO, request.issue_number, "**Ana Lopez** in Slack: hi\n\n"
                                   "<!-- rfh-bridge:sl:C1:1.2 -->", user=fake_github.login)
    payload = fake_github.webhook_payload("issue_comment", "created", REPO, request.issue_number,
                                          sender=fake_github.login, comment_id=mine["id"])
    reply = await webhook(bridge_bot, "issue_comment", real_shape("issue_comment.created.json", payload))
    assert reply.json()["outcome"] == "own_comment"
    await drain(bridge_bot)
    assert bot_thread(fake_slack, request) == [] and await item_rows(bridge_bot) == []


async def test_closing_and_reopening_on_github_are_still_mirrored(bridge_bot, fake_slack, fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    fake_github.close_issue(REPO, request.issue_number, state_reason="completed", by="ana-gh")
    reply = await github_issue_event(bridge_bot, fake_github, request.issue_number, "closed", sender="ana-gh")
    assert reply.json()["outcome"] == "closed"
    await drain(bridge_bot)
    assert (await request_row(bridge_bot, request.id)).status == "resolved"
    fake_github.reopen_issue(REPO, request.issue_number, by="ana-gh")
    await github_issue_event(bridge_bot, fake_github, request.issue_number, "reopened", sender="ana-gh")
    await drain(bridge_bot)
    assert (await request_row(bridge_bot, request.id)).status == "open"
    lines = [m["text"] for m in fake_slack.thread(request.post_channel, request.post_ts)]
    assert any("closed by ana-gh" in t for t in lines) and any("reopened by ana-gh" in t for t in lines)


async def test_a_long_comment_is_cut_with_a_link_to_the_whole(bridge_bot, fake_slack, fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    comment, _ = await github_comment(bridge_bot, fake_github, request.issue_number,
                                      "```\n" + "log line\n" * 1000 + "```")
    await drain(bridge_bot)
    [message] = bot_thread(fake_slack, request)
    body = message["blocks"][1]["text"]["text"]
    assert len(body) <= 2500 and body.count("```") == 2 and comment["html_url"] in body
