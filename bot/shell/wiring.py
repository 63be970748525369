"""The composition root: every adapter, service and worker built once from the settings and the config."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.adapters.github_tracker import GitHubTracker
from bot.adapters.slack_chat import SlackChat, make_web_client
from bot.adapters.slack_usergroups import UserGroups
from bot.blocks.intake_modal import TeamChoice
from bot.core.clock import Clock, SystemClock
from bot.core.config import RfhConfig
from bot.core.metrics import Metrics
from bot.delivery.scheduler import Scheduler
from bot.delivery.steps import StepRunner
from bot.delivery.worker import DeliveryWorker
from bot.oncall.pings import OnCallPing
from bot.oncall.rotations import OnCall
from bot.queues.service import SUMMARY_JOB
from bot.queues.summaries import Summaries
from bot.services import Services
from bot.shell.settings import Settings
from bot.sla.jobs import Reminders
from routing.router import Router
from routing.vocabulary import Vocabulary
from storage import repository as repo
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
    router = Router(config.teams, Vocabulary.from_mapping(dict(config.routing)) if config.routing else None)
    async with sessions() as session:
        examples = await repo.training_examples(session)
        watermark = await repo.last_route_decision_id(session)
    router.learn_many(examples)
    log.info("router warmed with %d past requests", len(examples))
    groups = UserGroups(chat.client)
    oncall = OnCall(config, groups.members)
    ping = OnCallPing(sessions=sessions, config=config, chat=chat, oncall=oncall, clock=clock)
    runner = StepRunner(sessions=sessions, config=config, chat=chat, tracker=tracker, clock=clock, ping_oncall=ping)
    reminders = Reminders(sessions=sessions, config=config, chat=chat, oncall=oncall, clock=clock, groups=groups)
    summaries = Summaries(sessions=sessions, config=config, chat=chat)
    scheduler = Scheduler(sessions=sessions, handlers={**reminders.handlers(), SUMMARY_JOB: summaries.run},
                          clock=clock, on_start=reminders.seed,
                          poll_seconds=settings.RFH_WORKER_POLL_SECONDS)
    metrics = Metrics()
    worker = DeliveryWorker(sessions=sessions, perform=runner.perform, on_failure=runner.on_failure, clock=clock,
                            poll_seconds=settings.RFH_WORKER_POLL_SECONDS,
                            lease=timedelta(seconds=settings.RFH_STEP_LEASE_SECONDS), observe=metrics.step_done)
    choices = [TeamChoice(t.id, t.name, t.handle) for t in config.teams.teams]
    return Services(config=config, engine=engine, sessions=sessions, chat=chat, tracker=tracker,
                    router=router, clock=clock, runner=runner, worker=worker, team_choices=choices,
                    scheduler=scheduler, reminders=reminders, metrics=metrics, router_watermark=watermark)
