"""Slack → GitHub over signed events: a reply in the team thread becomes an attributed, escaped comment on the private
issue; edits and deletions follow; (internal) replies, the bot's own messages, the customer's origin thread and
Slack Connect channels never reach GitHub; GitHub being down delays a comment, never doubles it."""

from __future__ import annotations

from datetime import timedelta

from bot.core.clock import ManualClock
from bot.core.text import ZWSP
from tests.scenario.bridge.conftest import start_bot
from tests.scenario.bridge.flows import (
    REPO,
    deleted,
    drain,
    edited,
    github_comment,
    real_shape,
    slack_event,
    slack_reply,
    steps_of,
    until_looked_at,
    webhook,
)
from tests.scenario.ownership.flows import ANA, BEN, REQUESTER, file_request, request_row
from tests.signing import message_event


def comments(fake_github, number: int) -> list[str]:
    return [c["body"] for c in fake_github.comments(REPO, number)]


async def test_a_reply_becomes_an_attributed_escaped_comment_on_the_private_issue(bridge_bot, fake_slack,
                                                                                   fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    files = [{"id": "F1", "name": "heap.png", "permalink": "https://test.slack.com/files/U0ANA/F1/heap.png"}]
    ts, _ = await slack_reply(bridge_bot, fake_slack, request, BEN,
                              "*Heads up* <@U0ANA>: this fixes #12, ping @octocat <!here> <https://x.example|docs>",
                              subtype="file_share", files=files)
    await until_looked_at(bridge_bot, "created")
    await drain(bridge_bot)

    [body] = comments(fake_github, request.issue_number)
    assert body.startswith("**Ben Okafor** in [Slack](https://test.slack.com/archives/")
    assert f"p{ts.replace('.', '')}" in body  # the link goes to the Slack message
    assert "**Heads up** Ana Lopez" in body and "[docs](https://x.example)" in body
    assert f"@{ZWSP}octocat" in body and f"fixes{ZWSP} #12" in body and f"@{ZWSP}here" in body
    assert "[heap.png](https://test.slack.com/files/U0ANA/F1/heap.png)" in body
    assert "<!-- rfh-bridge:sl:" in body  # the bot knows its own comment when the webhook comes back

    # ... and the webhook of that comment does not come back into Slack (no echo loop)
    comment = fake_github.comments(REPO, request.issue_number)[0]
    payload = fake_github.webhook_payload("issue_comment", "created", REPO, request.issue_number,
                                          sender=fake_github.login, comment_id=comment["id"])
    reply = await webhook(bridge_bot, "issue_comment", real_shape("issue_comment.created.json", payload))
    assert reply.json()["outcome"] == "own_comment"


async def test_edits_and_deletions_follow(bridge_bot, fake_slack, fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    ts, _ = await slack_reply(bridge_bot, fake_slack, request, ANA, "The limit is 2Gi")
    await until_looked_at(bridge_bot, "created")
    await drain(bridge_bot)
    await slack_event(bridge_bot, edited(request.post_channel, request.post_ts, ts, ANA, "The limit is 4Gi"))
    await until_looked_at(bridge_bot, "edited")
    await drain(bridge_bot)
    [body] = comments(fake_github, request.issue_number)
    assert "The limit is 4Gi" in body and "2Gi" not in body
    assert len(fake_github.calls_matching("POST", r"/comments$")) == 1

    await slack_event(bridge_bot, deleted(request.post_channel, request.post_ts, ts, ANA))
    await until_looked_at(bridge_bot, "deleted")
    await drain(bridge_bot)
    assert comments(fake_github, request.issue_number) == []


async def test_internal_replies_stay_in_slack_until_the_marker_is_removed(bridge_bot, fake_slack, fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    ts, _ = await slack_reply(bridge_bot, fake_slack, request, ANA, "(internal) the customer is on 3.x, not 5.1")
    await until_looked_at(bridge_bot, "internal")
    await drain(bridge_bot)
    assert comments(fake_github, request.issue_number) == []
    await slack_event(bridge_bot, edited(request.post_channel, request.post_ts, ts, ANA, "They are on 5.1"))
    await until_looked_at(bridge_bot, "edited")
    await drain(bridge_bot)
    assert len(comments(fake_github, request.issue_number)) == 1
    await slack_event(bridge_bot, edited(request.post_channel, request.post_ts, ts, ANA, "(INTERNAL) never mind"))
    await until_looked_at(bridge_bot, "internal", before=1)
    await drain(bridge_bot)
    assert comments(fake_github, request.issue_number) == []


async def test_bot_messages_are_never_echoed_to_github(bridge_bot, fake_slack, fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    await github_comment(bridge_bot, fake_github, request.issue_number, "from GitHub")
    await drain(bridge_bot)
    [mirror] = [m for m in fake_slack.thread(request.post_channel, request.post_ts)
                if (m.get("metadata") or {}).get("event_type") == "rfh_bridge"]
    # Slack delivers the bot's own post as a message event too: it must not become a comment
    event = message_event(mirror["text"], user="UBOT", channel=request.post_channel, thread_ts=request.post_ts,
                          ts=mirror["ts"], bot_id="BBOT", metadata=mirror["metadata"])
    await slack_event(bridge_bot, event)  # (Bolt drops the bot's own events before any listener, too)
    other_app = message_event("CI: build 42 passed", user="U0CIBOT", channel=request.post_channel,
                              thread_ts=request.post_ts, bot_id="B0CI", subtype="bot_message")
    await slack_event(bridge_bot, other_app)
    await until_looked_at(bridge_bot, "own")
    await drain(bridge_bot)
    assert [b for b in comments(fake_github, request.issue_number) if "rfh-bridge:sl:" in b] == []


async def test_the_customers_origin_thread_is_never_bridged(bridge_bot, fake_slack, fake_github):
    customer = fake_slack.add_channel("acme-support", is_ext_shared=True)
    origin_ts = fake_slack.add_message(customer, "Our pods crash-loop!", user="U0CUSTOMER")
    request_id = await file_request(bridge_bot)
    from sqlalchemy import update

    from storage.models import Request

    async with bridge_bot.services.sessions() as session, session.begin():  # as if filed with the shortcut
        await session.execute(update(Request).where(Request.id == request_id)
                              .values(origin_channel=customer, origin_thread_ts=origin_ts))
    request = await request_row(bridge_bot, request_id)
    event = message_event("Thanks, any news?", user="U0CUSTOMER", channel=customer, thread_ts=origin_ts)
    await slack_event(bridge_bot, event)
    await until_looked_at(bridge_bot, "not_a_team_thread")
    await drain(bridge_bot)
    assert comments(fake_github, request.issue_number) == []


async def test_a_team_thread_in_a_slack_connect_channel_is_never_bridged(fake_slack, fake_github, database_url,
                                                                         clock, monkeypatch):
    monkeypatch.setattr("bot.adapters.slack_chat.POST_SPACING_SECONDS", 0.0)
    fake_slack.add_channel("distribution", is_ext_shared=True)  # someone shared the team channel with a customer
    bot = await start_bot(fake_slack, fake_github, database_url, clock)
    try:
        request = await request_row(bot, await file_request(bot))
        await slack_reply(bot, fake_slack, request, ANA, "internal analysis: customer misconfigured memory")
        await until_looked_at(bot, "created")
        [step] = await drain_and_result(bot)
        assert step == {"skipped": "the channel is customer-facing"}
        assert comments(fake_github, request.issue_number) == []
    finally:
        await bot.stop()


async def drain_and_result(bot) -> list[dict]:
    await drain(bot)
    return [s.result for s in await steps_of(bot, "bridge_to_github")]


async def test_never_to_a_public_repository(fake_slack, fake_github, database_url, clock, monkeypatch):
    monkeypatch.setattr("bot.adapters.slack_chat.POST_SPACING_SECONDS", 0.0)
    bot = await start_bot(fake_slack, fake_github, database_url, clock, private=False)  # misconfigured tracker
    try:
        request = await request_row(bot, await file_request(bot))
        await slack_reply(bot, fake_slack, request, ANA, "a reply")
        await until_looked_at(bot, "created")
        assert await drain_and_result(bot) == [{"skipped": "sourcegraph/customer is not a private repository"}]
        assert comments(fake_github, request.issue_number) == []
    finally:
        await bot.stop()


async def test_github_down_while_bridging_delivers_once_it_is_back(bridge_bot, fake_slack, fake_github,
                                                                  clock: ManualClock):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    fake_github.fail("POST", r"/issues/\d+/comments$", status=502, times=2, after_effect=True)
    await slack_reply(bridge_bot, fake_slack, request, ANA, "first")
    await until_looked_at(bridge_bot, "created")  # taken in before the next reply arrives, as Slack sends them
    await slack_reply(bridge_bot, fake_slack, request, BEN, "second")
    await until_looked_at(bridge_bot, "created", before=1)
    await drain(bridge_bot)  # 502 after GitHub created it: the step is uncertain and waits
    for _ in range(4):
        clock.advance(timedelta(minutes=5))
        await drain(bridge_bot)
    bodies = comments(fake_github, request.issue_number)
    assert [b.split(":\n\n")[1].split("\n")[0] for b in bodies] == ["first", "second"]  # once each, in order


async def test_a_redelivered_slack_event_does_nothing_twice(bridge_bot, fake_slack, fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    ts = fake_slack.add_message(request.post_channel, "once", user=ANA, thread_ts=request.post_ts)
    event = message_event("once", user=ANA, channel=request.post_channel, thread_ts=request.post_ts, ts=ts)
    event_id = await slack_event(bridge_bot, event)
    await until_looked_at(bridge_bot, "created")
    await slack_event(bridge_bot, event, event_id)  # Slack's retry
    await until_looked_at(bridge_bot, "repeated_delivery")
    event["client_msg_id"] = "another-id"
    await slack_event(bridge_bot, event)  # a different delivery of the same message
    await until_looked_at(bridge_bot, "duplicate")
    await drain(bridge_bot)
    assert len(comments(fake_github, request.issue_number)) == 1


async def test_the_requester_gets_no_github_comment_from_the_origin_and_replies_by_the_requester_bridge(
        bridge_bot, fake_slack, fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    await slack_reply(bridge_bot, fake_slack, request, REQUESTER, "Customer confirms 5.1.2")
    await until_looked_at(bridge_bot, "created")
    await drain(bridge_bot)
    [body] = comments(fake_github, request.issue_number)
    assert body.startswith("**Rita Requester** in [Slack]")
