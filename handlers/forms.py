"""View state → RequestForm, or every field error keyed by block id (for response_action: errors)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from bot.blocks.ids import ActionId, BlockId
from bot.core.domain import RequestForm, RequestType, Tracker
from bot.core.text import clean_text
from routing.priority import Severity

State = Mapping[str, Mapping[str, Mapping[str, Any]]]
URL_PREFIXES = ("http://", "https://")


def field_value(state: State, block: str) -> Any:
    """The submitted value of one input, whatever its element type; None when empty."""
    element = state.get(block, {}).get(ActionId.VALUE) or {}
    kind = element.get("type")
    if kind in ("static_select", "radio_buttons", "external_select"):
        option = element.get("selected_option")
        return option.get("value") if option else None
    if kind in ("checkboxes", "multi_static_select"):
        return [o.get("value") for o in element.get("selected_options") or []]
    if kind == "multi_users_select":
        return list(element.get("selected_users") or [])
    if kind == "users_select":
        return element.get("selected_user")
    if kind == "datepicker":
        return element.get("selected_date")
    if kind == "file_input":
        return [f.get("permalink") or f.get("url_private") or f.get("name") for f in element.get("files") or []]
    value = element.get("value")
    value = clean_text(value).strip() if isinstance(value, str) else None  # no NUL, zero-width or bidi controls
    return value or None


def parse_intake(
    state: State, *, known_teams: Mapping[str, str], today: date
) -> tuple[RequestForm | None, dict[str, str]]:
    errors: dict[str, str] = {}

    def text(block: str, required: str | None = None) -> str:
        value = field_value(state, block)
        if value is None and required:
            errors[block] = required
        return str(value or "")

    customer = text(BlockId.CUSTOMER, "Enter the customer's name (any company name is fine).")
    summary = text(BlockId.SUMMARY, "Give a one-line summary.")
    need = text(BlockId.NEED, "Say what you need from engineering.")
    urgency = text(BlockId.URGENCY, "Say how urgent it is, e.g. \"fine to look tomorrow\".")
    severity = _choice(state, BlockId.SEVERITY, Severity, errors, "Choose a severity.")
    request_type = _choice(state, BlockId.REQUEST_TYPE, RequestType, errors, "Choose the request type.")
    team_id = field_value(state, BlockId.TEAM)
    if not team_id:
        errors[BlockId.TEAM] = "Choose the team that should help."
    elif team_id not in known_teams:
        errors[BlockId.TEAM] = "That team is not in the configuration any more; choose another."
    ticket = text(BlockId.TICKET)
    if ticket and not ticket.startswith(URL_PREFIXES):
        errors[BlockId.TICKET] = "Paste the support ticket's link (starting with https://)."
    needed_by = _date(field_value(state, BlockId.NEEDED_BY), today, errors)
    tier = field_value(state, BlockId.TIER)
    if errors or severity is None or request_type is None:
        return None, errors
    return RequestForm(
        customer=customer, summary=summary, need=need, severity=severity, request_type=request_type,
        urgency=urgency, team_id=str(team_id), tier=int(tier) if tier else None,
        in_sales_process=bool(field_value(state, BlockId.SALES)), environment=text(environment_block(state)),
        steps_to_reproduce=text(BlockId.REPRO), logs=text(BlockId.LOGS),
        files=tuple(f for f in field_value(state, BlockId.FILES) or () if f),
        recent_changes=text(BlockId.RECENT_CHANGES), impacted_users=text(BlockId.IMPACTED),
        unimpacted_users=text(BlockId.UNIMPACTED), customer_quote=text(BlockId.QUOTE), needed_by=needed_by,
        tracker=Tracker(field_value(state, BlockId.TRACKER) or Tracker.PRIVATE.value), support_ticket=ticket,
        people=tuple(field_value(state, BlockId.PEOPLE) or ()),
    ), {}


TEXT_FIELDS: dict[BlockId, tuple[str, str]] = {
    BlockId.CUSTOMER: ("Customer", "customer"), BlockId.SUMMARY: ("Summary", "summary"),
    BlockId.NEED: ("What you need from engineering", "need"), BlockId.URGENCY: ("Urgency and timeline", "urgency"),
    BlockId.ENVIRONMENT: ("Environment", "environment"), BlockId.REPRO: ("Steps to reproduce", "steps_to_reproduce"),
    BlockId.LOGS: ("Logs and screenshots", "logs"), BlockId.RECENT_CHANGES: ("Recent changes", "recent_changes"),
    BlockId.IMPACTED: ("Users impacted", "impacted_users"), BlockId.UNIMPACTED: ("Users not impacted",
                                                                                  "unimpacted_users"),
    BlockId.QUOTE: ("Customer quote", "customer_quote"), BlockId.TICKET: ("Support ticket", "support_ticket"),
}
"""Every free-text field of the intake modal: block id → (its label, the RequestForm attribute)."""


def text_fields(form: RequestForm, *, environment: str = BlockId.ENVIRONMENT) -> dict[str, tuple[str, str]]:
    """Block id → (label, text) of the form's free text, for the secret check. ``environment``: the Environment
    block's id in this view (renamed once a customer profile pre-filled it, see ``environment_block``)."""
    fields: dict[str, tuple[str, str]] = {block: (label, str(getattr(form, attr)))
                                         for block, (label, attr) in TEXT_FIELDS.items()}
    fields[environment] = fields.pop(BlockId.ENVIRONMENT)
    return fields


def with_texts(form: RequestForm, texts: Mapping[str, str]) -> RequestForm:
    """The form with some free-text fields replaced (by block id), e.g. with their secrets redacted."""
    def attribute(block: str) -> str:
        base = BlockId.ENVIRONMENT if block.startswith(f"{BlockId.ENVIRONMENT}_") else BlockId(block)
        return TEXT_FIELDS[base][1]

    changes: dict[str, Any] = {attribute(block): text for block, text in texts.items()}
    return replace(form, **changes)
def environment_block(state: State) -> str:
    """Environment's block: renamed (environment_N) once pre-filled from a customer profile, see
    ``bot.blocks.intake_parts``."""
    renamed = sorted(k for k in state if k.startswith(f"{BlockId.ENVIRONMENT}_"))
    return renamed[-1] if renamed else BlockId.ENVIRONMENT


def _choice(state: State, block: BlockId, enum: Any, errors: dict[str, str], message: str) -> Any:
    value = field_value(state, block)
    try:
        return enum(value) if value else _missing(errors, block, message)
    except ValueError:
        return _missing(errors, block, message)


def _missing(errors: dict[str, str], block: BlockId, message: str) -> None:
    errors[block] = message
    return None


def _date(value: str | None, today: date, errors: dict[str, str]) -> date | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        errors[BlockId.NEEDED_BY] = "Pick a date from the calendar."
        return None
    if day < today:
        errors[BlockId.NEEDED_BY] = "That date is in the past; pick today or later."
    return day
