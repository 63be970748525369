"""What a tracker import needs from a tracker (the port); ``bot.adapters.github_issues`` implements it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class TrackerIssue:
    number: int
    title: str
    body: str
    labels: tuple[str, ...]
    updated_at: datetime
    pull_request: bool = False


@dataclass(frozen=True, slots=True)
class Budget:
    """The rate-limit budget as of the tracker's last answer."""

    remaining: int
    limit: int
    reset_at: datetime


class TrackerReadError(Exception):
    """The tracker cannot be read (message for the user); ``reset_at`` is set when the rate limit stopped it."""

    def __init__(self, message: str, *, reset_at: datetime | None = None):
        super().__init__(message)
        self.reset_at = reset_at


class IssueSource(Protocol):
    per_page: int

    def count(self, repo: str, *, state: str, since: datetime | None) -> int | None:
        """How many issues the import will page through (``None``: unknown)."""

    def page(self, repo: str, *, state: str, since: datetime | None, page: int) -> list[TrackerIssue]:
        """Page ``page`` (0-based) of the issues updated at or after ``since``, oldest update first."""

    def budget(self) -> Budget: ...
