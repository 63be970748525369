"""Parts of the intake modal added for issue 14: the customer type-ahead, the switch to a tech review, and what the
views.update after typing adds (related requests, the customer's profile, a pre-filled Environment)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.blocks.ids import ActionId, BlockId
from bot.core.text import mrkdwn, truncate

MAX_TEXT = 3000


@dataclass(frozen=True)
class IntakeExtras:
    """What the views.update after typing or choosing a customer adds (never the /rfh → views.open path)."""

    related: tuple[dict[str, Any], ...] = ()
    """Rendered by ``bot.blocks.related``; shown under the routing hint."""
    environment: str | None = None
    environment_block: str | None = None
    """A new block id for Environment: Slack keeps a typed value under the same id, so a pre-fill needs a new one."""
    profile_note: str | None = None
    notice: str | None = None
    """A line at the top of the modal (why an "Add to" did not happen, say)."""


def notice_block(extras: IntakeExtras | None) -> list[dict[str, Any]]:
    if extras is None or not extras.notice:
        return []
    return [{"type": "section", "block_id": BlockId.RELATED_BANNER.value + "_notice",
             "text": {"type": "mrkdwn", "text": truncate(extras.notice, 3000)}}]


def extra_after(block_id: BlockId, extras: IntakeExtras, static: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    if block_id is BlockId.CUSTOMER and extras.profile_note:
        return [{"type": "context", "block_id": BlockId.CUSTOMER_PROFILE.value,
                 "elements": [{"type": "mrkdwn", "text": truncate(extras.profile_note, 3000)}]}]
    if block_id is BlockId.ROUTING_HINT:
        return list(extras.related)
    if block_id is BlockId.NEEDED_BY and extras.environment_block:  # Environment comes next: its replacement
        env = static[BlockId.ENVIRONMENT]
        return [{**env, "block_id": extras.environment_block,
                 "element": {**env["element"], "initial_value": truncate(extras.environment or "", MAX_TEXT)}}]
    return []


def customer_block() -> dict[str, Any]:
    """Type-ahead over the customer profiles (options load); an unknown name is offered as typed. Choosing one
    dispatches an action, which pre-fills Environment from the profile."""
    return {"type": "input", "block_id": BlockId.CUSTOMER.value, "label": {"type": "plain_text", "text": "Customer"},
            "dispatch_action": True,
            "element": {"type": "external_select", "action_id": ActionId.VALUE.value, "min_query_length": 1,
                        "placeholder": {"type": "plain_text", "text": "Type the company name, e.g. Acme Corp"}}}


def switch_block() -> dict[str, Any]:
    return {"type": "actions", "block_id": BlockId.SWITCH.value, "elements": [
        {"type": "button", "action_id": ActionId.OPEN_TECH_REVIEW.value, "value": "tech_review",
         "text": {"type": "plain_text", "text": "Tech review instead"}}]}


def carry_over(blocks: list[dict[str, Any]]) -> IntakeExtras:
    """What a rebuilt modal must keep from the one on screen: a renamed (pre-filled) Environment block, under the
    same id so Slack keeps its value, and the customer's profile line."""
    env = next((b for b in blocks if b.get("type") == "input"
                and str(b.get("block_id", "")).startswith(f"{BlockId.ENVIRONMENT}_")), None)
    note = next((b["elements"][0].get("text") for b in blocks if b.get("block_id") == BlockId.CUSTOMER_PROFILE
                 and b.get("elements")), None)
    if env is None:
        return IntakeExtras(profile_note=note)
    return IntakeExtras(environment=str(env["element"].get("initial_value") or ""),
                        environment_block=str(env["block_id"]), profile_note=note)


def next_environment_block(current: str | None) -> str:
    """A block id no Environment block of this modal had yet (environment_1, environment_2, …)."""
    n = int(current.rsplit("_", 1)[1]) if current and current.rsplit("_", 1)[1].isdigit() else 0
    return f"{BlockId.ENVIRONMENT}_{n + 1}"


def profile_note(*, name: str, rows: list[tuple[str, str]], version: int, prefilled: bool) -> str:
    facts = " · ".join(f"{label}: {mrkdwn(value)}" for label, value in rows[:8]) or "no facts yet"
    how = ("Environment is pre-filled from it; edit it and the profile is updated when you file."
           if prefilled else "Environment keeps what you typed; a change there updates the profile when you file.")
    return truncate(f":card_index: *{mrkdwn(name)}* profile (v{version}): {facts}\n{how}", 3000)
