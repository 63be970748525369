"""The team and tracker configuration: TOML in, typed RfhConfig out, every error named by its path."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

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


class TeamModel(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    kind: TeamKind = TeamKind.ENGINEERING
    channel: str = Field(min_length=1)
    handle: str | None = None
    label: str | None = None
    keywords: list[str] = []
    keeps_priorities_list: bool = False
    leads: list[str] = []
    members: list[str] = []
    timezone: str = "UTC"
    oncall: dict[str, Any] | None = None

    @field_validator("handle")
    @classmethod
    def _no_at(cls, value: str | None) -> str | None:
        return value.lstrip("@") if value else value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name such as Europe/Berlin)") from None
        return value

    @model_validator(mode="after")
    def _engineering_needs_label(self) -> TeamModel:
        if self.kind is TeamKind.ENGINEERING and not self.label:
            raise ValueError("an engineering team needs a GitHub label (label = \"team/…\")")
        return self


class CustomerModel(_Strict):
    name: str = Field(min_length=1)
    tier: Literal[1, 2, 3] | None = None
    in_sales_process: bool = False
    sales_rep: str | None = None
    ce: str | None = None


class ConfigModel(_Strict):
    trackers: TrackersModel
    alerts: AlertsModel = AlertsModel()
    priority: PriorityModel = PriorityModel()
    teams: list[TeamModel] = Field(min_length=1)
    customers: list[CustomerModel] = []
    routing: dict[str, Any] = {}
    sla: dict[str, Any] = {}

    @model_validator(mode="after")
    def _unique_team_ids(self) -> ConfigModel:
        seen: set[str] = set()
        for team in self.teams:
            if team.id in seen:
                raise ValueError(f"team id {team.id!r} appears twice")
            seen.add(team.id)
        return self


@dataclass(frozen=True)
class Customer:
    name: str
    slug: str
    tier: int | None = None
    in_sales_process: bool = False
    sales_rep: str | None = None
    ce: str | None = None


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
    sla: Mapping[str, Any] = field(default_factory=dict)
    raw_teams: tuple[TeamModel, ...] = ()

    def customer(self, name: str) -> Customer:
        """The known customer record, or a bare one: unknown customers are accepted."""
        slug = slugify(name)
        return self.customers.get(slug) or Customer(name=name.strip(), slug=slug)

    def team_model(self, team_id: str) -> TeamModel | None:
        return next((t for t in self.raw_teams if t.id == team_id), None)


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-")
    return slug or "unknown"


def builtin_config_text() -> str:
    return resources.files("bot").joinpath("default_config.toml").read_text(encoding="utf-8")


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
    try:
        model = ConfigModel.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(source, [_describe(err, data) for err in exc.errors()]) from None
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
    customers = {slugify(c.name): Customer(slug=slugify(c.name), **c.model_dump()) for c in model.customers}
    return RfhConfig(
        source=source,
        teams=teams,
        priority=_to_priority(model.priority),
        private_tracker=model.trackers.private,
        public_tracker=model.trackers.public,
        admin_channel=model.alerts.admin_channel,
        customers=customers,
        routing=model.routing,
        sla=model.sla,
        raw_teams=tuple(model.teams),
    )


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
