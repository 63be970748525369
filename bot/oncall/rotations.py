"""The config's on-call rotations as ``bot.oncall.rules.Rotation`` values, and who is on call for a team right now.

A rotation lists its members in the config, or follows a Slack user group (``follow_usergroup``): then its members
are the group's current members, ordered by user id so the order does not depend on how Slack lists them. A group
that another tool keeps at exactly the person on call simply yields that person.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.config import RfhConfig, TeamModel, rotation_from_model
from bot.core.policies import BusinessHours, Rotation
from bot.oncall.rules import escalation_chain, on_call_at

log = logging.getLogger(__name__)

GroupMembers = Callable[[str], Awaitable[tuple[str, ...]]]
"""A Slack user group's members by handle (``bot.adapters.slack_usergroups.UserGroups.members``)."""


def rotations_from_config(config: RfhConfig) -> dict[str, Rotation]:
    """Team id → rotation, for every team with ``[teams.oncall]``."""
    return {t.id: rotation_from_model(t.oncall, t.timezone) for t in config.raw_teams if t.oncall is not None}


def followed_group(team: TeamModel) -> str | None:
    """The handle of the group whose members make up the rotation, if it follows one."""
    follow = team.oncall.follow_usergroup if team.oncall else False
    if follow is True:
        return team.handle
    return follow or None


def business_hours(config: RfhConfig, team_id: str) -> BusinessHours:
    team = config.team_model(team_id)
    return team.hours if team is not None else BusinessHours(ZoneInfo("UTC"))


class OnCall:
    """Who is on call for each team, now or at any instant (``members`` resolves follow-mode groups)."""

    def __init__(self, config: RfhConfig, group_members: GroupMembers | None = None):
        self.config = config
        self.rotations = rotations_from_config(config)
        self.group_members = group_members

    async def members(self, team_id: str) -> tuple[str, ...]:
        """The rotation's members (empty: no rotation, or a followed group that is empty or unreadable)."""
        rotation, team = self.rotations.get(team_id), self.config.team_model(team_id)
        if rotation is None or team is None:
            return ()
        handle = followed_group(team)
        if handle is None:
            return rotation.members
        if self.group_members is None:
            return ()
        return tuple(sorted(await self.group_members(handle)))

    async def chain(self, team_id: str, at: datetime) -> tuple[str, ...]:
        """The on-call at ``at``, then the others in rotation order (``bot.oncall.rules.escalation_chain``)."""
        members = await self.members(team_id)
        if not members:
            return ()
        return escalation_chain(self.rotations[team_id], at, members)

    async def current(self, team_id: str, at: datetime) -> str | None:
        members = await self.members(team_id)
        return on_call_at(self.rotations[team_id], at, members).user_id if members else None

