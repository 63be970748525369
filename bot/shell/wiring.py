"""The composition root: every adapter, service and worker built once from the settings and the config."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

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


async def build_services(settings: Settings, config: RfhConfig, *, clock: Clock | None = None) -> Services:
    clock = clock or SystemClock()
    engine = make_engine(settings.DATABASE_URL)
    await migrate(engine)
    sessions = session_factory(engine)
    chat = SlackChat(make_web_client(token=settings.SLACK_BOT_TOKEN, base_url=settings.slack_api_url))
    tracker = GitHubTracker(token=settings.GITHUB_TOKEN, base_url=settings.github_api_url,
                            write_spacing=settings.RFH_GITHUB_WRITE_SPACING,
                            timeout=settings.RFH_GITHUB_TIMEOUT_SECONDS)
    # Start-up does not wait for the history: the router answers from the config's keywords at once and learns
    # the stored history in the background, chunk by chunk, while the bot serves.
    feed = RouterFeed(sessions, make_router(config.teams, config.routing))
    await feed.start()
    groups = UserGroups(chat.client)
    oncall = OnCall(config, groups.members)
    ping = OnCallPing(sessions=sessions, config=config, chat=chat, oncall=oncall, clock=clock)
    slack_people = SlackPeople(chat)
    people = PeopleMap(sessions=sessions, config=config, clock=clock, tracker=tracker, slack=slack_people)

    async def learn() -> int:  # the services exist by the time a re-route runs
        return await services.refresh_router()

    ownership = Ownership(sessions=sessions, config=config, clock=clock, timers=Timers(config))
    rerouting = Rerouting(sessions=sessions, config=config, learn=learn, clock=clock, ownership=ownership)
    to_slack = ToSlack(sessions=sessions, config=config, clock=clock, chat=chat, slack=slack_people, people=people,
                       rerouting=rerouting, ownership=ownership)
    to_github = ToGitHub(sessions=sessions, config=config, chat=chat, slack=slack_people, tracker=tracker,
                         people=people, customer_facing=customer_facing_check(config, chat))
    bridge_steps: dict[str, StepFn] = {
        StepKind.BRIDGE_TO_SLACK: to_slack.mirror_comment, StepKind.GITHUB_CHANGE: to_slack.apply_change,
        StepKind.BRIDGE_TO_GITHUB: to_github.mirror_reply, StepKind.SYNC_ASSIGNEE: to_github.sync_assignee,
        StepKind.REMOVE_LABEL: to_github.remove_label,
    }
    runner = StepRunner(sessions=sessions, config=config, chat=chat, tracker=tracker, clock=clock, ping_oncall=ping,
                        extra=bridge_steps)
    reminders = Reminders(sessions=sessions, config=config, chat=chat, oncall=oncall, clock=clock, groups=groups)
    related = RelatedRequests(sessions=sessions, config=config, clock=clock, search=tracker)
    await related.start()
    review_jobs = ReviewJobs(sessions=sessions, config=config, chat=chat, tracker=tracker, clock=clock)
    summaries = Summaries(sessions=sessions, config=config, chat=chat)
    report_posts = ReportPosts(sessions=sessions, config=config, chat=chat, clock=clock)

    async def seed() -> None:
        await reminders.seed()
        await report_posts.seed()

    scheduler = Scheduler(sessions=sessions, handlers={**reminders.handlers(), **review_jobs.handlers(),
                                                       SUMMARY_JOB: summaries.run, **report_posts.handlers()},
                          clock=clock, on_start=seed, poll_seconds=settings.RFH_WORKER_POLL_SECONDS)
    metrics = Metrics()
    worker = DeliveryWorker(sessions=sessions, perform=runner.perform, on_failure=runner.on_failure, clock=clock,
                            poll_seconds=settings.RFH_WORKER_POLL_SECONDS,
                            lease=timedelta(seconds=settings.RFH_STEP_LEASE_SECONDS), observe=metrics.step_done)
    workspace = await _installed_workspace(chat)
    choices = [TeamChoice(t.id, t.name, t.handle) for t in config.teams.teams]
    services = Services(config=config, engine=engine, sessions=sessions, chat=chat, tracker=tracker,
                        router=feed.router, feed=feed, clock=clock, runner=runner, worker=worker, ownership=ownership,
                        team_choices=choices,
                        scheduler=scheduler, reminders=reminders, metrics=metrics,
                        github_events=GitHubEvents(sessions=sessions, config=config, clock=clock, people=people),
                        slack_replies=SlackReplies(sessions=sessions, config=config, clock=clock), people=people,
                        workspace=workspace, related=related,
                        addons=AddOns(sessions=sessions, config=config, clock=clock),
                        customers=CustomerProfiles(sessions=sessions, clock=clock, config=config),
                        reviews=TechReviews(sessions=sessions, config=config, clock=clock, members=groups.members),
                        review_jobs=review_jobs, report_posts=report_posts)
    services.warming = asyncio.create_task(_learn_the_history(feed, related))
    return services


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
