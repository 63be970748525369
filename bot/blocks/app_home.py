"""The App Home tab: four tabs (buttons that re-publish the view), filters (team, priority, state) as selects, a notice
line for the answer to the last click, one page of the chosen tab, and Previous / Next. Every page stays under
Block Kit's 100 blocks (``HOME_PAGE_SIZE`` items of at most ``MAX_ITEM_BLOCKS`` blocks each plus ``CHROME``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.blocks.ids import ActionId, BlockId
from bot.blocks.intake_modal import TeamChoice
from bot.blocks.priorities import entry_blocks
from bot.blocks.queues import ListPage, item_block, pager
from bot.core.queues import Overview, Page, PrioritiesList, PriorityEntry, QueueFilter, QueueItem, StateFilter
from bot.core.text import mrkdwn, truncate

MAX_BLOCKS = 100
HOME_PAGE_SIZE = 20
MAX_ITEM_BLOCKS = 3  # worst case, a priorities entry: its team's header, its line, its last move's reason
CHROME = 7  # intro, tabs, filters, notice, divider, the tab's header, pager
assert CHROME + HOME_PAGE_SIZE * MAX_ITEM_BLOCKS <= MAX_BLOCKS
ANY = "any"


class Tab(StrEnum):
    MINE = "mine"
    TEAM = "team"
    PRIORITIES = "priorities"
    OVERVIEW = "overview"
    REVIEWS = "reviews"

    @property
    def label(self) -> str:
        return {"mine": "Mine", "team": "My team's queue", "priorities": "Priorities", "overview": "Overview",
                "reviews": "Tech reviews"}[self.value]


@dataclass(frozen=True)
class HomeState:
    """The tab, page and filters the user is looking at: the home view's private_metadata."""

    tab: Tab = Tab.MINE
    page: int = 0
    team: str | None = None
    priority: int | None = None
    state: StateFilter = StateFilter.OPEN

    @property
    def filter(self) -> QueueFilter:
        return QueueFilter(self.team, self.priority, self.state)

    def dump(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if v is not None})

    @classmethod
    def load(cls, raw: str | None) -> HomeState:
        try:
            data = json.loads(raw or "{}")
            return cls(Tab(data.get("tab", Tab.MINE)), max(0, int(data.get("page", 0))), data.get("team"),
                       int(data["priority"]) if data.get("priority") is not None else None,
                       StateFilter(data.get("state", StateFilter.OPEN)))
        except (ValueError, TypeError, KeyError):
            return cls()  # an old or foreign view: start from the defaults

    def with_filter(self, name: str, value: str) -> HomeState:
        """A filter changed (``team``, ``priority``, ``state``; ``any`` clears it): back to the first page."""
        if name == "team":
            return replace(self, team=None if value == ANY else value, page=0)
        if name == "priority":
            return replace(self, priority=None if value == ANY else int(value), page=0)
        return replace(self, state=StateFilter(value), page=0)


def home_view(*, state: HomeState, body: Sequence[Block], teams: Sequence[TeamChoice], priorities: Sequence[str],
              notice: str | None = None, pages: Sequence[Block] = ()) -> View:
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(
            text="Type `/rfh` anywhere, or use *Request help from eng* on a customer message, to ask engineering for "
                 "help. `/rfh list` and `/rfh priorities` show the same lists privately in any channel.")),
        ActionsBlock(block_id=BlockId.HOME_TABS, elements=[
            ButtonElement(text=tab.label, action_id=f"{ActionId.HOME_TAB}:{tab.value}", value=tab.value,
                          style="primary" if tab is state.tab else None) for tab in Tab]),
        ActionsBlock(block_id=BlockId.HOME_FILTERS, elements=_filters(state, teams, priorities)),
    ]
    if notice:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=truncate(notice, 3000))]))
    blocks += [DividerBlock(), *body, *pages]
    assert len(blocks) <= MAX_BLOCKS, f"{len(blocks)} blocks on App Home"
    return View(type="home", blocks=blocks, private_metadata=state.dump())


