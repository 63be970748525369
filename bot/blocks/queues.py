"""The queues in Slack: one request as a list line (with Take ownership where it helps), and the private answers to
``/rfh list …`` and ``/rfh priorities …`` with their Previous / Next buttons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ContextBlock, MarkdownTextObject, SectionBlock

from bot.blocks.ids import ActionId, BlockId
from bot.blocks.priorities import entry_blocks
from bot.core.domain import RequestState
from bot.core.queues import Page, PrioritiesList, PriorityEntry, QueueItem
from bot.core.text import mrkdwn, one_line, truncate

ID_LINE_LIMIT = 2900
PRIORITIES = "priorities"


def age(since: datetime, now: datetime) -> str:
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes}m"
    if minutes < 48 * 60:
        return f"{minutes // 60}h"
    return f"{minutes // (24 * 60)}d"


def item_text(item: QueueItem, now: datetime, *, show_team: bool = True) -> str:
    """Two lines: the request, then team · priority · who · state · age · list position · why overdue."""
    if item.status == "resolved":
        who = f"resolved ({mrkdwn((item.resolution or 'done').replace('_', ' '))})"
    elif item.owner_id:
        who = ("informally owned" if item.owner_informal else "owned") + f" by <@{item.owner_id}>"
    else:
        who = "*unclaimed*"
    parts = [mrkdwn(item.team_name)] if show_team else []
    parts += [mrkdwn(item.priority), who, f"asked by <@{item.requester_id}>", f"{age(item.created_at, now)} old"]
    if item.state != RequestState.FILED.value:
        parts.append(RequestState(item.state).label)
    if item.position:
        parts.append(f":clipboard: #{item.position.position} of {item.position.length}")
    if item.overdue:
        parts.append(f":warning: {mrkdwn(item.overdue)}")
    link = f" · <{item.post_permalink}|post>" if item.post_permalink else ""
    issue = f" · <{item.issue_url}|{mrkdwn(item.issue_ref or 'issue')}>" if item.issue_url else ""
    head = f"*RFH-{item.request_id}* {mrkdwn(truncate(one_line(item.title), 150))}{link}{issue}"
    return truncate(f"{head}\n" + " · ".join(parts), 3000)


def item_block(item: QueueItem, now: datetime, *, take: ActionId | None = None, show_team: bool = True) -> Block:
    """The list line; ``take``: a Take ownership button (that action id) on unclaimed requests."""
    button = None
    if take is not None and item.unclaimed:
        button = ButtonElement(text="Take ownership", action_id=take, value=str(item.request_id), style="primary")
    return SectionBlock(text=MarkdownTextObject(text=item_text(item, now, show_team=show_team)), accessory=button)


@dataclass(frozen=True)
class ListPage:
    """What a Previous / Next button of a private list carries: which list, for which team, which page."""

    kind: str
    team_id: str | None
    page: int

    def dump(self) -> str:
        return f"{self.kind}|{self.team_id or ''}|{self.page}"

    @classmethod
    def load(cls, raw: str) -> ListPage:
        kind, team, page = (raw.split("|") + ["", "", "0"])[:3]
        return cls(kind, team or None, int(page or 0))


def pager(where: ListPage, page: Page[Any], *, block_id: str = BlockId.LIST_PAGER,
          previous: ActionId = ActionId.LIST_PAGE_PREVIOUS, following: ActionId = ActionId.LIST_PAGE_NEXT,
          ) -> list[Block]:
    buttons = []
    if page.has_previous:
        buttons.append(ButtonElement(text="‹ Previous", action_id=previous,
                                     value=ListPage(where.kind, where.team_id, page.page - 1).dump()))
    if page.has_next:
        buttons.append(ButtonElement(text="Next ›", action_id=following,
                                     value=ListPage(where.kind, where.team_id, page.page + 1).dump()))
    return [ActionsBlock(block_id=block_id, elements=buttons)] if buttons else []


def id_line(label: str, ids: Sequence[int], *, numbered: bool = False) -> str:
    """Every request of a list by RFH id, in order, in as little room as a line (the rest counted)."""
    names = [f"{n + 1}. RFH-{i}" if numbered else f"RFH-{i}" for n, i in enumerate(ids)]
    text, shown = f"{label}: " + ", ".join(names), len(names)
    while len(text) > ID_LINE_LIMIT and shown > 0:
        shown -= 10
        text = f"{label}: " + ", ".join(names[:max(shown, 0)]) + f", and {len(names) - max(shown, 0)} more"
    return text


def list_message(*, title: str, where: ListPage, page: Page[QueueItem], now: datetime, empty: str,
                 all_ids: Sequence[int] | None = None) -> tuple[str, list[Block]]:
    """The private answer to ``/rfh list …``: a page of requests, and (for a team) every open one by id."""
    if not page.total:
        return empty, [SectionBlock(text=MarkdownTextObject(text=f"*{mrkdwn(title)}*\n{empty}"))]
    counts = f"{page.total} request{'s' if page.total != 1 else ''} · page {page.page + 1} of {page.pages}"
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=f"*{mrkdwn(title)}* · {counts}"))]
    blocks += [item_block(item, now) for item in page.items]
    ids = list(all_ids) if all_ids is not None else [item.request_id for item in page.items]
    line = id_line("All of them, in queue order" if all_ids is not None else "On this page", ids)
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=line)]))
    blocks += pager(where, page)
    return truncate(f"{title} ({counts}). {line}", 3000), blocks


def priorities_message(lists: Sequence[PrioritiesList], page: Page[tuple[PrioritiesList, PriorityEntry]], *,
                       where: ListPage) -> tuple[str, list[Block]]:
    """The private answer to ``/rfh priorities …``: each list in order, top first, with the Move menu."""
    lines = [id_line(f"Priorities list of {p.team_name}, top first", [e.item.request_id for e in p.entries],
                     numbered=True) if p.entries else f"Priorities list of {p.team_name}: empty" for p in lists]
    blocks: list[Block] = []
    current: str | None = None
    for plist, entry in page.items:
        if plist.team_id != current:
            current = plist.team_id
            blocks.append(SectionBlock(text=MarkdownTextObject(
                text=f"*RFH priorities list of {mrkdwn(plist.team_name)}* · {len(plist.entries)} open, top first")))
        blocks += entry_blocks(entry)
    if not page.items:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(lines))))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=truncate("\n".join(lines), 3000))]))
    blocks += pager(where, page)
    return truncate(" ".join(lines), 3000), blocks
