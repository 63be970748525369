"""Ownership over real HTTP (seed 004): claim, hand over with a note, informal take-over from a thread reply,
confirm/decline, release, resolve (GitHub issue commented and closed, requester told), reopen, and who may do what."""

from __future__ import annotations

from datetime import timedelta

from bot.blocks.ids import BlockId
from tests.scenario.ownership.flows import (
    ANA,
    BEN,
    CAR,
    DAN,
    LEAD,
    REQUESTER,
    STRANGER,
    click,
    dms,
    ephemeral_texts,
    events_of,
    file_request,
    jobs_of,
    rendered,
    request_row,
    run_jobs,
    submit_modal,
    thread,
    thread_reply,
    wait_until,
)

REPO = "sourcegraph/customer"


async def post_of(bot, request_id):
    row = await request_row(bot, request_id)
    return row.post_channel, row.post_ts


async def test_claim_updates_the_post_and_the_requester_at_once(team_bot, fake_slack, clock):
    request_id = await file_request(team_bot)
    channel, ts = await post_of(team_bot, request_id)
    await click(team_bot, fake_slack, "take_ownership", request_id, BEN, channel=channel, ts=ts)

    assert "You own RFH-" in ephemeral_texts(fake_slack, BEN)[-1]
    post = fake_slack.message(channel, ts)
    assert "Owned by <@U0BEN>" in rendered(post) and "Release" in rendered(post)
    row = await request_row(team_bot, request_id)
    assert (row.owner_id, row.owner_informal) == (BEN, False)
    assert await events_of(team_bot, request_id) == ["claimed"]
    confirmation = fake_slack.message(row.confirm_channel, row.confirm_ts)
    assert "Owned by <@U0BEN>" in rendered(confirmation)
    assert any("<@U0BEN> took ownership" in m["text"] for m in dms(fake_slack, REQUESTER))
    assert any("<@U0BEN> took ownership" in m["text"] for m in thread(fake_slack, row))


async def test_hand_over_needs_a_note_tells_the_new_owner_and_stops_the_old_owners_reminders(
        team_bot, fake_slack, clock):
    request_id = await file_request(team_bot)
    channel, ts = await post_of(team_bot, request_id)
    await click(team_bot, fake_slack, "take_ownership", request_id, BEN, channel=channel, ts=ts)

    await click(team_bot, fake_slack, "hand_over", request_id, BEN, channel=channel, ts=ts)
    answer = await submit_modal(team_bot, fake_slack, BEN, {BlockId.NEW_OWNER: CAR, BlockId.NOTE: None})
    assert answer["response_action"] == "errors" and "Add a note" in answer["errors"][BlockId.NOTE]

    clock.advance(timedelta(minutes=30))
    await click(team_bot, fake_slack, "hand_over", request_id, BEN, channel=channel, ts=ts)
    note = "Logs show OOMKilled on gitserver; next: check their memory limits."
    assert await submit_modal(team_bot, fake_slack, BEN, {BlockId.NEW_OWNER: CAR, BlockId.NOTE: note}) is None

    row = await request_row(team_bot, request_id)
    assert row.owner_id == CAR and await events_of(team_bot, request_id) == ["claimed", "handed_over"]
    [handed] = dms(fake_slack, CAR)
    assert "<@U0BEN> handed you RFH-" in handed["text"] and note in handed["text"]
    assert "Requester: <@U0REQ>" in handed["text"] and "/issues/1" in handed["text"]
    assert "Owned by <@U0CAR>" in rendered(fake_slack.message(channel, ts))

    clock.advance(timedelta(days=3))
    outcomes = await run_jobs(team_bot)
    assert any("owner changed" in o or "superseded" in o for o in outcomes)
    assert not any("hourglass" in m["text"] for m in dms(fake_slack, BEN))
    assert any(":hourglass:" in m["text"] for m in dms(fake_slack, CAR))


