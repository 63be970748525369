"""Which related requests the intake modal shows, in which order, and how old they are: pure functions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.core.related import RelatedRequest

SHOWN = 3
"""Up to three related requests in the modal (Block Kit room, and a person reads three)."""
DUPLICATE_WINDOW = timedelta(minutes=15)
"""Two people filing the same text within this window are offered the merge."""


def pick(candidates: Sequence[RelatedRequest], limit: int = SHOWN) -> tuple[RelatedRequest, ...]:
    """Answered-before first (the self-help step of handbook 002), then the rest by similarity. Resolved requests
    without an answer say nothing new, so they only fill spare room."""
    answered = sorted((c for c in candidates if c.answered), key=lambda c: -c.score)
    open_ = sorted((c for c in candidates if c.status == "open"), key=lambda c: -c.score)
    rest = sorted((c for c in candidates if c.status != "open" and not c.answered), key=lambda c: -c.score)
    chosen = answered[:1] + open_ + answered[1:] + rest
    return tuple(chosen[:limit])


_SPACE = re.compile(r"[^0-9a-z]+")


def same_text(a: str, b: str) -> bool:
    """The same request typed twice: equal once case, accents, punctuation and spacing are ignored."""
    return bool(folded(a)) and folded(a) == folded(b)


def is_duplicate(*, text: str, other_text: str, other_created: datetime, now: datetime, same_requester: bool) -> bool:
    """Another person's request with the same text (case, accents, punctuation and spacing aside), filed within the
    last few minutes. Merely similar texts are not: they differ in something ("cluster 1" and "cluster 2"), and the
    related list already offers "Add to" for them."""
    if same_requester or now - other_created > DUPLICATE_WINDOW:
        return False
    return same_text(text, other_text)


def folded(text: str) -> str:
    """The text as ``same_text`` compares it."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _SPACE.sub(" ", plain).strip()
