"""The related-requests part of the intake modal: seen before? answered before? add to it instead?"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.blocks.ids import ActionId, BlockId
from bot.core.related import RelatedRequest, RelatedView, TrackerMatch, age
from bot.core.text import mrkdwn, one_line, truncate


def add_to_text(request_id: int) -> str:
    return f"Add to RFH-{request_id} instead"


WITHDRAW_TEXT = "Withdraw — this answered it"


def related_blocks(view: RelatedView, now: datetime) -> list[dict[str, Any]]:
    """Blocks that go under the routing hint; none when nothing is related."""
    if not view:
        return []
    blocks: list[dict[str, Any]] = []
    if view.duplicate_of:
        dup = view.duplicate_of
        text = (f":warning: *Same request as RFH-{dup.request_id}?* The same text was filed {age(dup.created_at, now)}"
                f": *{_title(dup)}*. Add this customer to it instead of filing a duplicate, or press *File request* "
                "again to file it anyway.")
        blocks.append(_section(f"{BlockId.RELATED_BANNER}", text, _button(ActionId.ADD_TO_REQUEST,
                                                                           add_to_text(dup.request_id),
                                                                           dup.request_id, primary=True)))
    items = [r for r in view.requests if not view.duplicate_of or r.request_id != view.duplicate_of.request_id]
    if items or view.issues:
        blocks.append({"type": "context", "block_id": f"{BlockId.RELATED}_head", "elements": [
            {"type": "mrkdwn", "text": ":mag: *Seen before?* Related requests: check them before filing a new one."}]})
    for n, item in enumerate(items):
        blocks.append(_request_block(n, item, now))
    for n, issue in enumerate(view.issues):
        blocks.append(_issue_block(n, issue, now))
    return blocks


def _request_block(n: int, item: RelatedRequest, now: datetime) -> dict[str, Any]:
    meta = f"{mrkdwn(item.customer)} · {mrkdwn(item.team_name)} · {_state(item)} · {age(item.created_at, now)}"
    if item.link:
        meta += f" · <{item.link}|{mrkdwn(item.link_label or 'link')}>"
    button: dict[str, Any] | None
    if item.answered:
        text = (f":bulb: *Answered before* · *RFH-{item.request_id}* {_title(item)}\n"
                f">{mrkdwn(truncate(one_line(item.answer or ''), 600))}\n{meta}")
        button = _button(ActionId.WITHDRAW_ANSWERED, WITHDRAW_TEXT, item.request_id)
    else:
        text = f"*RFH-{item.request_id}* {_title(item)}\n{meta}"
        button = _button(ActionId.ADD_TO_REQUEST, add_to_text(item.request_id), item.request_id) \
            if item.can_add_to else None
    return _section(f"{BlockId.RELATED}_{n}", text, button)


def _issue_block(n: int, issue: TrackerMatch, now: datetime) -> dict[str, Any]:
    when = f" · {age(issue.created_at, now)}" if issue.created_at else ""
    text = (f":octocat: Open in the tracker (not filed through rfh): <{issue.url}|{mrkdwn(issue.ref)}> "
            f"{mrkdwn(truncate(one_line(issue.title), 200))}{when}")
    return {"type": "context", "block_id": f"{BlockId.RELATED}_gh{n}",
            "elements": [{"type": "mrkdwn", "text": truncate(text, 3000)}]}


def _state(item: RelatedRequest) -> str:
    if item.status == "resolved":
        return f"resolved ({mrkdwn(item.resolution or 'resolved').lower()})"
    return f"open, owned by <@{item.owner_id}>" if item.owner_id else "open, no owner yet"


def _title(item: RelatedRequest) -> str:
    return mrkdwn(truncate(one_line(item.summary), 150))


def _section(block_id: str, text: str, button: dict[str, Any] | None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "section", "block_id": block_id,
                             "text": {"type": "mrkdwn", "text": truncate(text, 3000)}}
    if button:
        block["accessory"] = button
    return block


def _button(action: ActionId, text: str, request_id: int, *, primary: bool = False) -> dict[str, Any]:
    button = {"type": "button", "action_id": action.value, "text": {"type": "plain_text", "text": text},
              "value": str(request_id)}
    if primary:
        button["style"] = "primary"
    return button