def _filters(state: HomeState, teams: Sequence[TeamChoice], priorities: Sequence[str]) -> list[StaticSelectElement]:
    def select(action: ActionId, options: list[Option], chosen: str) -> StaticSelectElement:
        initial = next((o for o in options if o.value == chosen), options[0])
        return StaticSelectElement(action_id=action, options=options, initial_option=initial)

    team_options = [Option(value=ANY, text="All teams"), *(Option(value=t.id, text=truncate(t.name, 75))
                                                           for t in teams[:99])]
    level_options = [Option(value=ANY, text="Any priority"),
                     *(Option(value=str(n), text=label) for n, label in enumerate(priorities[:99]))]
    state_options = [Option(value=s.value, text=s.label) for s in StateFilter]
    level = ANY if state.priority is None else str(state.priority)
    return [select(ActionId.HOME_FILTER_TEAM, team_options, state.team or ANY),
            select(ActionId.HOME_FILTER_PRIORITY, level_options, level),
            select(ActionId.HOME_FILTER_STATE, state_options, state.state.value)]


def home_pager(state: HomeState, page: Page[Any]) -> list[Block]:
    return pager(ListPage(state.tab.value, state.team, page.page), page, block_id=BlockId.HOME_PAGER,
                 previous=ActionId.HOME_PAGE_PREVIOUS, following=ActionId.HOME_PAGE_NEXT)


def _header(text: str, page: Page[Any]) -> Block:
    where = f" · page {page.page + 1} of {page.pages}" if page.pages > 1 else ""
    return SectionBlock(text=MarkdownTextObject(text=f"*{mrkdwn(text)}* · {page.total}{where}"))


def _empty(text: str) -> Block:
    return ContextBlock(elements=[MarkdownTextObject(text=text)])


def mine_body(page: Page[tuple[str, QueueItem]], now: datetime) -> list[Block]:
    """Requests the user owns, then the ones they asked for; each with its place on a priorities list."""
    blocks: list[Block] = [_header("Your requests", page)]
    section = None
    for tag, item in page.items:
        if tag != section:
            section = tag
            blocks.append(HeaderBlock(text="You own" if tag == "owned" else "You asked for"))
        blocks.append(item_block(item, now))
    if not page.items:
        blocks.append(_empty("Nothing here with these filters. File a request with `/rfh`; take ownership of one "
                             "from *My team's queue*."))
    return blocks


def team_body(title: str, page: Page[QueueItem], now: datetime) -> list[Block]:
    """Unclaimed first, then by priority and age, with Take ownership right there."""
    blocks: list[Block] = [_header(title, page)]
    blocks += [item_block(item, now, take=ActionId.HOME_TAKE_OWNERSHIP) for item in page.items]
    if not page.items:
        blocks.append(_empty("No requests with these filters: nothing waiting."))
    return blocks


def priorities_body(lists: Sequence[PrioritiesList], page: Page[tuple[PrioritiesList, PriorityEntry]]) -> list[Block]:
    blocks: list[Block] = []
    current = None
    for plist, entry in page.items:
        if plist.team_id != current:
            current = plist.team_id
            leads = ", ".join(f"<@{lead}>" for lead in plist.leads) or "no leads configured"
            blocks.append(SectionBlock(text=MarkdownTextObject(
                text=f"*RFH priorities list of {mrkdwn(plist.team_name)}* · {len(plist.entries)} open, top first · "
                     f"reordered by {leads}")))
        blocks += entry_blocks(entry)
    if not page.items:
        names = ", ".join(mrkdwn(p.team_name) for p in lists) or "no team"
        blocks.append(_empty(f"Nothing on the priorities lists of {names}. Teams keep one with "
                             "`keeps_priorities_list = true` in the config."))
    return blocks


def overview_body(overview: Overview) -> list[Block]:
    counts = " · ".join(f"{name}: *{n}*" for name, n in overview.by_state.items())
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=f"*Overview* · {counts or 'no requests'}"))]
    week = overview.week_start.date().isoformat()
    for team in overview.teams[:20]:
        oldest = (f"oldest unclaimed: RFH-{team.oldest_unclaimed.request_id}, since "
                  f"{team.oldest_unclaimed.created_at.date().isoformat()}") if team.oldest_unclaimed else \
            "nothing unclaimed"
        breaches = (f"SLA breaches since {week}: {team.claim_breaches} claim deadline(s) missed, "
                    f"{team.escalations} escalation(s), {team.quiet_owner_nudges} quiet owner(s) nudged")
        text = (f"*{mrkdwn(team.team_name)}* · {team.unclaimed} unclaimed · {team.owned} owned · "
                f"{team.resolved_this_week} resolved this week\n{oldest}\n{breaches}")
        blocks.append(SectionBlock(text=MarkdownTextObject(text=truncate(text, 3000))))
    return blocks