async def test_a_thread_reply_while_unowned_is_an_informal_take_over_confirmed_by_button(
        team_bot, fake_slack, clock):
    request_id = await file_request(team_bot)
    row = await request_row(team_bot, request_id)
    channel, ts = row.post_channel, row.post_ts

    await thread_reply(team_bot, channel, ts, REQUESTER, "Any news?")  # the requester never takes it over
    await thread_reply(team_bot, channel, ts, DAN, "Looking at the logs now")

    async def informal():
        return (await request_row(team_bot, request_id)).owner_informal

    assert await wait_until(informal)
    await team_bot.deliver()
    prompt = next(m for m in thread(fake_slack, row) if "confirm_informal" in rendered(m))
    assert "<@U0DAN> replied while nobody owned" in prompt["text"]
    assert "Informally owned by <@U0DAN>" in rendered(fake_slack.message(channel, ts))

    await click(team_bot, fake_slack, "confirm_informal", request_id, CAR, channel=channel, ts=prompt["ts"])
    assert "Only <@U0DAN> can confirm or decline" in ephemeral_texts(fake_slack, CAR)[-1]
    await click(team_bot, fake_slack, "confirm_informal", request_id, DAN, channel=channel, ts=prompt["ts"])
    row = await request_row(team_bot, request_id)
    assert (row.owner_id, row.owner_informal) == (DAN, False)
    assert await events_of(team_bot, request_id) == ["informal", "confirmed"]
    assert "confirm_informal" not in rendered(fake_slack.message(channel, prompt["ts"]))


async def test_declining_an_informal_take_over_puts_it_back_in_the_queue(team_bot, fake_slack, clock):
    request_id = await file_request(team_bot)
    row = await request_row(team_bot, request_id)
    await thread_reply(team_bot, row.post_channel, row.post_ts, DAN, "I can have a quick look")

    async def prompted():
        await team_bot.deliver()
        return [m for m in thread(fake_slack, row) if "decline_informal" in rendered(m)]

    [prompt] = await wait_until(prompted)
    clock.advance(timedelta(minutes=5))
    await click(team_bot, fake_slack, "decline_informal", request_id, DAN, channel=row.post_channel,
                ts=prompt["ts"])
    row = await request_row(team_bot, request_id)
    assert row.owner_id is None and await events_of(team_bot, request_id) == ["informal", "declined"]
    await thread_reply(team_bot, row.post_channel, row.post_ts, DAN, "one more thought")
    assert (await request_row(team_bot, request_id)).owner_id is None  # declined once: replies don't take it
    round_jobs = [j for j in await jobs_of(team_bot, request_id) if j.payload.get("round") not in (0, None)]
    assert {j.kind for j in round_jobs} >= {"reping", "escalate"}


async def test_bot_messages_and_edits_in_the_thread_are_not_a_take_over(team_bot, fake_slack):
    request_id = await file_request(team_bot)
    row = await request_row(team_bot, request_id)
    await thread_reply(team_bot, row.post_channel, row.post_ts, "UBOT", "beep", bot_id="BBOT")
    await thread_reply(team_bot, row.post_channel, row.post_ts, DAN, "edited", subtype="message_changed")
    await thread_reply(team_bot, row.post_channel, row.post_ts, REQUESTER, "bump")
    await team_bot.deliver()
    assert (await request_row(team_bot, request_id)).owner_id is None
    assert await events_of(team_bot, request_id) == []


