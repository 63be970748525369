"""What the intake modal shows of related requests, as values: the views render them, ``bot.related`` finds them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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


def age(then: datetime, now: datetime) -> str:
    """"just now", "5 minutes ago", "3 hours ago", "2 days ago", "4 weeks ago", "7 months ago"."""
    seconds = max(0, int((now - then).total_seconds()))
    for unit, size in (("month", 30 * 86400), ("week", 7 * 86400), ("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size * (2 if unit in ("month", "week") else 1):
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"
