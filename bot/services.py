"""What the listeners and the workers share: every dependency, built once at start by ``bot.shell.wiring``."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.adapters.github_tracker import GitHubTracker
from bot.adapters.slack_chat import SlackChat
from bot.blocks.intake_modal import RoutingHint, TeamChoice
from bot.bridge.github_events import GitHubEvents
from bot.bridge.people import PeopleMap
from bot.bridge.slack_events import SlackReplies
from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.metrics import Metrics
from bot.customers.service import CustomerProfiles
from bot.delivery.scheduler import Scheduler
from bot.delivery.steps import StepRunner
from bot.delivery.worker import DeliveryWorker
from bot.intake.service import Suggested
from bot.learning.router_source import RouterFeed
from bot.ownership.service import Ownership
from bot.related.addons import AddOns
from bot.related.service import RelatedRequests
from bot.reports.jobs import ReportPosts
from bot.review.jobs import ReviewJobs
from bot.review.service import TechReviews
from bot.security.workspace import Workspace
from bot.sla.jobs import Reminders
from routing.router import Router

log = logging.getLogger(__name__)


@dataclass
class Services:
    config: RfhConfig
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    chat: SlackChat
    tracker: GitHubTracker
    router: Router
    clock: Clock
    runner: StepRunner
    worker: DeliveryWorker
    ownership: Ownership
    team_choices: list[TeamChoice] = field(default_factory=list)
    metrics: Metrics = field(default_factory=Metrics)
    feed: RouterFeed | None = None
    """Keeps ``router`` learning from the database: the history at start (in the background), then whatever any
    replica or `rfh learn` stores."""
    warming: asyncio.Task[int] | None = None
    """The background task learning the history that was in the database at start."""
    scheduler: Scheduler | None = None
    reminders: Reminders | None = None
    github_events: GitHubEvents | None = None
    slack_replies: SlackReplies | None = None
    people: PeopleMap | None = None
    workspace: Workspace | None = None
    """The installed workspace (auth.test at start); requests from any other are refused."""
    related: RelatedRequests | None = None
    addons: AddOns | None = None
    customers: CustomerProfiles | None = None
    reviews: TechReviews | None = None
    review_jobs: ReviewJobs | None = None
    report_posts: ReportPosts | None = None

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
        """Learn the routing decisions and history stored since the last refresh, whichever replica (or `rfh
        learn`) stored them: the final team a requester picked, every re-route, imported examples. Returns how
        many were learned."""
        return await self.feed.refresh() if self.feed is not None else 0

    async def close(self) -> None:
        if self.warming is not None and not self.warming.done():
            self.warming.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.warming
        await self.engine.dispose()
