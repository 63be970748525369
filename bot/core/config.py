"""The team and tracker configuration: TOML in, typed RfhConfig out, every error named by its path."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.core import labels
from bot.core.config_checks import SLACK_USER_PATTERN, SlackUserId, duplicates, routing_problems
from bot.core.policies import (
    DEFAULT_DIGEST_TIME,
    DEFAULT_SLA,
    WEEKDAYS,
    BusinessHours,
    Rotation,
    SlaPolicy,
    business_span,
)
from routing.priority import PriorityRules, Severity
from routing.teams import Team, TeamKind, TeamTable

REPO_PATTERN = r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"


class ConfigError(Exception):
    """A config file that cannot be used; ``problems`` holds one 'path: message' line per error."""

    def __init__(self, source: str, problems: list[str]):
        super().__init__(f"{source}: " + "; ".join(problems))
        self.source = source
        self.problems = problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TrackersModel(_Strict):
    private: str = Field(pattern=REPO_PATTERN)
    public: str | None = Field(default=None, pattern=REPO_PATTERN)


class AlertsModel(_Strict):
    admin_channel: str | None = None


class PriorityModel(_Strict):
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


def parse_duration(value: Any) -> timedelta:
    """``"15m"``, ``"2h"``, ``"1d"``, ``"1d 4h"`` → timedelta. On business time a day is one business day."""
    if isinstance(value, timedelta):
        return value
    match = DURATION.fullmatch(value.strip().lower()) if isinstance(value, str) else None
    if not match or not any(match.groups()):
        raise ValueError(f"{value!r} is not a duration; write it like \"15m\", \"2h\", \"1d\" or \"1d 4h\"")
    days, hours, minutes = (int(g or 0) for g in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes)


def parse_weekday(value: Any) -> int:
    """``"monday"``, ``"Mon"`` → 0 … 6."""
    if isinstance(value, str):
        for n, name in enumerate(WEEKDAYS):
            if value.strip().lower() in (name.lower(), name[:3].lower()):
                return n
    raise ValueError(f"{value!r} is not a weekday; use monday … sunday")


DURATION = re.compile(r"(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?")
Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
Weekday = Annotated[int, BeforeValidator(parse_weekday)]


class OncallModel(_Strict):
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


class BusinessHoursModel(_Strict):
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


class SlaPriorityModel(_Strict):
    """``[sla.pN]``: any field left out keeps the built-in default for that priority."""

    claim_within: Duration | None = None
    business_time: bool | None = None
    reping_after: Duration | None = None
    escalate_after: Duration | None = None
    stale_after: Duration | None = None


class DigestModel(_Strict):
    """``[digest]``: the daily list of unowned and overdue requests in each team channel."""

    enabled: bool = True
    at: time = DEFAULT_DIGEST_TIME
    """Local time in each team's time zone, on the team's business days."""


class TeamBridgeModel(_Strict):
    """``[teams.bridge]``: how the team's requests are kept in step with their GitHub issues."""

    enabled: bool = True
    """Comments, labels and assignees flow between the issue and the team post's thread."""
    notify_requester: bool = True
    """The requester gets one private DM per burst of engineering comments on their request."""


class BridgeModel(_Strict):
    """``[bridge]``: the Slack ↔ GitHub conversation bridge (see the README, "Slack ↔ GitHub")."""

    internal_marker: str = Field(default="(internal)", min_length=1)
    """A thread reply starting with this stays in Slack."""
    comment_limit: int = Field(default=2500, ge=200, le=3000)
    """Characters of a GitHub comment shown in Slack before it is cut, with a link to the whole comment."""
    requester_quiet_minutes: int = Field(default=30, ge=0)
    """After a DM to the requester about new comments, further comments within this time do not DM again."""
    customer_facing_channels: list[str] = []
    """Channel ids never bridged to GitHub, whatever else is known about them (Slack Connect channels are detected)."""


GITHUB_LOGIN_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$"


class ReportsModel(_Strict):
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
        return _known_zone(value)

    @property
    def enabled(self) -> bool:
        return bool(self.channel) or self.per_team


class TeamModel(_Strict):
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
        return _known_zone(value)

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
            _known_zone(oncall.timezone, "oncall.timezone")
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
        from zoneinfo import ZoneInfo

        h = self.business_hours
        return BusinessHours(ZoneInfo(self.timezone), h.start, h.end, frozenset(h.workdays), frozenset(h.holidays))


def _known_zone(value: str, what: str = "") -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        prefix = f"{what}: " if what else ""
        raise ValueError(f"{prefix}unknown time zone {value!r} (use an IANA name such as Europe/Berlin)") from None
    return value


