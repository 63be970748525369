"""The record of who owned a request: one event per change (seed 004). The ownership rules
(``bot.ownership.rules``) replay and decide on these; the views (``bot.blocks.ownership_notes``) word them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.core.domain import ResolutionKind


class OwnershipEventKind(StrEnum):
    CLAIMED = "claimed"
    HANDED_OVER = "handed_over"
    INFORMAL = "informal"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    RELEASED = "released"
    RESOLVED = "resolved"
    REOPENED = "reopened"


@dataclass(frozen=True)
class OwnershipEvent:
    """One change of ownership: ``actor`` did ``kind`` at ``at``, moving it ``from_user`` → ``to_user``."""

    kind: OwnershipEventKind
    actor: str
    at: datetime
    from_user: str | None = None
    to_user: str | None = None
    note: str | None = None
    resolution: ResolutionKind | None = None
