"""Reports in Slack over real HTTP, with the fake Slack and a manual clock: the weekly post (a summary, then the
charts uploaded with files.getUploadURLExternal, the upload URL and files.completeUploadExternal) in the
configured channels on the durable scheduler, `/rfh report [team]` sent privately, an upload retried without
posting twice, and the scheduler's own re-pings and escalations counted."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.blocks.ids import BlockId
from bot.reports.periods import complete_weeks
from bot.reports.service import load_report
from tests.scenario.harness import BotUnderTest
from tests.scenario.ownership.flows import (
    ANA,
    BEN,
    berlin,
    click,
    dms,
    ephemeral_texts,
    file_request,
    request_row,
    run_jobs,
    signed,
    submit_modal,
    wait_until,
)
from tests.signing import slash_command_body

PNG = b"\x89PNG\r\n\x1a\n"
MONDAY_9 = berlin(30, 9)  # the weekly post: Monday 30 November, 09:00 in Berlin
CHARTS = ["volume_by_team.png", "volume_by_type.png", "volume_by_priority.png", "time_to_claim.png",
          "time_to_resolve.png", "sla_attainment.png", "routing.png", "template_completeness.png", "resolutions.png"]


async def two_weeks(bot: BotUnderTest, fake_slack, clock) -> None:
    """Week 47: one p1 claimed in 20 minutes (SLA met) and resolved. Week 48: a p1 claimed after 3 hours (missed),
    a p2 of Core Application never claimed (missed by Wednesday)."""
    first = await file_request(bot, priority="ce/p1", view_id="V0W47")
    row = await request_row(bot, first)
    clock.advance(timedelta(minutes=20))
    await click(bot, fake_slack, "take_ownership", first, ANA, channel=row.post_channel, ts=row.post_ts)
    clock.advance(timedelta(hours=2))
    await click(bot, fake_slack, "resolve", first, ANA, channel=row.post_channel, ts=row.post_ts)
    await submit_modal(bot, fake_slack, ANA, {BlockId.RESOLUTION: "docs_needed", BlockId.NOTE: "see the docs"})
    clock.set(berlin(24, 10))
    late = await file_request(bot, priority="ce/p1", summary="Helm chart fails", view_id="V0W48")
    await file_request(bot, priority="ce/p2", summary="Slow gitserver", team="core-application", view_id="V0W48B")
    row = await request_row(bot, late)
    clock.advance(timedelta(hours=3))
    await click(bot, fake_slack, "take_ownership", late, BEN, channel=row.post_channel, ts=row.post_ts)


def report_messages(fake_slack, channel: str) -> list[dict]:
    return [m for m in fake_slack.messages(channel) if "Support report" in m.get("text", "")]


async def test_the_weekly_post_sums_up_and_uploads_the_charts(report_bot, fake_slack, clock):
    await two_weeks(report_bot, fake_slack, clock)
    await report_bot.services.report_posts.seed()  # as at a start on Tuesday 24: the next post is on Monday 30
    clock.set(MONDAY_9 - timedelta(minutes=1))
    assert not [o for o in await run_jobs(report_bot) if o.startswith("weekly_report")]
    clock.set(MONDAY_9)
    outcomes = [o for o in await run_jobs(report_bot) if o.startswith("weekly_report")]
    # Core Application's one request is unclaimed and unresolved: no time or resolution charts for it.
    assert sorted(outcomes) == sorted([
        "weekly_report: sent the report of all teams to #support-leads with 9 charts",
        "weekly_report: sent the report of distribution to #distribution with 9 charts",
        "weekly_report: sent the report of core-application to #core-application-support with 6 charts"])
    [summary] = report_messages(fake_slack, "#support-leads")
    assert summary["text"] == "Support report for all teams, 02 Nov – 30 Nov 2026: 3 requests, claim SLA met 33%"
    shown = json.dumps(summary["blocks"], ensure_ascii=False)
    assert ":arrow_upper_right: Time to first claim, median: 20m → 3h 00m (+800%, worse)" in shown
    assert ":x: Escalation template complete, Distribution: 0% (goal ≥ 80%, missed)" in shown
    assert "no ticket counts recorded" in shown
    files = fake_slack.files("#support-leads")
    assert [f["name"] for f in files] == CHARTS
    assert all(f["content"].startswith(PNG) and f["size"] == len(f["content"]) for f in files)
    upload = [m for m in fake_slack.messages("#support-leads") if m.get("files")]
    assert len(upload) == 1 and float(upload[0]["ts"]) > float(summary["ts"])  # the charts come after the summary
    [team_summary] = report_messages(fake_slack, "#core-application-support")
    assert team_summary["text"].startswith("Support report for Core Application, 02 Nov – 30 Nov 2026: 1 requests")
    assert len(fake_slack.files("#distribution")) == 9
    assert [o for o in await run_jobs(report_bot) if o.startswith("weekly_report")] == []  # once a week
    clock.set(berlin(7, 9, month=12))
    assert len([o for o in await run_jobs(report_bot) if o.startswith("weekly_report")]) == 3  # and the next week


async def test_rfh_report_sends_it_privately(report_bot, fake_slack, clock):
    await two_weeks(report_bot, fake_slack, clock)
    clock.set(berlin(2, 11, month=12))
    await run_jobs(report_bot)  # the SLA reminders due by now
    modals = len(fake_slack.calls_to("views.open"))
    body = slash_command_body(text="report Distribution", user_id=BEN, channel_id="C0SUPPORT",
                              trigger_id=fake_slack.new_trigger_id())
    assert (await report_bot.slack(body, signed(body))).status == 200
    assert await wait_until_text(fake_slack, BEN, "report for the last whole weeks is on its way")
    assert len(fake_slack.calls_to("views.open")) == modals  # not the intake modal
    assert await run_jobs(report_bot) == [
        "report_dm: sent the report of distribution to U0BEN with 9 charts"]
    [dm] = [m for m in dms(fake_slack, BEN) if "Support report" in m.get("text", "")]
    assert dm["text"].startswith("Support report for Distribution, 02 Nov – 30 Nov 2026: 2 requests")
    assert [f["name"] for f in fake_slack.files(BEN)] == CHARTS
    assert report_messages(fake_slack, "#support-leads") == []  # private: nothing in the channels

    body = slash_command_body(text="report nosuchteam", user_id=BEN, channel_id="C0SUPPORT")
    assert (await report_bot.slack(body, signed(body))).status == 200
    assert await wait_until_text(fake_slack, BEN, "There is no team nosuchteam. Try one of: distribution")
    assert await run_jobs(report_bot) == []


async def wait_until_text(fake_slack, user: str, text: str) -> bool:
    async def seen() -> bool:
        return any(text in t for t in ephemeral_texts(fake_slack, user))

    return bool(await wait_until(seen))


async def test_a_failed_upload_is_retried_without_posting_the_summary_twice(report_bot, fake_slack, clock):
    await two_weeks(report_bot, fake_slack, clock)
    await run_jobs(report_bot)  # the SLA reminders due by now
    await report_bot.services.report_posts.request_private(user=ANA, team=None)
    fake_slack.fail("files.completeUploadExternal", status=503, times=3)  # the client retries twice itself
    [outcome] = await run_jobs(report_bot)
    assert outcome.startswith("report_dm: retrying: Slack answered 503")
    assert len([m for m in dms(fake_slack, ANA) if "Support report" in m.get("text", "")]) == 1
    assert fake_slack.files(ANA) == []
    clock.advance(timedelta(minutes=10))
    assert await run_jobs(report_bot) == ["report_dm: sent the report of all teams to U0ANA with 9 charts"]
    assert len([m for m in dms(fake_slack, ANA) if "Support report" in m.get("text", "")]) == 1
    assert [f["name"] for f in fake_slack.files(ANA)] == CHARTS


async def test_the_schedulers_repings_and_escalations_are_counted(report_bot, fake_slack, clock):
    clock.set(berlin(24, 10))
    request_id = await file_request(report_bot, priority="ce/p1", view_id="V0LATE")
    clock.set(berlin(24, 11))
    assert "reping: re-pinged U0ANA" in await run_jobs(report_bot)
    clock.set(berlin(24, 12))
    assert any(o.startswith("escalate: escalated to") for o in await run_jobs(report_bot))
    services = report_bot.services
    report = await load_report(services.sessions, config=services.config, period=complete_weeks(MONDAY_9))
    team = report.teams["distribution"]
    assert (team.requests, team.repings, team.escalations, team.sla_missed) == (1, 1, 1, 1), request_id
