"""Tech review surfaces: the form (page 000's questions; what it is not for), the channel post with its decision
button, the decision modal, the requester's confirmation, and the App Home section."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_sdk.models.views import View

from bot.blocks.ids import ActionId, BlockId, CallbackId
from bot.blocks.metadata import ReviewMeta
from bot.blocks.notices import message_view
from bot.core.text import mrkdwn, one_line, truncate

NOT_FOR = ("*Use this for* a cross-functional decision or commitment from Engineering, Product and Support about a "
           "customer: a gap between the customer and best practice or documented product limits, unplanned EPS "
           "effort, or a best-practice validation (think of it as an RFC for the customer).\n*Not for* typical "
           "support workflows, support escalations on reactive customer issues, or escalating a customer need in "
           "general: for those, use `/rfh`. Unsure? Ask your leadership team.")
REQUIREMENT_OPTIONS = [("new", "New requirement"), ("existing", "Existing requirement")]
DECISION_OPTIONS = [("approved", "Approved"), ("declined", "Declined"), ("needs_info", "Needs more information")]


@dataclass(frozen=True)
class ReviewCard:
    review_id: int
    customer: str
    summary: str
    gap: str
    requester_id: str
    ce: str
    ae: str
    needed_by: date | None
    state: str
    state_label: str
    mentions: str = ""
    issue_url: str | None = None
    issue_ref: str | None = None
    key_prospect: bool = False
    deal_value: str = ""
    decision_note: str | None = None
    deciders: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        summary = mrkdwn(truncate(one_line(self.summary), 150))
        return f"TR-{self.review_id} *[{mrkdwn(one_line(self.customer))}] {summary}*"


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _input(block_id: BlockId, label: str, element: dict[str, Any], *, optional: bool = False,
           hint: str | None = None) -> dict[str, Any]:
    block = {"type": "input", "block_id": block_id.value, "label": _plain(label), "optional": optional,
             "element": {"action_id": ActionId.VALUE.value, **element}}
    if hint:
        block["hint"] = _plain(hint)
    return block


def _text(multiline: bool = True, initial: str = "", max_length: int = 3000) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "multiline": multiline, "max_length": max_length}
    if initial:
        element["initial_value"] = truncate(initial, max_length)
    return element


def _options(pairs: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    return [{"text": _plain(text), "value": value} for value, text in pairs]


def review_form(*, summary: str = "", gap: str = "", customer: str = "") -> dict[str, Any]:
    blocks = [
        {"type": "section", "block_id": BlockId.REVIEW_NOT_FOR.value, "text": {"type": "mrkdwn", "text": NOT_FOR}},
        _input(BlockId.CUSTOMER, "Customer", _text(False, customer, 150)),
        _input(BlockId.SUMMARY, "Summary", _text(False, summary, 200), hint="One line: the decision you need"),
        _input(BlockId.REVIEW_GAP, "The gap", _text(True, gap),
               hint="What is the misalignment or gap between the customer and our best practices or documented "
                    "product limits?"),
        _input(BlockId.NEEDED_BY, "Decision or commitment needed by", {"type": "datepicker"}),
        _input(BlockId.REVIEW_WHY_THEN, "Why by then", _text(),
               hint="What does the timeline affect (trial start, production go-live, renewal)?"),
        _input(BlockId.REVIEW_REQUIREMENT, "New or existing requirement",
               {"type": "radio_buttons", "options": _options(REQUIREMENT_OPTIONS)}),
        _input(BlockId.REVIEW_MISSED, "Why wasn't it caught in technical qualification?", _text()),
        _input(BlockId.REVIEW_EXPECTATIONS, "The customer's expectations", _text()),
        _input(BlockId.REVIEW_IF_UNMET, "What happens if we don't meet them?", _text()),
        _input(BlockId.REVIEW_CE, "The account's CE", {"type": "users_select"}),
        _input(BlockId.REVIEW_AE, "The account's AE", {"type": "users_select"}),
        _input(BlockId.REVIEW_DEAL, "Deal value", _text(False, "", 150), optional=True,
               hint="e.g. $250k ARR expansion"),
        _input(BlockId.REVIEW_KEY_PROSPECT, "Key prospect", {"type": "checkboxes", "options": _options(
            [("yes", "Sales has designated this account a key prospect")])}, optional=True),
        _input(BlockId.REVIEW_CONTEXT, "Business context", _text(), optional=True),
        _input(BlockId.REVIEW_OTHERS, "Other customers affected", _text(), optional=True),
    ]
    return {"type": "modal", "callback_id": CallbackId.TECH_REVIEW.value, "title": _plain("Tech review"),
            "submit": _plain("Request review"), "close": _plain("Cancel"), "blocks": blocks}


def review_filed(review_id: int, channel: str) -> View:
    """What the form turns into once submitted."""
    return message_view("Tech review", (
        f":scales: TR-{review_id} is filed for the EPS reviewers: the issue and the post in {channel} follow in a "
        "moment, and their decision comes to you here and in App Home."))


def review_post(card: ReviewCard) -> tuple[str, list[dict[str, Any]]]:
    """The post in the review channel: the ask, who to decide, and the decision once made."""
    text = f":scales: Tech review {card.name} for {card.mentions or 'the EPS reviewers'}"
    facts = [f"*Requested by* <@{card.requester_id}> · *CE* <@{card.ce}> · *AE* <@{card.ae}>",
             f"*Decision needed by* {card.needed_by.isoformat() if card.needed_by else 'not given'}"
             + (" · *Key prospect*" if card.key_prospect else "")
             + (f" · *Deal* {mrkdwn(one_line(card.deal_value))}" if card.deal_value else "")]
    if card.issue_url:
        facts.append(f"*Issue* <{card.issue_url}|{mrkdwn(card.issue_ref or 'issue')}>")
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, 3000)}},
        {"type": "section", "text": {"type": "mrkdwn", "text": truncate(
            "*The gap:* " + mrkdwn(truncate(card.gap, 600)) + "\n" + "\n".join(facts), 3000)}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(state_line(card), 3000)}]},
    ]
    if card.state in ("open", "needs_info"):
        blocks.append({"type": "actions", "elements": [
            {"type": "button", "action_id": ActionId.REVIEW_DECIDE.value, "value": str(card.review_id),
             "text": _plain("Record decision"), "style": "primary"}]})
    return text, blocks


def state_line(card: ReviewCard) -> str:
    line = f"*State:* {mrkdwn(card.state_label)}"
    if card.deciders:
        line += " · decided by " + ", ".join(f"<@{d}>" for d in card.deciders)
    if card.decision_note:
        line += f": {mrkdwn(truncate(one_line(card.decision_note), 1500))}"
    return line


def decision_modal(review_id: int, clicker: str) -> dict[str, Any]:
    return {"type": "modal", "callback_id": CallbackId.REVIEW_DECISION.value, "title": _plain("Review decision"),
            "submit": _plain("Record"), "close": _plain("Cancel"), "private_metadata": ReviewMeta(review_id).dump(),
            "blocks": [
                _input(BlockId.REVIEW_DECISION, "Decision",
                       {"type": "radio_buttons", "options": _options(DECISION_OPTIONS)}),
                _input(BlockId.NOTE, "Note", _text(), hint="The decision's reasons, conditions or the questions"),
                _input(BlockId.REVIEW_DECIDERS, "Decided by",
                       {"type": "multi_users_select", "initial_users": [clicker]}),
            ]}


def review_confirmation(card: ReviewCard) -> str:
    issue = f" (<{card.issue_url}|{mrkdwn(card.issue_ref or 'issue')}>)" if card.issue_url else ""
    return (f":scales: Your tech review {card.name}{issue} is with the EPS reviewers. You'll hear here when they "
            "decide; App Home shows its state.")


def decision_note_text(card: ReviewCard, actor: str) -> str:
    return f":scales: <@{actor}> recorded the decision on {card.name}: {state_line(card)}"


def home_section(*, mine: Sequence[ReviewCard], to_review: Sequence[ReviewCard]) -> list[dict[str, Any]]:
    """App Home blocks for tech reviews (a self-contained section any Home layout can include)."""
    blocks: list[dict[str, Any]] = [{"type": "header", "text": _plain("Tech reviews")}]
    if to_review:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": "*Waiting for your decision*"}]})
        blocks += [_home_line(card) for card in to_review[:10]]
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": "*Your tech reviews*"}]})
    if mine:
        blocks += [_home_line(card) for card in mine[:10]]
    else:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text":
                       "None yet. `/rfh review` asks EPS for a decision about a customer."}]})
    return blocks


def _home_line(card: ReviewCard) -> dict[str, Any]:
    link = f" · <{card.issue_url}|{mrkdwn(card.issue_ref or 'issue')}>" if card.issue_url else ""
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(f"{card.name}{link}\n{state_line(card)}",
                                                                             3000)}}
