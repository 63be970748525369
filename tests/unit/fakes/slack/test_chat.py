"""chat.* with conversations.history/replies: posts, threads, updates, permalinks, reactions, ephemerals, DMs;
where the bot may post."""

from __future__ import annotations

from fakes.slack import FakeSlack
from tests.unit.fakes.clients import slack_client, slack_error


async def test_post_update_threads_and_history(fake_slack: FakeSlack) -> None:
    client = slack_client(fake_slack)
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*RFH*"}}]
    metadata = {"event_type": "rfh_posted", "event_payload": {"key": "rfh-1"}}
    first = await client.chat_postMessage(channel="#distribution", text="RFH", blocks=blocks, metadata=metadata)
    assert first["channel"].startswith("C") and first["message"]["bot_id"] == "BBOT"
    second = await client.chat_postMessage(channel="distribution", text="again")
    assert second["channel"] == first["channel"] == fake_slack.channel_id("#distribution")
    assert float(second["ts"]) > float(first["ts"])
    reply = await client.chat_postMessage(channel=first["channel"], text="in thread", thread_ts=first["ts"])
    assert reply["message"]["thread_ts"] == first["ts"]

    user_ts = fake_slack.add_message(first["channel"], "a user reply", user="U222", thread_ts=first["ts"])
    replies = (await client.conversations_replies(channel=first["channel"], ts=first["ts"]))["messages"]
    assert [m["text"] for m in replies] == ["RFH", "in thread", "a user reply"]
    assert replies[0]["reply_count"] == 2 and replies[-1]["ts"] == user_ts

    history = await client.conversations_history(channel=first["channel"], limit=1)
    assert [m["text"] for m in history["messages"]] == ["again"] and history["has_more"]
    page2 = await client.conversations_history(channel=first["channel"], limit=1,
                                               cursor=history["response_metadata"]["next_cursor"])
    assert page2["messages"][0]["ts"] == first["ts"] and "metadata" not in page2["messages"][0]
    with_meta = await client.conversations_history(channel=first["channel"], include_all_metadata=True)
    assert with_meta["messages"][-1]["metadata"] == metadata

    updated = await client.chat_update(channel=first["channel"], ts=first["ts"], text="RFH (taken)", blocks=blocks)
    assert updated["ts"] == first["ts"] and fake_slack.message("#distribution", first["ts"])["text"] == "RFH (taken)"
    assert (await slack_error(client.chat_update(channel=first["channel"], ts="1.000001", text="x"))).response[
        "error"] == "message_not_found"
    assert (await slack_error(client.chat_update(channel=first["channel"], ts=user_ts, text="x"))).response[
        "error"] == "cant_update_message"

    link = await client.chat_getPermalink(channel=first["channel"], message_ts=reply["ts"])
    assert f"/archives/{first['channel']}/p" in link["permalink"] and "thread_ts=" in link["permalink"]
    await client.reactions_add(channel=first["channel"], name="eyes", timestamp=first["ts"])
    assert (await slack_error(client.reactions_add(channel=first["channel"], name="eyes", timestamp=first["ts"])))\
        .response["error"] == "already_reacted"
    ephemeral = await client.chat_postEphemeral(channel=first["channel"], user="U111", text="only you")
    assert fake_slack.ephemerals(user="U111")[0]["message_ts"] == ephemeral["message_ts"]
    await client.chat_delete(channel=second["channel"], ts=second["ts"])
    assert [m["text"] for m in fake_slack.messages("#distribution")] == ["RFH (taken)", "in thread", "a user reply"]

    dm = await client.chat_postMessage(channel="U111", text="your request")
    opened = await client.conversations_open(users="U111")
    assert dm["channel"].startswith("D") and opened["channel"]["id"] == dm["channel"]

    no_text = await slack_error(client.api_call("chat.postMessage", json={"channel": "#distribution"}))
    assert no_text.response["error"] == "no_text"
    missing = await slack_error(client.api_call("chat.postMessage", json={"text": "no channel"}))
    assert missing.response["error"] == "invalid_arguments"
    assert missing.response["response_metadata"]["messages"] == ["[ERROR] missing required field: channel"]
    too_many = await slack_error(client.chat_postMessage(channel="#distribution", text="x", blocks=blocks * 51))
    assert too_many.response["error"] == "invalid_blocks"


async def test_the_bot_posts_only_where_it_is_a_member(fake_slack: FakeSlack) -> None:
    client = slack_client(fake_slack)
    fake_slack.add_channel("eng", is_member=False)
    fake_slack.add_channel("secret-eng", is_private=True, is_member=False)
    assert (await slack_error(client.chat_postMessage(channel="#eng", text="x"))).response["error"] == \
        "not_in_channel"
    assert (await slack_error(client.chat_postMessage(channel="#secret-eng", text="x"))).response["error"] == \
        "channel_not_found"
    assert (await client.chat_postMessage(channel="U0ANA", text="a DM needs no membership"))["ok"]
