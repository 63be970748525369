"""The validated ``ConfigModel`` turned into the ``RfhConfig`` the bot uses (routing's teams and priority rules,
customers by slug, SLA policies with the defaults filled in)."""

from __future__ import annotations

from bot.core.config.models import ConfigModel, CustomerModel, PriorityModel
from bot.core.config.rfh_config import Customer, RfhConfig, slugify
from bot.core.config.sla import sla_policies
from bot.core.config.teams import TeamModel
from routing.priority import PriorityRules
from routing.teams import Team, TeamTable


def to_config(model: ConfigModel, source: str) -> RfhConfig:
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
