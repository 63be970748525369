"""The answers a modal submission gets before anything is stored: field errors, and the secret check on a note.

Slack shows ``response_action: errors`` under the named inputs, so the user fixes them without losing the modal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_bolt.async_app import AsyncAck

from bot.blocks.ids import BlockId
from bot.security.secret_check import SecretGuard


async def show_errors(ack: AsyncAck, errors: Mapping[str, str]) -> None:
    """Keep the modal open with these messages under their inputs (block id → message)."""
    await ack(response_action="errors", errors=dict(errors))


async def checked_texts(ack: AsyncAck, guard: SecretGuard, view: Mapping[str, Any],
                        fields: Mapping[str, tuple[str, str]], *, button: str) -> dict[str, str] | None:
    """The fields' texts with any accepted secret redacted (block id → text); None once the modal was answered
    with the secret warnings instead (the first time secrets appear: the user removes them or presses again)."""
    review = await guard.review(view.get("id"), fields, button=button)
    if review.errors:
        await show_errors(ack, review.errors)
        return None
    return {block: review.redacted.get(block, text) for block, (_, text) in fields.items()}


async def checked_note(ack: AsyncAck, guard: SecretGuard, view: Mapping[str, Any], note: str, *,
                       button: str) -> str | None:
    """The note input (``BlockId.NOTE``) through :func:`checked_texts`."""
    texts = await checked_texts(ack, guard, view, {BlockId.NOTE: ("the note", note)}, button=button)
    return None if texts is None else texts[BlockId.NOTE]
