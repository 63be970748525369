"""Which related requests the intake modal shows, in which order, and how old they are: pure functions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

SHOWN = 3
"""Up to three related requests in the modal (Block Kit room, and a person reads three)."""
DUPLICATE_WINDOW = timedelta(minutes=15)
"""Two people filing the same text within this window are offered the merge."""


@dataclass(frozen=True)
class RelatedRequest:
    """A past request as the modal shows it."""

    request_id: int
    summary: str
    customer: str
    team_name: str
    status: str
    """open | resolved"""
    created_at: datetime
    score: float
    link: str | None = None
    link_label: str | None = None
    owner_id: str | None = None
    resolution: str | None = None
    """The resolution's label (Answered, Fixed, …) when resolved."""
    answer: str | None = None
    """The resolution note: what the owner wrote when resolving it."""

    @property
    def answered(self) -> bool:
        return self.status == "resolved" and bool(self.answer)

    @property
    def can_add_to(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class TrackerMatch:
    """An open issue in the private tracker that the bot did not file (found by GitHub search)."""

    ref: str
    title: str
    url: str
    created_at: datetime | None


@dataclass(frozen=True)
class RelatedView:
    requests: tuple[RelatedRequest, ...] = ()
    issues: tuple[TrackerMatch, ...] = ()
    duplicate_of: RelatedRequest | None = None
    """Set when the same text was just filed by someone else: the modal offers the merge prominently."""

    def __bool__(self) -> bool:
        return bool(self.requests or self.issues or self.duplicate_of)


def pick(candidates: Sequence[RelatedRequest], limit: int = SHOWN) -> tuple[RelatedRequest, ...]:
    """Answered-before first (the self-help step of handbook 002), then the rest by similarity. Resolved requests
    without an answer say nothing new, so they only fill spare room."""
    answered = sorted((c for c in candidates if c.answered), key=lambda c: -c.score)
    open_ = sorted((c for c in candidates if c.status == "open"), key=lambda c: -c.score)
    rest = sorted((c for c in candidates if c.status != "open" and not c.answered), key=lambda c: -c.score)
    chosen = answered[:1] + open_ + answered[1:] + rest
    return tuple(chosen[:limit])


def age(then: datetime, now: datetime) -> str:
    """"just now", "5 minutes ago", "3 hours ago", "2 days ago", "4 weeks ago", "7 months ago"."""
    seconds = max(0, int((now - then).total_seconds()))
    for unit, size in (("month", 30 * 86400), ("week", 7 * 86400), ("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size * (2 if unit in ("month", "week") else 1):
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"


_SPACE = re.compile(r"[^0-9a-z]+")


def same_text(a: str, b: str) -> bool:
    """The same request typed twice: equal once case, accents, punctuation and spacing are ignored."""
    return bool(_fold(a)) and _fold(a) == _fold(b)


def is_duplicate(*, text: str, other_text: str, other_created: datetime, now: datetime, same_requester: bool) -> bool:
    """Another person's request with the same text (case, accents, punctuation and spacing aside), filed within the
    last few minutes. Merely similar texts are not: they differ in something ("cluster 1" and "cluster 2"), and the
    related list already offers "Add to" for them."""
    if same_requester or now - other_created > DUPLICATE_WINDOW:
        return False
    return same_text(text, other_text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _SPACE.sub(" ", plain).strip()
