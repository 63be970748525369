"""Rebuilding the intake modal after it opened: the live team suggestion, related requests (and, once GitHub
answers, open tracker issues), the chosen customer's profile. Shared by the listeners; the work is the services'."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.ids import BlockId
from bot.blocks.intake_modal import IntakeMeta, IntakePrefill, intake_modal
from bot.blocks.intake_parts import IntakeExtras, carry_over
from bot.blocks.related import related_blocks
from bot.core.related import RelatedView
from bot.related.service import RelatedRequests, draft_text
from bot.services import Services
from handlers.forms import field_value

log = logging.getLogger(__name__)


def _related(services: Services) -> RelatedRequests:
    assert services.related is not None
    return services.related


def prefill_from(state: dict[str, Any]) -> IntakePrefill:
    """The typed texts as initial values too: harmless where Slack keeps the input (same ids), safe where not."""
    return IntakePrefill(summary=field_value(state, BlockId.SUMMARY) or "", need=field_value(state, BlockId.NEED) or "",
                         customer_quote=field_value(state, BlockId.QUOTE) or "")


async def build(services: Services, view: dict[str, Any], *, prefill: IntakePrefill | None = None,
                extras: IntakeExtras | None = None, duplicate: RelatedView | None = None) -> tuple[dict[str, Any], str]:
    """(the rebuilt modal, the draft text it was built for)."""
    state = (view.get("state") or {}).get("values") or {}
    prefill = prefill or prefill_from(state)
    text = draft_text(prefill.summary, prefill.need)
    hint, suggested = services.suggest(text)
    meta = replace(IntakeMeta.load(view.get("private_metadata")), suggested_team=suggested.team_id,
                   confidence=suggested.confidence)
    found = await _related(services).find(text)
    if duplicate is not None:
        found = replace(found, duplicate_of=duplicate.duplicate_of)
    base = extras or carry_over(view.get("blocks") or [])
    base = replace(base, related=tuple(related_blocks(found, services.clock.now())))
    return intake_modal(teams=services.team_choices, prefill=prefill, hint=hint, meta=meta, extras=base), text


async def push(client: AsyncWebClient, view_id: str, view_hash: str | None, updated: dict[str, Any]) -> str | None:
    """views.update guarded by the hash: None when the view moved on (the next action rebuilds it)."""
    try:
        response = await client.views_update(view_id=view_id, hash=view_hash, view=updated)
    except SlackApiError as exc:
        if exc.response.get("error") in ("hash_conflict", "not_found"):
            return None
        raise
    return str((response.get("view") or {}).get("hash") or "") or None


async def refresh(services: Services, client: AsyncWebClient, view: dict[str, Any], *,
                  prefill: IntakePrefill | None = None, extras: IntakeExtras | None = None) -> None:
    """Rebuild and update the modal now; then, if a tracker search was started, once more with its matches."""
    updated, text = await build(services, view, prefill=prefill, extras=extras)
    new_hash = await push(client, view["id"], view.get("hash"), updated)
    task = _related(services).start_issue_search(text)
    if task is None or new_hash is None:
        return
    if not await task:
        return
    again, _ = await build(services, {**view, "blocks": updated["blocks"], "hash": new_hash}, prefill=prefill,
                           extras=extras)
    await push(client, view["id"], new_hash, again)


async def after_open(services: Services, client: AsyncWebClient, opened: Any, prefill: IntakePrefill) -> None:
    """Right after views.open (never before it: the trigger expires in 3 s): show related requests for the
    pre-filled text, if any (and then look for tracker issues too)."""
    text = draft_text(prefill.summary, prefill.need)
    view = (opened.get("view") if hasattr(opened, "get") else None) or {}
    if not text.strip() or not view.get("id"):
        return
    if await _related(services).find(text):
        await refresh(services, client, view, prefill=prefill)
