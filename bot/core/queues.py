"""The vocabulary of the queues and the RFH priorities lists that the domain (``bot.queues``) and the views
(``bot/blocks``) share: plain frozen dataclasses and enums, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")
MAX_REASON = 300
"""A lead's reason for a move: short, it goes in one line of the team channel."""


class Move(StrEnum):
    UP = "up"
    DOWN = "down"
    TOP = "top"
    BOTTOM = "bottom"
    TO = "to"

    @property
    def label(self) -> str:
        return {"up": "Move up", "down": "Move down", "top": "Move to the top", "bottom": "Move to the bottom",
                "to": "Move to position…"}[self.value]


class QueueKind(StrEnum):
    """The queues of ``/rfh list`` and App Home."""

    MINE = "mine"
    OWNED = "owned"
    TEAM = "team"
    UNCLAIMED = "unclaimed"
    OVERDUE = "overdue"

    @property
    def heading(self) -> str:
        return {"mine": "Your open requests", "owned": "Open requests you own", "team": "Open requests of {team}",
                "unclaimed": "Unclaimed requests", "overdue": "Overdue requests"}[self.value]


class StateFilter(StrEnum):
    """The App Home's state filter."""

    OPEN = "open"
    UNCLAIMED = "unclaimed"
    OWNED = "owned"
    OVERDUE = "overdue"
    RESOLVED = "resolved"
    ANY = "any"

    @property
    def label(self) -> str:
        return {"open": "Open", "unclaimed": "Unclaimed", "owned": "Owned", "overdue": "Overdue",
                "resolved": "Resolved", "any": "Any state"}[self.value]


@dataclass(frozen=True)
class QueueFilter:
    """Team, priority level and state; None means any."""

    team_id: str | None = None
    priority_level: int | None = None
    state: StateFilter = StateFilter.OPEN


@dataclass(frozen=True)
class ListPosition:
    """Where a request stands on its team's priorities list: ``position`` of ``length``, 1 = top."""

    team_id: str
    position: int
    length: int


@dataclass(frozen=True)
class QueueItem:
    """One request as the lists show it."""

    request_id: int
    customer: str
    summary: str
    team_id: str
    team_name: str
    priority: str
    priority_level: int
    status: str
    state: str
    requester_id: str
    created_at: datetime
    owner_id: str | None = None
    owner_informal: bool = False
    resolution: str | None = None
    issue_url: str | None = None
    issue_ref: str | None = None
    post_permalink: str | None = None
    position: ListPosition | None = None
    overdue: str | None = None
    """Why the request is overdue (past its claim SLA, owner quiet, past its needed-by date), if it is."""

    @property
    def title(self) -> str:
        return f"[{self.customer}] {self.summary}"

    @property
    def unclaimed(self) -> bool:
        return self.status == "open" and not self.owner_id


@dataclass(frozen=True)
class PriorityEntry:
    """One item of a priorities list, with the latest move's reason (the list's "why")."""

    position: int
    item: QueueItem
    last_reason: str | None = None
    last_moved_by: str | None = None
    added_at: datetime | None = None


@dataclass(frozen=True)
class PrioritiesList:
    team_id: str
    team_name: str
    entries: tuple[PriorityEntry, ...]
    leads: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a longer list: ``items`` are entries ``start`` … ``start + len(items) - 1`` of ``total``."""

    items: tuple[T, ...]
    page: int
    pages: int
    total: int
    start: int = 0

    @property
    def has_previous(self) -> bool:
        return self.page > 0

    @property
    def has_next(self) -> bool:
        return self.page + 1 < self.pages


@dataclass(frozen=True)
class TeamOverview:
    team_id: str
    team_name: str
    unclaimed: int = 0
    owned: int = 0
    resolved_this_week: int = 0
    oldest_unclaimed: QueueItem | None = None
    claim_breaches: int = 0
    escalations: int = 0
    quiet_owner_nudges: int = 0


@dataclass(frozen=True)
class Overview:
    """App Home's overview: counts by state, the oldest unclaimed request and this week's SLA breaches per team."""

    by_state: dict[str, int]
    teams: tuple[TeamOverview, ...]
    week_start: datetime