async def test_resolve_comments_closes_the_issue_and_reminds_the_requester_to_close_the_loop(
        team_bot, fake_slack, fake_github, clock):
    request_id = await file_request(team_bot)
    channel, ts = await post_of(team_bot, request_id)
    await click(team_bot, fake_slack, "take_ownership", request_id, BEN, channel=channel, ts=ts)
    clock.advance(timedelta(hours=2))
    await click(team_bot, fake_slack, "resolve", request_id, BEN, channel=channel, ts=ts)
    assert await submit_modal(team_bot, fake_slack, BEN, {BlockId.RESOLUTION: "fixed",
                                                         BlockId.NOTE: "Raised the memory limit to 4Gi."}) is None

    [issue] = fake_github.issues(REPO)
    assert issue["state"] == "closed" and issue["state_reason"] == "completed"
    comments = fake_github.comments(REPO, issue["number"])
    assert "Fixed" in comments[-1]["body"] and "Raised the memory limit to 4Gi." in comments[-1]["body"]
    post = rendered(fake_slack.message(channel, ts))
    assert "Resolved" in post and "reopen" in post and "take_ownership" not in post
    told = dms(fake_slack, REQUESTER)[-1]["text"]
    assert "is resolved (Fixed)" in told and "close the loop with the customer" in told

    await click(team_bot, fake_slack, "reopen", request_id, REQUESTER, channel=channel, ts=ts)
    assert fake_github.issues(REPO)[0]["state"] == "open"
    assert (await request_row(team_bot, request_id)).owner_id == BEN  # the owner stays and decides
    assert await events_of(team_bot, request_id) == ["claimed", "resolved", "reopened"]


async def test_resolution_kinds_decide_whether_and_how_the_issue_closes(team_bot, fake_slack, fake_github):
    for n, (kind, state, reason) in enumerate([("defect_filed", "open", None),
                                               ("moved_to_public", "closed", "not_planned")]):
        request_id = await file_request(team_bot, view_id=f"V0KIND{n}")
        channel, ts = await post_of(team_bot, request_id)
        await click(team_bot, fake_slack, "resolve", request_id, ANA, channel=channel, ts=ts)
        await submit_modal(team_bot, fake_slack, ANA, {BlockId.RESOLUTION: kind, BlockId.NOTE: "see the issue"})
        issue = next(i for i in fake_github.issues(REPO) if f"RFH-{request_id}" in i["body"])
        assert (issue["state"], issue.get("state_reason")) == (state, reason)


async def test_who_may_do_what_is_explained_to_those_who_may_not(team_bot, fake_slack):
    request_id = await file_request(team_bot)
    channel, ts = await post_of(team_bot, request_id)
    await click(team_bot, fake_slack, "take_ownership", request_id, BEN, channel=channel, ts=ts)
    opened = len(fake_slack.calls_to("views.open"))

    await click(team_bot, fake_slack, "take_ownership", request_id, CAR, channel=channel, ts=ts)
    assert ephemeral_texts(fake_slack, CAR)[-1] == "<@U0BEN> already owns this; ask them to hand it over."
    await click(team_bot, fake_slack, "hand_over", request_id, STRANGER, channel=channel, ts=ts)
    assert ephemeral_texts(fake_slack, STRANGER)[-1] == (
        "Only the owner (<@U0BEN>), the requester, members of Distribution or its leads can hand this over.")
    await click(team_bot, fake_slack, "resolve", request_id, STRANGER, channel=channel, ts=ts)
    assert "can resolve this" in ephemeral_texts(fake_slack, STRANGER)[-1]
    assert len(fake_slack.calls_to("views.open")) == opened  # no modal for someone who may not
    await click(team_bot, fake_slack, "release_ownership", request_id, CAR, channel=channel, ts=ts)
    assert "Only the owner (<@U0BEN>) or the leads of Distribution" in ephemeral_texts(fake_slack, CAR)[-1]
    await click(team_bot, fake_slack, "snooze", request_id, CAR, channel=channel, ts=ts)
    assert "Only <@U0BEN> can snooze" in ephemeral_texts(fake_slack, CAR)[-1]

    await click(team_bot, fake_slack, "take_ownership", request_id, LEAD, channel=channel, ts=ts)
    assert (await request_row(team_bot, request_id)).owner_id == LEAD  # a lead may take it over
    await click(team_bot, fake_slack, "release_ownership", request_id, LEAD, channel=channel, ts=ts)
    assert (await request_row(team_bot, request_id)).owner_id is None
    assert await events_of(team_bot, request_id) == ["claimed", "claimed", "released"]
