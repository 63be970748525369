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
LEARN_AFTER_SECONDS = 0.25
"""The submissions answered within this time share one router refresh."""


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
    _learning: asyncio.Task[None] | None = field(default=None, init=False, repr=False)
    _learn_again: bool = field(default=False, init=False, repr=False)

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

    def learn_soon(self) -> None:
        """Refresh the router and the related index in the background, off the request path. Submissions answered
        together share one refresh (one query each, one pass) instead of queueing one each behind the locks."""
        self._learn_again = True
        if self._learning is None or self._learning.done():
            self._learning = asyncio.get_running_loop().create_task(self._learn_until_current())

    async def _learn_until_current(self) -> None:
        while self._learn_again:
            await asyncio.sleep(LEARN_AFTER_SECONDS)
            self._learn_again = False
            try:
                await self.refresh_router()
                if self.related is not None:  # other replicas' requests (this one's were indexed before answering)
                    await self.related.refresh()
            except Exception:  # the database may be away for a moment; the next submission or round retries
                log.exception("refreshing the router and the related index failed")

    async def close_learning(self) -> None:
        """Wait for the background refresh, if one is pending (before closing the database)."""
        if self._learning is not None:
            await self._learning

    async def close(self) -> None:
        if self.warming is not None and not self.warming.done():
            self.warming.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.warming
        await self.close_learning()
        if self.customers is not None:
            await self.customers.snapshot.close()
        await self.engine.dispose()
