"""``[[teams]]``: a team's channel, handle, label, people and time zone, its on-call rotation, business hours and
bridge settings."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator, model_validator

from bot.core.config.fields import SLACK_USER_PATTERN, Duration, SlackUserId, Strict, Weekday, known_zone
from bot.core.policies import BusinessHours, Rotation
from routing.teams import TeamKind


class OncallModel(Strict):
    """``[teams.oncall]``: an ordered rotation of Slack user ids, or the members of a Slack user group."""

    members: list[Annotated[str, Field(pattern=SLACK_USER_PATTERN)]] = []
    shift: Duration = timedelta(days=7)
    handoff_weekday: Weekday = 0
    handoff_time: time = time(9, 0)
    timezone: str | None = None
    anchor: date | None = None
    follow_usergroup: bool | str = False
    """true: rotate through the members of the team's ``handle`` group; a handle: through that group's members."""
    sync_usergroup: bool = False
    """Keep the team's ``handle`` group equal to the current on-call at each hand-off (usergroups.users.update)."""

    @model_validator(mode="after")
    def _members_or_group(self) -> OncallModel:
        if self.members and self.follow_usergroup:
            raise ValueError("give either members or follow_usergroup, not both")
        if not self.members and not self.follow_usergroup:
            raise ValueError("list the rotation's members (Slack user ids) or set follow_usergroup")
        if self.shift % timedelta(hours=1):
            raise ValueError(f"shift must be a whole number of hours (got {self.shift})")
        return self


class BusinessHoursModel(Strict):
    """``[teams.business_hours]``, in the team's time zone: when SLA timers on business time run."""

    start: time = time(9, 0)
    end: time = time(17, 0)
    workdays: list[Weekday] = [0, 1, 2, 3, 4]
    holidays: list[date] = []

    @model_validator(mode="after")
    def _sane(self) -> BusinessHoursModel:
        if not self.start < self.end:
            raise ValueError(f"start ({self.start}) must come before end ({self.end})")
        if not self.workdays:
            raise ValueError("workdays needs at least one day")
        return self


class TeamBridgeModel(Strict):
    """``[teams.bridge]``: how the team's requests are kept in step with their GitHub issues."""

    enabled: bool = True
    """Comments, labels and assignees flow between the issue and the team post's thread."""
    notify_requester: bool = True
    """The requester gets one private DM per burst of engineering comments on their request."""


class TeamModel(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    kind: TeamKind = TeamKind.ENGINEERING
    channel: str = Field(min_length=1)
    handle: str | None = None
    label: str | None = None
    keywords: list[str] = []
    keeps_priorities_list: bool = False
    leads: list[SlackUserId] = []
    members: list[SlackUserId] = []
    timezone: str = "UTC"
    oncall: OncallModel | None = None
    business_hours: BusinessHoursModel = BusinessHoursModel()
    bridge: TeamBridgeModel = TeamBridgeModel()

    @field_validator("handle")
    @classmethod
    def _no_at(cls, value: str | None) -> str | None:
        return value.lstrip("@") if value else value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return known_zone(value)

    @model_validator(mode="after")
    def _engineering_needs_label(self) -> TeamModel:
        if self.kind is TeamKind.ENGINEERING and not self.label:
            raise ValueError("an engineering team needs a GitHub label (label = \"team/…\")")
        return self

    @model_validator(mode="after")
    def _rotation_is_usable(self) -> TeamModel:
        oncall = self.oncall
        if oncall is None:
            return self
        if oncall.timezone:
            known_zone(oncall.timezone, "oncall.timezone")
        if (oncall.sync_usergroup or oncall.follow_usergroup is True) and not self.handle:
            raise ValueError("oncall: sync_usergroup and follow_usergroup = true need the team's handle")
        if oncall.sync_usergroup and oncall.follow_usergroup in (True, self.handle):
            raise ValueError("oncall: a rotation cannot both follow and sync the same user group")
        try:
            rotation_from_model(oncall, self.timezone)
        except ValueError as exc:
            raise ValueError(f"oncall: {exc}") from None
        return self

    @property
    def hours(self) -> BusinessHours:
        h = self.business_hours
        return BusinessHours(ZoneInfo(self.timezone), h.start, h.end, frozenset(h.workdays), frozenset(h.holidays))


def rotation_from_model(model: OncallModel, team_timezone: str) -> Rotation:
    """Raises ValueError (with ``bot.oncall.rules``'s message) for a rotation that cannot work."""
    return Rotation(
        members=tuple(model.members), shift=model.shift, handoff_weekday=model.handoff_weekday,
        handoff_time=model.handoff_time, tz=ZoneInfo(model.timezone or team_timezone), anchor=model.anchor,
        follow_usergroup=bool(model.follow_usergroup), sync_usergroup=model.sync_usergroup,
    )