class CustomerModel(_Strict):
    name: str = Field(min_length=1)
    tier: Literal[1, 2, 3] | None = None
    in_sales_process: bool = False
    sales_rep: SlackUserId | None = None
    ce: SlackUserId | None = None
    aliases: list[str] = []
    """Other names of the customer; the sanitiser removes them (and the name) from public issues."""
    domains: list[str] = []
    """Their domains (e.g. acme.com): e-mail addresses, URLs and hosts under them never reach a public issue."""


class SecurityModel(_Strict):
    """``[security]``: admins (may retry any request) and the per-user limit on filing."""

    admins: list[Annotated[str, Field(pattern=SLACK_USER_PATTERN)]] = []
    requests_per_user_per_minute: int = Field(default=10, ge=1)


class PrivacyModel(_Strict):
    """``[privacy]``: channel names (shell patterns) that are customer-facing besides Slack Connect channels."""

    customer_channel_patterns: list[str] = []
    public_links: list[str] = []
    """Link prefixes the sanitiser lets into a public issue (docs, the public repository); other links go."""


class TechReviewModel(_Strict):
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


class ConfigModel(_Strict):
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
                    _fits_business_day(key, policy, team)
        return self


def sla_policies(models: Mapping[str, SlaPriorityModel]) -> dict[str, SlaPolicy]:
    """The built-in SLA defaults with the config's ``[sla.pN]`` fields laid over them."""
    policies = dict(DEFAULT_SLA)
    for key, model in sorted(models.items()):
        given = model.model_dump(exclude_none=True)
        base = DEFAULT_SLA.get(key)
        if base is None and len(given) < len(SlaPriorityModel.model_fields):
            missing = sorted(set(SlaPriorityModel.model_fields) - set(given))
            raise ValueError(f"sla.{key}: has no built-in default, so also give {', '.join(missing)}")
        merged = {**({f: getattr(base, f) for f in SlaPriorityModel.model_fields} if base else {}), **given}
        try:
            policies[key] = SlaPolicy(**merged)
        except ValueError as exc:
            raise ValueError(f"sla.{key}: {exc}") from None
    return policies


def _fits_business_day(key: str, policy: SlaPolicy, team: TeamModel) -> None:
    for name in SlaPriorityModel.model_fields:
        value = getattr(policy, name)
        if isinstance(value, timedelta):
            try:
                business_span(team.hours, value)
            except ValueError:
                raise ValueError(f"sla.{key}.{name}: {value} is more than one business day of team {team.id!r} "
                                 f"({team.hours.day_length}) in hours; write whole business days as days, "
                                 "e.g. \"1d 2h\"") from None


@dataclass(frozen=True)
class Customer:
    name: str
    slug: str
    tier: int | None = None
    in_sales_process: bool = False
    sales_rep: str | None = None
    ce: str | None = None
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()


@dataclass(frozen=True)
class RfhConfig:
    source: str
    teams: TeamTable
    priority: PriorityRules
    private_tracker: str
    public_tracker: str | None
    admin_channel: str | None
    customers: Mapping[str, Customer] = field(default_factory=dict)
    routing: Mapping[str, Any] = field(default_factory=dict)
    sla: Mapping[str, SlaPolicy] = field(default_factory=lambda: dict(DEFAULT_SLA))
    raw_teams: tuple[TeamModel, ...] = ()
    digest: DigestModel = field(default_factory=DigestModel)
    bridge: BridgeModel = field(default_factory=BridgeModel)
    people: Mapping[str, str] = field(default_factory=dict)
    security: SecurityModel = field(default_factory=SecurityModel)
    privacy: PrivacyModel = field(default_factory=PrivacyModel)
    tech_review: TechReviewModel = field(default_factory=TechReviewModel)
    reports: ReportsModel = field(default_factory=ReportsModel)

    def customer(self, name: str) -> Customer:
        """The known customer record, or a bare one: unknown customers are accepted."""
        slug = slugify(name)
        known = self.customers.get(slug) or next((c for c in self.customers.values()
                                                  if slug in {slugify(a) for a in c.aliases}), None)
        return known or Customer(name=name.strip(), slug=slug)

    def team_model(self, team_id: str) -> TeamModel | None:
        return next((t for t in self.raw_teams if t.id == team_id), None)


def config_warnings(config: RfhConfig) -> list[str]:
    """What is valid but probably not meant (``rfh check`` prints these; the bot runs anyway)."""
    warnings = []
    for n, team in enumerate(config.raw_teams):
        where = f"teams[{n}] (id {team.id!r})"
        if not team.members:
            warnings.append(f"{where}.members is empty, which means anyone: every user counts as a member of "
                            f"{team.name} (may hand over, resolve and reopen its requests). List its people's Slack "
                            "user ids in `members` to restrict that.")
        if team.keeps_priorities_list and not team.leads:
            warnings.append(f"{where}.leads is empty but keeps_priorities_list = true: nobody can reorder its RFH "
                            "priorities list. Name its leads (Slack user ids) in `leads`.")
    return warnings


