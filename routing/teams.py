"""The team table routing works over: who the teams are and how to reach them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class TeamKind(StrEnum):
    """Engineering teams get a GitHub issue; the others only get a post in their channel."""

    ENGINEERING = "engineering"
    CE_SALES = "ce-sales"
    BIZOPS = "bizops"


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    kind: TeamKind
    channel: str
    """Slack channel id (C…) or name (#name) where requests are posted."""
    handle: str | None = None
    """Slack user-group handle without the @, e.g. ``distribution-support``."""
    label: str | None = None
    """GitHub label for the team, e.g. ``team/distribution``."""
    keywords: tuple[str, ...] = ()
    """The handbook's keyword list for this team (seed 002)."""
    keeps_priorities_list: bool = False
    leads: tuple[str, ...] = ()
    """Slack user ids of the team's leads."""
    members: tuple[str, ...] = ()
    """Slack user ids of the team's members (besides on-call rotations)."""
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def files_issues(self) -> bool:
        return self.kind is TeamKind.ENGINEERING


@dataclass(frozen=True)
class TeamTable:
    teams: tuple[Team, ...]

    def get(self, team_id: str) -> Team | None:
        return next((t for t in self.teams if t.id == team_id), None)

    def __getitem__(self, team_id: str) -> Team:
        team = self.get(team_id)
        if team is None:
            raise KeyError(team_id)
        return team

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.teams)
