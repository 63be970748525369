"""Building and publishing a user's App Home: ask the queue services for the tab's page, render it, publish it."""

from __future__ import annotations

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.app_home import (
    HOME_PAGE_SIZE,
    HomeState,
    Tab,
    home_pager,
    home_view,
    mine_body,
    overview_body,
    priorities_body,
    team_body,
)
from bot.blocks.tech_review import home_section
from bot.core.queues import QueueFilter, QueueKind
from bot.queues.overview import Overviews
from bot.queues.queries import Queues
from bot.queues.service import Priorities
from bot.services import Services
from bot.sla.overdue import overdue_reasons


def queue_services(services: Services) -> tuple[Queues, Priorities, Overviews]:
    sessions, config, clock = services.sessions, services.config, services.clock
    return (Queues(sessions=sessions, config=config, clock=clock, overdue=overdue_reasons),
            Priorities(sessions=sessions, config=config, clock=clock),
            Overviews(sessions=sessions, config=config, clock=clock))


class Home:
    def __init__(self, services: Services):
        self.services = services
        self.queues, self.priorities, self.overviews = queue_services(services)

    async def publish(self, client: AsyncWebClient, user: str, state: HomeState, notice: str | None = None) -> None:
        await client.views_publish(user_id=user, view=await self.view(user, state, notice))

    async def view(self, user: str, state: HomeState, notice: str | None = None) -> View:
        body, pages = await self._tab(user, state)
        return home_view(state=state, body=body, pages=pages, notice=notice, teams=self.services.team_choices,
                         priorities=self.services.config.priority.labels)

    async def _tab(self, user: str, state: HomeState) -> tuple[list[Block], list[Block]]:
        now, flt = self.services.clock.now(), state.filter
        if state.tab is Tab.MINE:
            mine = await self.queues.mine(user=user, flt=flt, page=state.page, size=HOME_PAGE_SIZE)
            return mine_body(mine, now), home_pager(state, mine)
        if state.tab is Tab.TEAM:
            team_id = state.team or self.queues.home_team(user)
            page = await self.queues.queue(QueueKind.TEAM, user=user, size=HOME_PAGE_SIZE, page=state.page,
                                           flt=QueueFilter(team_id, flt.priority_level, flt.state))
            name = self.services.config.teams[team_id].name if team_id else "all teams"
            return team_body(f"Queue of {name}: unclaimed first, then by priority and age", page, now), \
                home_pager(state, page)
        if state.tab is Tab.PRIORITIES:
            lists, entries = await self.priorities.page([state.team] if state.team else None, flt,
                                                        page=state.page, size=HOME_PAGE_SIZE)
            return priorities_body(lists, entries), home_pager(state, entries)
        if state.tab is Tab.REVIEWS:
            return await self._reviews(user), []
        return overview_body(await self.overviews.overview(state.team)), []

    async def _reviews(self, user: str) -> list[Block]:
        """The user's own tech reviews and those waiting for their decision (handbook 000)."""
        reviews, jobs = self.services.reviews, self.services.review_jobs
        if reviews is None or jobs is None:
            return []
        mine, to_review = await reviews.for_user(user)
        section = home_section(mine=[await jobs.card(r, mentions=False) for r in mine],
                               to_review=[await jobs.card(r, mentions=False) for r in to_review])
        return [Block.parse(b) for b in section if b]  # type: ignore[misc]

