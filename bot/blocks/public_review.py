"""The "Review public issue" message (sent privately to the requester and the team's leads) and its Edit modal."""

from __future__ import annotations

from typing import Any, Protocol

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.blocks.ids import ActionId, BlockId, CallbackId
from bot.blocks.metadata import RequestMeta
from bot.core.text import mrkdwn, truncate

PREVIEW_LIMIT = 2500
FIELD_LIMIT = 3000


class Draft(Protocol):
    @property
    def title(self) -> str: ...

    @property
    def summary(self) -> str: ...

    @property
    def need(self) -> str: ...

    @property
    def steps_to_reproduce(self) -> str: ...


def review_message(request_id: int, draft: Draft, *, public_repo: str, requester: str) -> tuple[str, list[Block]]:
    text = (f":mag: Review public issue for RFH-{request_id}: <@{requester}> asked for a public issue in "
            f"{mrkdwn(public_repo)}. Check that nothing about the customer is left, then Approve, or Edit it first.")
    preview = "\n".join(f"*{label}*\n{mrkdwn(value or 'Not provided')}" for label, value in (
        ("Title", draft.title), ("Summary", draft.summary), ("What we need from engineering", draft.need),
        ("Steps to reproduce", draft.steps_to_reproduce)))
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=truncate(text, 3000))),
        SectionBlock(text=MarkdownTextObject(text=truncate(preview, PREVIEW_LIMIT))),
        ContextBlock(elements=[MarkdownTextObject(
            text="Customer names and aliases, e-mail addresses, hosts, links and secrets were removed. Nothing is "
                 "filed until you approve.")]),
        ActionsBlock(elements=[
            ButtonElement(text="Approve", action_id=ActionId.APPROVE_PUBLIC, value=str(request_id), style="primary"),
            ButtonElement(text="Edit", action_id=ActionId.EDIT_PUBLIC, value=str(request_id)),
        ]),
    ]
    return truncate(text, 3000), blocks


def review_answered(text: str) -> list[dict[str, Any]]:
    return [SectionBlock(text=MarkdownTextObject(text=truncate(text, 3000))).to_dict()]


def public_issue_approved(request_id: int, approver: str) -> str:
    """The review message once approved (its buttons gone)."""
    return f":white_check_mark: <@{approver}> approved the public issue of RFH-{request_id}; it is being filed."


def edit_public_modal(request_id: int, draft: Draft) -> View:
    def field(block: BlockId, label: str, value: str, *, multiline: bool = True, optional: bool = True,
              limit: int = FIELD_LIMIT) -> InputBlock:
        element = PlainTextInputElement(action_id=ActionId.VALUE, multiline=multiline, max_length=limit,
                                        initial_value=truncate(value, limit) or None)
        return InputBlock(block_id=block, label=label, element=element, optional=optional)

    return View(
        type="modal", callback_id=CallbackId.EDIT_PUBLIC, title="Public issue", submit="Approve and file",
        close="Cancel", private_metadata=RequestMeta(request_id).dump(),
        blocks=[
            ContextBlock(elements=[MarkdownTextObject(
                text="This is filed in the public tracker. It is checked again for customer names, hosts and "
                     "secrets when you submit.")]),
            field(BlockId.PUBLIC_TITLE, "Title", draft.title, multiline=False, optional=False, limit=200),
            field(BlockId.SUMMARY, "Summary", draft.summary, optional=False),
            field(BlockId.NEED, "What we need from engineering", draft.need),
            field(BlockId.REPRO, "Steps to reproduce", draft.steps_to_reproduce),
        ],
    )
