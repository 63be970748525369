"""The config file as pydantic models: ``ConfigModel`` (the whole file) and its tables other than ``[[teams]]``
(``bot.core.config.teams``) and ``[sla.pN]`` (``bot.core.config.sla``)."""

from __future__ import annotations

import re
from datetime import time
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from bot.core.config.fields import (
    GITHUB_LOGIN_PATTERN,
    REPO_PATTERN,
    SLACK_USER_PATTERN,
    SlackUserId,
    Strict,
    Weekday,
    known_zone,
)
from bot.core.config.sla import SlaPriorityModel, fits_business_day, sla_policies
from bot.core.config.teams import TeamModel
from bot.core.policies import DEFAULT_DIGEST_TIME
from routing.priority import Severity


class TrackersModel(Strict):
    private: str = Field(pattern=REPO_PATTERN)
    public: str | None = Field(default=None, pattern=REPO_PATTERN)


class AlertsModel(Strict):
    admin_channel: str | None = None


class PriorityModel(Strict):
    labels: list[str] = Field(default=["ce/p0", "ce/p1", "ce/p2", "ce/p3"], min_length=2)
    fixed: list[Severity] = [Severity.OUTAGE, Severity.FEATURE]
    severity: dict[Severity, int] = {}
    adjust: dict[Literal["tier1", "tier2", "tier3", "sales_process"], int] = {}

    @model_validator(mode="after")
    def _levels_in_range(self) -> PriorityModel:
        for name, level in self.severity.items():
            if not 0 <= level < len(self.labels):
                raise ValueError(f"severity.{name} = {level} is outside 0..{len(self.labels) - 1}")
        return self


class DigestModel(Strict):
    """``[digest]``: the daily list of unowned and overdue requests in each team channel."""

    enabled: bool = True
    at: time = DEFAULT_DIGEST_TIME
    """Local time in each team's time zone, on the team's business days."""


class BridgeModel(Strict):
    """``[bridge]``: the Slack ↔ GitHub conversation bridge (see the README, "Slack ↔ GitHub")."""

    internal_marker: str = Field(default="(internal)", min_length=1)
    """A thread reply starting with this stays in Slack."""
    comment_limit: int = Field(default=2500, ge=200, le=3000)
    """Characters of a GitHub comment shown in Slack before it is cut, with a link to the whole comment."""
    requester_quiet_minutes: int = Field(default=30, ge=0)
    """After a DM to the requester about new comments, further comments within this time do not DM again."""
    customer_facing_channels: list[str] = []
    """Channel ids never bridged to GitHub, whatever else is known about them (Slack Connect channels are detected)."""


class ReportsModel(Strict):
    """``[reports]``: the weekly report posted in Slack (none unless ``channel`` or ``per_team`` is set)."""

    channel: str | None = None
    """Where the report of all teams goes (a channel name or id)."""
    per_team: bool = False
    """Also post each team's own report in the team's channel."""
    weekday: Weekday = 0
    at: time = time(9, 0)
    timezone: str = "UTC"
    weeks: int = Field(default=4, ge=2, le=26)
    """How many whole weeks each report covers; the last two are compared."""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return known_zone(value)

    @property
    def enabled(self) -> bool:
        return bool(self.channel) or self.per_team


class CustomerModel(Strict):
    name: str = Field(min_length=1)
    tier: Literal[1, 2, 3] | None = None
    in_sales_process: bool = False
    sales_rep: SlackUserId | None = None
    ce: SlackUserId | None = None
    aliases: list[str] = []
    """Other names of the customer; the sanitiser removes them (and the name) from public issues."""
    domains: list[str] = []
    """Their domains (e.g. acme.com): e-mail addresses, URLs and hosts under them never reach a public issue."""


class SecurityModel(Strict):
    """``[security]``: admins (may retry any request) and the per-user limit on filing."""

    admins: list[Annotated[str, Field(pattern=SLACK_USER_PATTERN)]] = []
    requests_per_user_per_minute: int = Field(default=10, ge=1)


class PrivacyModel(Strict):
    """``[privacy]``: channel names (shell patterns) that are customer-facing besides Slack Connect channels."""

    customer_channel_patterns: list[str] = []
    public_links: list[str] = []
    """Link prefixes the sanitiser lets into a public issue (docs, the public repository); other links go."""


class TechReviewModel(Strict):
    """``[tech_review]`` (handbook 000): where tech-review requests are filed and posted, and the EPS reviewers."""

    tracker: str | None = Field(default=None, pattern=REPO_PATTERN)
    """The repository the review issue is filed in; default: the private tracker."""
    label: str = Field(default="tech-review", min_length=1, max_length=50)
    channel: str = Field(default="#tech-review", min_length=1)
    engineering: list[str] = []
    product: list[str] = []
    support: list[str] = []
    """Reviewers per EPS area: Slack user ids (U…) or user group handles (@eps-eng); mentioned on every review."""

    @field_validator("engineering", "product", "support")
    @classmethod
    def _ids_or_handles(cls, values: list[str]) -> list[str]:
        for value in values:
            if not (re.fullmatch(SLACK_USER_PATTERN, value) or re.fullmatch(r"@?[a-z0-9][a-z0-9._-]*", value)):
                raise ValueError(f"{value!r} is neither a Slack user id (U…) nor a user group handle (@name)")
        return values


class ConfigModel(Strict):
    trackers: TrackersModel
    alerts: AlertsModel = AlertsModel()
    priority: PriorityModel = PriorityModel()
    teams: list[TeamModel] = Field(min_length=1)
    customers: list[CustomerModel] = []
    routing: dict[str, Any] = {}
    sla: dict[Annotated[str, Field(pattern=r"^p[0-9]$")], SlaPriorityModel] = {}
    digest: DigestModel = DigestModel()
    bridge: BridgeModel = BridgeModel()
    people: dict[Annotated[str, Field(pattern=SLACK_USER_PATTERN)],
                 Annotated[str, Field(pattern=GITHUB_LOGIN_PATTERN)]] = {}
    """Slack user id → GitHub login (``[people]``); wins over e-mail matches and ``/rfh github LOGIN``."""
    security: SecurityModel = SecurityModel()
    privacy: PrivacyModel = PrivacyModel()
    tech_review: TechReviewModel = TechReviewModel()
    reports: ReportsModel = ReportsModel()

    @model_validator(mode="after")
    def _sla_covers_every_priority(self) -> ConfigModel:
        policies = sla_policies(self.sla)
        for level, label in enumerate(self.priority.labels):
            if f"p{level}" not in policies:
                raise ValueError(f"sla.p{level}: is required for the priority {label!r} (there is no default "
                                 "for it): give claim_within, business_time, reping_after, escalate_after, "
                                 "stale_after")
        for key, policy in policies.items():
            if policy.business_time:
                for team in self.teams:
                    fits_business_day(key, policy, team)
        return self
