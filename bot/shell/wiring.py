"""The composition root: every adapter, service and worker built once from the settings and the config."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.adapters.github_tracker import GitHubTracker
from bot.adapters.slack_chat import SlackChat
from bot.adapters.slack_client import make_web_client
from bot.adapters.slack_people import SlackPeople
from bot.adapters.slack_usergroups import UserGroups
from bot.blocks.intake_modal import TeamChoice
from bot.bridge.github_events import GitHubEvents
from bot.bridge.people import PeopleMap
from bot.bridge.privacy import customer_facing_check
from bot.bridge.slack_events import SlackReplies
from bot.bridge.to_github import ToGitHub
from bot.bridge.to_slack import ToSlack
from bot.core.clock import Clock, SystemClock
from bot.core.config import RfhConfig
from bot.core.domain import StepKind
from bot.core.errors import DeliveryError
from bot.core.metrics import Metrics
from bot.customers.service import CustomerProfiles
from bot.delivery.scheduler import Scheduler
from bot.delivery.steps import StepFn, StepRunner
from bot.delivery.worker import DeliveryWorker
from bot.learning.router_source import RouterFeed, make_router
from bot.oncall.rotations import OnCall
from bot.ownership.reroute import Rerouting
from bot.ownership.service import Ownership
from bot.queues.service import SUMMARY_JOB
from bot.queues.summaries import Summaries
from bot.related.addons import AddOns
from bot.related.service import RelatedRequests
from bot.reports.jobs import ReportPosts
from bot.review.jobs import ReviewJobs
from bot.review.service import TechReviews
from bot.security.workspace import Workspace
from bot.services import Services
from bot.shell.settings import Settings
from bot.sla.jobs import Reminders
from bot.sla.oncall_ping import OnCallPing
from bot.sla.timers import Timers
from storage.db import make_engine, migrate, session_factory

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Base:
    """What every service is built from."""

    config: RfhConfig
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    chat: SlackChat
    tracker: GitHubTracker


async def build_services(settings: Settings, config: RfhConfig, *, clock: Clock | None = None) -> Services:
    engine = make_engine(settings.DATABASE_URL)
    await migrate(engine)
    chat = SlackChat(make_web_client(token=settings.SLACK_BOT_TOKEN, base_url=settings.slack_api_url))
    tracker = GitHubTracker(token=settings.GITHUB_TOKEN, base_url=settings.github_api_url,
                            write_spacing=settings.RFH_GITHUB_WRITE_SPACING,
                            timeout=settings.RFH_GITHUB_TIMEOUT_SECONDS)
    base = _Base(config, session_factory(engine), clock or SystemClock(), chat, tracker)
    # Start-up does not wait for the history: the router answers from the config's keywords at once and learns
    # the stored history in the background, chunk by chunk, while the bot serves.
    feed = RouterFeed(base.sessions, make_router(config.teams, config.routing))
    await feed.start()
    groups = UserGroups(chat.client)
    slack, oncall = SlackPeople(chat), OnCall(config, groups.members)
    people = PeopleMap(sessions=base.sessions, config=config, clock=base.clock, tracker=tracker, slack=slack)

    async def learn() -> int:  # the services exist by the time a re-route runs
        return await services.refresh_router()

    ownership = Ownership(sessions=base.sessions, config=config, clock=base.clock, timers=Timers(config))
    rerouting = Rerouting(sessions=base.sessions, config=config, learn=learn, clock=base.clock, ownership=ownership)
    runner = StepRunner(sessions=base.sessions, config=config, chat=chat, tracker=tracker, clock=base.clock,
                        ping_oncall=OnCallPing(sessions=base.sessions, config=config, chat=chat,
                                               oncall=oncall, clock=base.clock),
                        extra=_bridge_steps(base, slack, people, rerouting, ownership))
    related = RelatedRequests(sessions=base.sessions, config=config, clock=base.clock, search=tracker)
    await related.start()
    services = await _assemble(base, settings, engine=engine, feed=feed, runner=runner, ownership=ownership,
                               groups=groups, oncall=oncall, people=people, related=related)
    services.warming = asyncio.create_task(_learn_the_history(feed, related))
    return services


def _bridge_steps(b: _Base, slack: SlackPeople, people: PeopleMap, rerouting: Rerouting,
                  ownership: Ownership) -> dict[str, StepFn]:
    """The durable steps of the Slack ↔ GitHub bridge, beside the filing steps the runner knows itself."""
    to_slack = ToSlack(sessions=b.sessions, config=b.config, clock=b.clock, chat=b.chat, slack=slack, people=people,
                       rerouting=rerouting, ownership=ownership)
    to_github = ToGitHub(sessions=b.sessions, config=b.config, chat=b.chat, slack=slack, tracker=b.tracker,
                         people=people, customer_facing=customer_facing_check(b.config, b.chat))
    return {
        StepKind.BRIDGE_TO_SLACK: to_slack.mirror_comment, StepKind.GITHUB_CHANGE: to_slack.apply_change,
        StepKind.BRIDGE_TO_GITHUB: to_github.mirror_reply, StepKind.SYNC_ASSIGNEE: to_github.sync_assignee,
        StepKind.REMOVE_LABEL: to_github.remove_label,
    }


async def _assemble(b: _Base, settings: Settings, *, engine: AsyncEngine, feed: RouterFeed, runner: StepRunner,
                    ownership: Ownership, groups: UserGroups, oncall: OnCall, people: PeopleMap,
                    related: RelatedRequests) -> Services:
    """The scheduled jobs, the delivery worker and the container the listeners share."""
    reminders = Reminders(sessions=b.sessions, config=b.config, chat=b.chat, clock=b.clock, groups=groups,
                          oncall=oncall)
    review_jobs = ReviewJobs(sessions=b.sessions, config=b.config, chat=b.chat, tracker=b.tracker, clock=b.clock)
    report_posts = ReportPosts(sessions=b.sessions, config=b.config, chat=b.chat, clock=b.clock)
    metrics = Metrics()
    return Services(
        config=b.config, engine=engine, sessions=b.sessions, chat=b.chat, tracker=b.tracker, router=feed.router,
        feed=feed, clock=b.clock, runner=runner, ownership=ownership, metrics=metrics, people=people,
        team_choices=[TeamChoice(t.id, t.name, t.handle) for t in b.config.teams.teams],
        scheduler=_scheduler(b, settings, reminders, review_jobs, report_posts), reminders=reminders,
        worker=DeliveryWorker(sessions=b.sessions, perform=runner.perform, on_failure=runner.on_failure,
                              clock=b.clock, poll_seconds=settings.RFH_WORKER_POLL_SECONDS,
                              lease=timedelta(seconds=settings.RFH_STEP_LEASE_SECONDS), observe=metrics.step_done),
        github_events=GitHubEvents(sessions=b.sessions, config=b.config, clock=b.clock, people=people),
        slack_replies=SlackReplies(sessions=b.sessions, config=b.config, clock=b.clock),
        workspace=await _installed_workspace(b.chat), related=related,
        addons=AddOns(sessions=b.sessions, config=b.config, clock=b.clock),
        customers=CustomerProfiles(sessions=b.sessions, clock=b.clock, config=b.config),
        reviews=TechReviews(sessions=b.sessions, config=b.config, clock=b.clock, members=groups.members),
        review_jobs=review_jobs, report_posts=report_posts)


def _scheduler(b: _Base, settings: Settings, reminders: Reminders, review_jobs: ReviewJobs,
               report_posts: ReportPosts) -> Scheduler:
    async def seed() -> None:
        await reminders.seed()
        await report_posts.seed()

    summaries = Summaries(sessions=b.sessions, config=b.config, chat=b.chat)
    return Scheduler(sessions=b.sessions, handlers={**reminders.handlers(), **review_jobs.handlers(),
                                                    SUMMARY_JOB: summaries.run, **report_posts.handlers()},
                     clock=b.clock, on_start=seed, poll_seconds=settings.RFH_WORKER_POLL_SECONDS)


async def _learn_the_history(feed: RouterFeed, related: RelatedRequests) -> int:
    """Start-up does not wait for the history: the router (then the related-requests index) learns what is stored
    while the bot serves. Returns how many past requests the router learned."""
    learned = await feed.load()
    log.info("related-requests index warmed with %d past requests", await related.warm())
    return learned


async def _installed_workspace(chat: SlackChat) -> Workspace | None:
    """The workspace the token belongs to. If Slack cannot say now, the app falls back to Bolt's own auth.test on
    the first request, so requests are still pinned."""
    try:
        return Workspace.from_auth_test(await chat.identity())
    except DeliveryError as exc:
        log.warning("auth.test failed at start (%s); pinning the workspace on the first request", exc)
        return None
