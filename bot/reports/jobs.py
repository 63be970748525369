"""The report in Slack: the weekly post to the configured channels, and `/rfh report` sent privately to whoever
asked, through the ``Chat`` port. Both are scheduler jobs, so a post survives restarts and is retried after a Slack
failure; each message a job sent is recorded on it, so a retry sends only what is missing (the summary, then the
charts)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.blocks.report import MoveView, ReportView, report_message
from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.ports import Chat, Upload
from bot.delivery.scheduler import JobHandler
from bot.reports.periods import complete_weeks, next_weekly_at
from bot.reports.service import load_report
from bot.reports.summary import Summary, summarise
from storage import jobs as job_repo
from storage.models import Job

ALL_TEAMS = "all"


class ReportJob(StrEnum):
    WEEKLY = "weekly_report"
    PRIVATE = "report_dm"


class ReportPosts:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, chat: Chat, clock: Clock):
        self.sessions, self.config, self.chat, self.clock = sessions, config, chat, clock

    def handlers(self) -> dict[str, JobHandler]:
        return {ReportJob.WEEKLY: self.weekly, ReportJob.PRIVATE: self.private}

    def targets(self) -> list[tuple[str, str]]:
        """(whose report, channel) of every weekly post the config asks for."""
        reports = self.config.reports
        targets = [(ALL_TEAMS, reports.channel)] if reports.channel else []
        if reports.per_team:
            targets += [(team.id, team.channel) for team in self.config.teams.teams]
        return targets

    async def seed(self) -> None:
        """At start: the next weekly post of each target (dedupe keys: safe on every replica, every start)."""
        async with self.sessions() as session, session.begin():
            for target, channel in self.targets():
                await self._schedule_weekly(session, target, channel, self.clock.now())

    async def request_private(self, *, user: str, team: str | None) -> None:
        """`/rfh report [team]`: a job that sends the report to ``user``'s DM as soon as the scheduler runs."""
        now = self.clock.now()
        async with self.sessions() as session, session.begin():
            await job_repo.schedule(session, kind=ReportJob.PRIVATE, due_at=now,
                                    key=f"{ReportJob.PRIVATE}:{user}:{now.isoformat()}",
                                    payload={"user": user, "team": team})

    async def weekly(self, job: Job) -> str:
        target, channel = str(job.payload["target"]), str(job.payload["channel"])
        async with self.sessions() as session, session.begin():
            await self._schedule_weekly(session, target, channel, self.clock.now())
        if (target, channel) not in self.targets():
            return "no longer configured: no post"
        return await self._deliver(job, channel, None if target == ALL_TEAMS else target)

    async def private(self, job: Job) -> str:
        return await self._deliver(job, str(job.payload["user"]), job.payload.get("team"))

    async def _schedule_weekly(self, session: AsyncSession, target: str, channel: str, now: datetime) -> None:
        reports = self.config.reports
        due = next_weekly_at(now, weekday=reports.weekday, at=reports.at, tz=ZoneInfo(reports.timezone))
        await job_repo.schedule(session, kind=ReportJob.WEEKLY, due_at=due,
                                key=f"{ReportJob.WEEKLY}:{target}:{due.date().isoformat()}",
                                payload={"target": target, "channel": channel})

    async def _deliver(self, job: Job, channel: str, team: str | None) -> str:
        period = complete_weeks(self.clock.now(), self.config.reports.weeks)
        report = await load_report(self.sessions, config=self.config, period=period, team=team)
        from bot.reports.charts import render_charts  # matplotlib: loaded by the first report, not at every start

        # Drawing takes about a second: off the event loop, so Slack's 3-second acks keep flowing meanwhile.
        charts = await asyncio.to_thread(render_charts, report) if report.totals.requests else []
        text, blocks = report_message(view_of(summarise(report)), with_charts=bool(charts))
        await self._once(job, "summary", lambda: self.chat.post(channel, text=text, blocks=blocks))
        if charts:
            files = [Upload(c.name, c.title, c.png, alt_text=f"Chart: {c.title}") for c in charts]
            await self._once(job, "charts", lambda: self.chat.upload(channel, files))
        return f"sent the report of {team or 'all teams'} to {channel} with {len(charts)} charts"

    async def _once(self, job: Job, key: str, send: Callable[[], Awaitable[object]]) -> None:
        """Send unless this job already recorded ``key`` as sent (a retry after a later part failed)."""
        if key in (job.payload or {}).get("sent", []):
            return
        await send()
        async with self.sessions() as session, session.begin():
            await job_repo.record_sent(session, job.id, key)
        job.payload = {**(job.payload or {}), "sent": [*(job.payload or {}).get("sent", []), key]}


def view_of(summary: Summary) -> ReportView:
    """What the Slack message shows of a summary (``bot.blocks.report`` knows nothing of reports)."""
    report, totals = summary.report, summary.report.totals
    whose = report.team_names.get(report.team, report.team) if report.team else "all teams"
    compared = (summary.compared[0].bucket.start, summary.compared[1].bucket.start) if summary.compared else None
    return ReportView(
        whose=whose, since=report.period.since, until=report.period.until, requests=totals.requests,
        claimed=totals.claimed, resolved=totals.resolved, reroutes=totals.reroutes, escalations=totals.escalations,
        sla_attainment=totals.sla_attainment, compared=compared,
        moves=[MoveView(m.metric.name, m.metric.unit, m.before, m.after, m.improved) for m in summary.moves],
        goals=list(summary.goals))
