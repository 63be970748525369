"""On-call pings and SLA timers over real HTTP with a manual clock: the on-call is mentioned (and DMed for p0/p1),
an unclaimed request is re-pinged then escalated to the next on-call and the leads, business hours and weekends
count, a quiet owner is nudged and may snooze, the daily digest, user-group sync at hand-off, restarts and two
replicas sharing one database."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from bot.blocks.ids import ActionId, BlockId
from tests.scenario.harness import BotUnderTest
from tests.scenario.ownership.flows import (
    ANA,
    BEN,
    CAR,
    LEAD,
    T0,
    berlin,
    click,
    dms,
    ephemeral_texts,
    events_of,
    file_request,
    jobs_of,
    oncall_config,
    rendered,
    request_row,
    run_jobs,
    submit_modal,
    thread,
    thread_reply,
    wait_until,
)


def actions_in(message: dict) -> list[str]:
    return [e["action_id"] for b in message.get("blocks") or [] if b["type"] == "actions" for e in b["elements"]]


async def test_a_new_request_mentions_the_oncall_in_its_thread_and_dms_them_for_p1(team_bot, fake_slack):
    p1 = await file_request(team_bot, priority="ce/p1", view_id="V0P1")
    p2 = await file_request(team_bot, priority="ce/p2", view_id="V0P2")
    [ping] = thread(fake_slack, await request_row(team_bot, p1))
    assert ping["text"].startswith(":pager: <@U0ANA>, you are on call for Distribution")
    assert "within 1 hour" in ping["text"]
    [dm] = dms(fake_slack, ANA)
    assert f"RFH-{p1}" in dm["text"] and actions_in(dm) == [ActionId.TAKE_OWNERSHIP]
    [ping2] = thread(fake_slack, await request_row(team_bot, p2))
    assert "<@U0ANA>" in ping2["text"] and "within 1 business day" in ping2["text"]
    assert len(dms(fake_slack, ANA)) == 1  # p2: no DM


async def test_an_unclaimed_request_is_repinged_then_escalated_in_order(team_bot, fake_slack, clock):
    request_id = await file_request(team_bot, priority="ce/p1")
    row = await request_row(team_bot, request_id)

    clock.set(T0 + timedelta(minutes=59))
    assert await run_jobs(team_bot) == []
    clock.set(T0 + timedelta(hours=1))
    assert await run_jobs(team_bot) == ["reping: re-pinged U0ANA"]
    clock.set(T0 + timedelta(hours=2))
    assert await run_jobs(team_bot) == ["escalate: escalated to U0BEN, U0LEAD"]

    ping, reping, escalation = thread(fake_slack, row)
    assert ping["text"].startswith(":pager: <@U0ANA>")
    assert reping["text"].startswith(":alarm_clock: <@U0ANA>") and "no owner for 1 hour" in reping["text"]
    assert escalation["text"].startswith(":rotating_light:")
    assert "<@U0BEN> (next on call), <@U0LEAD> (lead of Distribution)" in escalation["text"]
    assert "no owner for 1 hour" in dms(fake_slack, ANA)[-1]["text"]
    for user in (BEN, LEAD):
        [dm] = dms(fake_slack, user)
        assert "past its SLA" in dm["text"] and actions_in(dm) == [ActionId.TAKE_OWNERSHIP]
    clock.advance(timedelta(days=7))
    assert [o for o in await run_jobs(team_bot) if "reping" in o or "escalate" in o] == []  # each fires once


async def test_business_hours_and_weekends_count_except_for_p0(team_bot, fake_slack, clock):
    clock.set(berlin(27, 16))  # Friday 16:00: a p2 has one business day, 1 h today and 7 h on Monday
    p2 = await file_request(team_bot, priority="ce/p2", view_id="V0FRI")
    clock.set(berlin(28, 3))  # Saturday 03:00: a p0 ignores business hours
    p0 = await file_request(team_bot, priority="ce/p0", view_id="V0SAT")
    due = {(j.request_id, j.kind): j.due_at for j in await jobs_of(team_bot) if j.request_id}
    assert due[(p2, "reping")] == berlin(30, 16) and due[(p2, "escalate")] == berlin(1, 16, month=12)
    assert due[(p0, "reping")] == berlin(28, 3, 15) and due[(p0, "escalate")] == berlin(28, 3, 30)
    assert len(dms(fake_slack, ANA)) == 1  # p0 is DMed at once, on a Saturday night

    clock.set(berlin(30, 16))  # Monday: the hand-off at 09:00 made Ben the on-call
    assert "reping: re-pinged U0BEN" in await run_jobs(team_bot)
    clock.set(berlin(1, 16, month=12))
    assert "escalate: escalated to U0CAR, U0LEAD" in await run_jobs(team_bot)


async def test_timers_of_a_request_claimed_in_time_do_nothing(team_bot, fake_slack, clock):
    request_id = await file_request(team_bot, priority="ce/p1")
    row = await request_row(team_bot, request_id)
    clock.advance(timedelta(minutes=20))
    await click(team_bot, fake_slack, "take_ownership", request_id, BEN, channel=row.post_channel, ts=row.post_ts)
    clock.set(T0 + timedelta(hours=3))
    outcomes = await run_jobs(team_bot)
    assert "reping: no longer unowned: nothing to do" in outcomes
    assert "escalate: no longer unowned: nothing to do" in outcomes
    assert not any(":alarm_clock:" in m["text"] or ":rotating_light:" in m["text"] for m in thread(fake_slack, row))


async def test_a_released_request_starts_its_timers_again(team_bot, fake_slack, clock):
    request_id = await file_request(team_bot, priority="ce/p1")
    row = await request_row(team_bot, request_id)
    await click(team_bot, fake_slack, "take_ownership", request_id, BEN, channel=row.post_channel, ts=row.post_ts)
    clock.set(T0 + timedelta(hours=4))
    await click(team_bot, fake_slack, "release_ownership", request_id, BEN, channel=row.post_channel,
                ts=row.post_ts)
    clock.set(T0 + timedelta(hours=5))
    assert "reping: re-pinged U0ANA" in await run_jobs(team_bot)


async def test_a_quiet_owner_is_nudged_may_snooze_and_activity_defers_the_nudge(team_bot, fake_slack, clock):
    request_id = await file_request(team_bot, priority="ce/p1")
    row = await request_row(team_bot, request_id)
    clock.set(berlin(24, 10, 10))
    await click(team_bot, fake_slack, "take_ownership", request_id, BEN, channel=row.post_channel, ts=row.post_ts)

    clock.set(berlin(25, 10, 9))  # a p1 owner may be quiet for one business day
    await run_jobs(team_bot)
    assert dms(fake_slack, BEN) == []
    clock.set(berlin(25, 10, 10))
    assert f"stale_nudge: nudged {BEN}" in await run_jobs(team_bot)
    [nudge] = dms(fake_slack, BEN)
    assert "nothing has happened on it for 1 business day" in nudge["text"]
    assert "see it through or hand it over" in nudge["text"]
    assert actions_in(nudge) == [ActionId.HAND_OVER, ActionId.SNOOZE, ActionId.RESOLVE]

    clock.set(berlin(25, 10, 30))
    await click(team_bot, fake_slack, "snooze", request_id, BEN, channel=fake_slack.channel_id(BEN), ts=nudge["ts"])
    assert ephemeral_texts(fake_slack, BEN)[-1].startswith(f"Snoozed: no reminder about RFH-{request_id} before")
    clock.set(berlin(26, 10, 29))
    await run_jobs(team_bot)
    assert len(dms(fake_slack, BEN)) == 1  # snoozed for a business day
    clock.set(berlin(26, 10, 30))
    await run_jobs(team_bot)
    assert len(dms(fake_slack, BEN)) == 2

    clock.set(berlin(26, 11))
    await thread_reply(team_bot, row.post_channel, row.post_ts, BEN, "Found it: a bad memory limit.")

    async def active():
        return (await request_row(team_bot, request_id)).last_activity_at == berlin(26, 11)

    assert await wait_until(active)
    clock.set(berlin(27, 10, 59))
    await run_jobs(team_bot)
    assert len(dms(fake_slack, BEN)) == 2  # the reply was activity
    clock.set(berlin(27, 11))
    await run_jobs(team_bot)
    assert len(dms(fake_slack, BEN)) == 3


async def test_the_daily_digest_lists_unowned_and_overdue_requests_and_is_quiet_otherwise(
        team_bot, fake_slack, clock):
    await team_bot.services.reminders.seed()
    unowned = await file_request(team_bot, priority="ce/p1", summary="Helm chart fails", view_id="V0A")
    owned = await file_request(team_bot, priority="ce/p2", summary="Slow gitserver", view_id="V0B")
    row = await request_row(team_bot, owned)
    await click(team_bot, fake_slack, "take_ownership", owned, CAR, channel=row.post_channel, ts=row.post_ts)

    clock.set(berlin(25, 9, 30))  # Wednesday morning: one unowned; the owned one is not quiet for long yet
    assert "digest: nothing unowned or overdue: no post" in await run_jobs(team_bot)  # Core Application
    digests = [m for m in fake_slack.messages("#distribution") if ":clipboard:" in m.get("text", "") + rendered(m)]
    [first] = digests
    text = rendered(first)
    assert "Distribution: 1 request needs attention" in text and "Unowned (1)" in text
    assert f"RFH-{unowned}" in text and "past its claim SLA" in text and f"RFH-{owned}" not in text
    assert fake_slack.messages("#core-application-support") == []

    clock.set(berlin(30, 9, 30))  # next Monday: three business days without activity on the owned one
    await run_jobs(team_bot)
    latest = rendered([m for m in fake_slack.messages("#distribution") if ":clipboard:" in rendered(m)][-1])
    assert "2 requests need attention" in latest and "Overdue (1)" in latest
    assert f"owned by <@{CAR}>: quiet for 3 business days" in latest


async def test_the_support_group_follows_the_oncall_at_each_hand_off(team_bot, fake_slack, clock):
    fake_slack.add_usergroup("distribution-support", "S0DIST", ["U0OLD"])
    await team_bot.services.reminders.seed()
    assert "usergroup_sync: synced @distribution-support: U0ANA" in await run_jobs(team_bot)
    assert fake_slack.usergroup_users("distribution-support") == [ANA]
    clock.set(berlin(30, 9))
    assert "usergroup_sync: synced @distribution-support: U0BEN" in await run_jobs(team_bot)
    assert fake_slack.usergroup_users("distribution-support") == [BEN]
    await team_bot.services.reminders.seed()  # a restart does not sync again, nor schedule twice
    assert await run_jobs(team_bot) == []


async def test_a_workspace_plan_that_refuses_the_sync_is_logged_clearly(team_bot, fake_slack, caplog):
    fake_slack.fail("usergroups.users.update", error="paid_teams_only", times=None)
    await team_bot.services.reminders.seed()
    with caplog.at_level(logging.ERROR, logger="bot.adapters.slack_usergroups"):
        outcomes = await run_jobs(team_bot)
    assert "usergroup_sync: not synced @distribution-support: plan refused: paid_teams_only" in outcomes
    assert any("cannot keep @distribution-support equal to the on-call" in r.message
               and "workspace's plan" in r.message for r in caplog.records)


async def test_jobs_survive_a_restart_and_two_replicas_send_each_reminder_once(
        team_bot, fake_slack, fake_github, database_url, clock):
    request_id = await file_request(team_bot, priority="ce/p1")
    row = await request_row(team_bot, request_id)
    await team_bot.stop()

    replicas = [await BotUnderTest.start(slack_url=fake_slack.url, github_url=fake_github.url,
                                         database_url=database_url, clock=clock, config=oncall_config())
                for _ in range(2)]
    try:
        clock.set(T0 + timedelta(hours=2))
        outcomes = await asyncio.gather(*(r.services.scheduler.drain() for r in replicas))
        kinds = sorted(o.kind for batch in outcomes for o in batch)
        assert kinds == ["escalate", "reping"]
    finally:
        for replica in replicas:
            await replica.stop()
    texts = [m["text"] for m in thread(fake_slack, row)]
    assert sum(t.startswith(":alarm_clock:") for t in texts) == 1
    assert sum(t.startswith(":rotating_light:") for t in texts) == 1
    team_bot.stop = _noop  # already stopped; the fixture's teardown must not stop it twice


async def _noop() -> None:
    return None


async def test_a_reroute_of_an_owned_request_releases_it_and_restarts_its_timers(team_bot, fake_slack, clock):
    request_id = await file_request(team_bot, priority="ce/p1")
    row = await request_row(team_bot, request_id)
    await click(team_bot, fake_slack, "take_ownership", request_id, BEN, channel=row.post_channel, ts=row.post_ts)
    clock.set(T0 + timedelta(hours=1))
    await click(team_bot, fake_slack, "reroute", request_id, BEN, channel=row.post_channel, ts=row.post_ts)
    await submit_modal(team_bot, fake_slack, BEN, {BlockId.NEW_TEAM: "core-application", BlockId.NOTE: "SSO"})
    assert (await request_row(team_bot, request_id)).owner_id is None

    assert await events_of(team_bot, request_id) == ["claimed", "released"]  # recorded by the re-route itself
    clock.set(berlin(25, 11, 5))
    outcomes = await run_jobs(team_bot)
    assert any(o.startswith("reping: re-pinged <!subteam^S0CORE|@core-app-support>") for o in outcomes)
    assert not any(o.startswith("stale_nudge: nudged") for o in outcomes)  # Ben is no longer reminded
