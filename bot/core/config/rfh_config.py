"""The config as the bot uses it: ``RfhConfig`` (teams, priority rules, trackers, SLA policies, the other tables),
its customers, and the warnings `rfh check` prints for what is valid but probably not meant."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.core import labels
from bot.core.config.models import (
    BridgeModel,
    DigestModel,
    PrivacyModel,
    ReportsModel,
    SecurityModel,
    TechReviewModel,
)
from bot.core.config.teams import TeamModel
from bot.core.policies import DEFAULT_SLA, SlaPolicy
from routing.priority import PriorityRules
from routing.teams import TeamTable


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
