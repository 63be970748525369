"""The RFH priorities list in Slack: its items (with the Move menu), the move modal, the requester's DM about a move,
the batched summary line for the team channel, and the position line of the confirmation."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.blocks.ids import ActionId, BlockId, CallbackId
from bot.core.queues import MAX_REASON, ListPosition, Move, PriorityEntry
from bot.core.text import mrkdwn, one_line, truncate

SUMMARY_LIMIT = 3000


@dataclass(frozen=True)
class MoveLine:
    request_id: int
    actor: str
    from_position: int | None
    to_position: int | None
    reason: str


def summary_line(team_name: str, moves: Sequence[MoveLine]) -> str:
    """One line for the team channel about every move of a window (as many as fit, then a count)."""
    head = f":clipboard: Priorities list of {mrkdwn(team_name)}: "
    parts = [f"<@{m.actor}> moved RFH-{m.request_id} from #{m.from_position} to #{m.to_position} "
             f"({mrkdwn(truncate(one_line(m.reason), 120))})" for m in moves]
    text = head + "; ".join(parts) + "."
    shown = len(parts)
    while len(text) > SUMMARY_LIMIT and shown > 1:
        shown -= 1
        text = head + "; ".join(parts[:shown]) + f"; and {len(parts) - shown} more move(s)."
    return truncate(text, SUMMARY_LIMIT)


def moved_dm(*, request_id: int, title: str, team_name: str, actor: str, before: int, after: int, reason: str) -> str:
    """The requester's note that their request moved on the list (a DM: priorities never go to customer threads)."""
    way = "up" if after < before else "down"
    return (f":clipboard: <@{actor}> moved your RFH-{request_id} *{mrkdwn(one_line(title))}* "
            f"{way} the priorities list of {mrkdwn(team_name)}: now *#{after}* (was #{before}).\n"
            f">{mrkdwn(one_line(reason))}")


def position_text(position: ListPosition, team_name: str) -> str:
    return (f":clipboard: *#{position.position}* of {position.length} on the RFH priorities list of "
            f"{mrkdwn(team_name)} (newest goes last; a lead reorders it on full context).")


def entry_blocks(entry: PriorityEntry, *, show_menu: bool = True) -> list[Block]:
    """One list item: its place, the request and its state; the Move menu; the reason of its latest move."""
    item = entry.item
    owner = f"owned by <@{item.owner_id}>" if item.owner_id else "*unclaimed*"
    link = f" · <{item.post_permalink}|post>" if item.post_permalink else ""
    text = (f"*#{entry.position}* · *RFH-{item.request_id}* {mrkdwn(truncate(one_line(item.title), 150))}\n"
            f"{mrkdwn(item.priority)} · {owner} · asked by <@{item.requester_id}>{link}")
    menu = OverflowMenuElement(action_id=ActionId.PRIORITY_MOVE, options=[
        Option(value=f"{item.request_id}:{move.value}", text=move.label) for move in Move])
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=truncate(text, 3000)),
                                        accessory=menu if show_menu else None)]
    if entry.last_reason:
        who = f"<@{entry.last_moved_by}>: " if entry.last_moved_by else ""
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=truncate(f"Last moved by {who}{mrkdwn(one_line(entry.last_reason))}", 3000))]))
    return blocks


@dataclass(frozen=True)
class MoveMeta:
    """The move modal's private_metadata: which request, and how the lead asked to move it."""

    request_id: int
    move: Move
    origin: str = ""
    """Where the Move menu was: ``home:<the home's state>``, or the private answer's response_url."""

    def dump(self) -> str:
        return json.dumps({"r": self.request_id, "m": self.move.value, "o": self.origin[:2500]})

    @classmethod
    def load(cls, raw: str | None) -> MoveMeta:
        data = json.loads(raw or "{}")
        return cls(int(data["r"]), Move(data.get("m", Move.TO.value)), str(data.get("o") or ""))


def move_modal(*, request_id: int, title: str, team_name: str, current: int, length: int, move: Move,
               target: int, origin: str = "") -> View:
    """Where to (pre-filled from the menu choice) and why (required: the channel and the requester see it)."""
    intro = (f"*RFH-{request_id}* {mrkdwn(truncate(one_line(title), 200))} is *#{current}* of {length} on the "
             f"priorities list of {mrkdwn(team_name)}.")
    return View(
        type="modal", callback_id=CallbackId.PRIORITY_MOVE, title="Move on the list", submit="Move",
        close="Cancel", private_metadata=MoveMeta(request_id, move, origin).dump(),
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=truncate(intro, 3000))),
            InputBlock(block_id=BlockId.POSITION, label=f"New position (1 = top, {length} = last)",
                       element=PlainTextInputElement(action_id=ActionId.VALUE, initial_value=str(target),
                                                     max_length=6)),
            InputBlock(block_id=BlockId.NOTE, label="Reason",
                       hint="The team channel and the requester see it.",
                       element=PlainTextInputElement(action_id=ActionId.VALUE, max_length=MAX_REASON,
                                                     placeholder="e.g. renewal next week; customer blocked")),
        ],
    )