def slugify(name: str) -> str:
    """The customer's key and label slug (``bot.core.labels``: transliterated, hashed where it must be, ≤ 41)."""
    return labels.slugify(name)


def builtin_config_text() -> str:
    return resources.files("bot.core").joinpath("default_config.toml").read_text(encoding="utf-8")


def load_config(path: str | Path | None = None) -> RfhConfig:
    """Load ``path`` (or the built-in handbook config) and validate it, raising ConfigError with every problem."""
    if path is None:
        return parse_config(builtin_config_text(), source="built-in config")
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(file), [f"cannot read the file: {exc.strerror or exc}"]) from None
    return parse_config(text, source=str(file))


def parse_config(text: str, *, source: str) -> RfhConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, [f"not valid TOML: {exc}"]) from None
    # Checks across teams and of the [routing] table run on the raw data, so that they are reported together with
    # the field errors instead of only once those are fixed.
    problems = [*duplicates(data.get("teams")), *routing_problems(data.get("routing"))]
    try:
        model = ConfigModel.model_validate(data)
    except ValidationError as exc:
        problems = [_describe(err, data) for err in exc.errors()] + problems
    if problems:
        raise ConfigError(source, problems)
    return _to_config(model, source)


def _describe(err: Mapping[str, Any], data: Mapping[str, Any]) -> str:
    path = _path(err["loc"], data)
    message = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "missing":
        message = "is required"
    elif err["type"] == "extra_forbidden":
        message = "is not a known setting (check the spelling)"
    return f"{path}: {message}" if path else message


def _path(loc: tuple[Any, ...], data: Mapping[str, Any]) -> str:
    parts: list[str] = []
    node: Any = data
    for key in loc:
        if isinstance(key, int):
            label = ""
            if isinstance(node, list) and key < len(node) and isinstance(node[key], dict) and "id" in node[key]:
                label = f" (id {node[key]['id']!r})"
            parts.append(f"[{key}]{label}")
            node = node[key] if isinstance(node, list) and key < len(node) else None
        else:
            parts.append(("." if parts else "") + str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return "".join(parts)


def _to_config(model: ConfigModel, source: str) -> RfhConfig:
    teams = TeamTable(tuple(_to_team(t) for t in model.teams))
    customers = {slugify(c.name): _to_customer(c) for c in model.customers}
    return RfhConfig(
        source=source,
        teams=teams,
        priority=_to_priority(model.priority),
        private_tracker=model.trackers.private,
        public_tracker=model.trackers.public,
        admin_channel=model.alerts.admin_channel,
        customers=customers,
        routing=model.routing,
        sla=sla_policies(model.sla),
        raw_teams=tuple(model.teams),
        digest=model.digest,
        bridge=model.bridge,
        people={user: login.lower() for user, login in model.people.items()},
        security=model.security,
        privacy=model.privacy,
        tech_review=model.tech_review,
        reports=model.reports,
    )


def _to_customer(c: CustomerModel) -> Customer:
    data = c.model_dump()
    data.update(aliases=tuple(c.aliases), domains=tuple(d.lower().lstrip("@.") for d in c.domains))
    return Customer(slug=slugify(c.name), **data)


def _to_team(t: TeamModel) -> Team:
    return Team(
        id=t.id,
        name=t.name,
        kind=t.kind,
        channel=t.channel,
        handle=t.handle,
        label=t.label,
        keywords=tuple(t.keywords),
        keeps_priorities_list=t.keeps_priorities_list,
        leads=tuple(t.leads),
        members=tuple(t.members),
    )


def _to_priority(p: PriorityModel) -> PriorityRules:
    defaults = PriorityRules()
    tier_adjust = dict(defaults.tier_adjust)
    for tier in (1, 2, 3):
        if f"tier{tier}" in p.adjust:
            tier_adjust[tier] = p.adjust[f"tier{tier}"]  # type: ignore[index]
    return PriorityRules(
        labels=tuple(p.labels),
        base={**defaults.base, **p.severity},
        tier_adjust=tier_adjust,
        sales_process_adjust=p.adjust.get("sales_process", defaults.sales_process_adjust),
        fixed=frozenset(p.fixed),
    )


def rotation_from_model(model: OncallModel, team_timezone: str) -> Rotation:
    """Raises ValueError (with ``bot.oncall.rules``'s message) for a rotation that cannot work."""
    return Rotation(
        members=tuple(model.members), shift=model.shift, handoff_weekday=model.handoff_weekday,
        handoff_time=model.handoff_time, tz=ZoneInfo(model.timezone or team_timezone), anchor=model.anchor,
        follow_usergroup=bool(model.follow_usergroup), sync_usergroup=model.sync_usergroup,
    )
