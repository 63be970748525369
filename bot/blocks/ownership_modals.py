"""Modals for hand-over, resolution and re-routing of a request."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import InputBlock, Option, PlainTextInputElement, StaticSelectElement, UserSelectElement
from slack_sdk.models.views import View

from bot.blocks.ids import ActionId, BlockId, CallbackId
from bot.blocks.intake_modal import TeamChoice
from bot.blocks.metadata import RequestMeta
from bot.core.domain import ResolutionKind
from bot.core.text import truncate

RESOLUTIONS = [(kind.value, kind.label) for kind in ResolutionKind]


def hand_over_modal(request_id: int, title: str) -> View:
    return View(
        type="modal", callback_id=CallbackId.HAND_OVER, title="Hand over", submit="Hand over", close="Cancel",
        private_metadata=RequestMeta(request_id).dump(),
        blocks=[
            InputBlock(block_id=BlockId.NEW_OWNER, label="New owner",
                       element=UserSelectElement(action_id=ActionId.VALUE, placeholder="Who sees it through now")),
            _note("Note for the new owner", f"What they need to know about: {truncate(title, 80)}"),
        ],
    )


def resolve_modal(request_id: int) -> View:
    options = [Option(value=v, text=t) for v, t in RESOLUTIONS]
    return View(
        type="modal", callback_id=CallbackId.RESOLVE, title="Resolve request", submit="Resolve", close="Cancel",
        private_metadata=RequestMeta(request_id).dump(),
        blocks=[
            InputBlock(block_id=BlockId.RESOLUTION, label="Resolution",
                       element=StaticSelectElement(action_id=ActionId.VALUE, options=options)),
            _note("Note", "What was the answer or the fix?"),
        ],
    )


def reroute_modal(request_id: int, teams: Sequence[TeamChoice], current: str) -> View:
    options = [t.option for t in teams if t.id != current]
    return View(
        type="modal", callback_id=CallbackId.REROUTE, title="Re-route request", submit="Re-route", close="Cancel",
        private_metadata=RequestMeta(request_id).dump(),
        blocks=[
            InputBlock(block_id=BlockId.NEW_TEAM, label="Send to team",
                       element=StaticSelectElement(action_id=ActionId.VALUE, options=options)),
            _note("Note", "Why it belongs there"),
        ],
    )


def _note(label: str, placeholder: str) -> InputBlock:
    return InputBlock(block_id=BlockId.NOTE, label=label,
                      element=PlainTextInputElement(action_id=ActionId.VALUE, multiline=True, max_length=3000,
                                                    placeholder=truncate(placeholder, 150)))
