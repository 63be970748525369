"""The composition root's product: every dependency the handlers and the worker use, built once at start."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.adapters.github_tracker import GitHubTracker
from bot.adapters.slack_chat import SlackChat, make_web_client
from bot.blocks.intake_modal import RoutingHint, TeamChoice
from bot.clock import Clock, SystemClock
from bot.config import RfhConfig
from bot.delivery import DeliveryWorker
from bot.intake import Suggested
from bot.metrics import Metrics
from bot.pings import OnCallPing
from bot.reminders import Reminders
from bot.rotations import OnCall
from bot.scheduler import Scheduler
from bot.settings import Settings
from bot.steps import StepRunner
from bot.usergroups import UserGroups
from routing.router import Router
from routing.vocabulary import Vocabulary
from storage import repository as repo
from storage.db import make_engine, migrate, session_factory

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    config: RfhConfig
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    chat: SlackChat
    tracker: GitHubTracker
    router: Router
    clock: Clock
    runner: StepRunner
    worker: DeliveryWorker
    team_choices: list[TeamChoice] = field(default_factory=list)
    metrics: Metrics = field(default_factory=Metrics)
    router_watermark: int = 0
    """The newest routing decision the router has learned from (this replica's or another's)."""
    _router_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    scheduler: Scheduler | None = None
    reminders: Reminders | None = None

    def suggest(self, text: str) -> tuple[RoutingHint, Suggested]:
        """The router's pick for ``text``, as the modal shows it and as the prediction log records it."""
        suggestion = self.router.suggest(text) if text.strip() else None
        best = suggestion.best if suggestion else None
        if suggestion is None or best is None:
            confidence = suggestion.confidence if suggestion else 0.0
            return RoutingHint(None, None, confidence, unsure=True), Suggested(None, confidence or None)
        team = self.config.teams[best.team_id]
        hint = RoutingHint(team.id, team.name, suggestion.confidence, best.evidence, unsure=False)
        return hint, Suggested(team.id, suggestion.confidence)

    async def refresh_router(self) -> int:
        """Learn the routing decisions stored since the last refresh, whichever replica stored them: the final
        team a requester picked and every re-route. Returns how many were learned."""
        async with self._router_lock:
            async with self.sessions() as session:
                decisions = await repo.route_decisions_since(session, self.router_watermark)
            for decision_id, text, chosen, suggested in decisions:
                self.router.learn(text, chosen, suggested=suggested)
                self.router_watermark = decision_id
        return len(decisions)

    async def close(self) -> None:
        await self.engine.dispose()


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
    scheduler = Scheduler(sessions=sessions, handlers=reminders.handlers(), clock=clock, on_start=reminders.seed,
                          poll_seconds=settings.RFH_WORKER_POLL_SECONDS)
    metrics = Metrics()
    worker = DeliveryWorker(sessions=sessions, perform=runner.perform, on_failure=runner.on_failure, clock=clock,
                            poll_seconds=settings.RFH_WORKER_POLL_SECONDS,
                            lease=timedelta(seconds=settings.RFH_STEP_LEASE_SECONDS), observe=metrics.step_done)
    choices = [TeamChoice(t.id, t.name, t.handle) for t in config.teams.teams]
    return Services(settings=settings, config=config, engine=engine, sessions=sessions, chat=chat, tracker=tracker,
                    router=router, clock=clock, runner=runner, worker=worker, team_choices=choices,
                    scheduler=scheduler, reminders=reminders, metrics=metrics, router_watermark=watermark)
