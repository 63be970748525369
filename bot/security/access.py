"""The permission rules (``bot.security.permissions``) applied to a stored request and the config."""

from __future__ import annotations

from bot.core.config import RfhConfig
from bot.security.permissions import Action, RequestFacts, TeamRoster, Verdict, may, standing
from storage.models import Request


def roster_for(config: RfhConfig, team_id: str) -> TeamRoster:
    team = config.teams[team_id]
    model = config.team_model(team_id)
    rotation = frozenset(model.oncall.members) if model and model.oncall else frozenset()
    return TeamRoster(team.name, frozenset(team.members), frozenset(team.leads), rotation)


def facts_of(request: Request) -> RequestFacts:
    return RequestFacts(request.id, request.requester_id, request.owner_id, bool(request.owner_informal))


def check(config: RfhConfig, request: Request, user: str, action: Action) -> Verdict:
    """May ``user`` (a Slack user id, or ``permissions.OPERATOR``) do ``action`` to ``request`` now?"""
    facts, team = facts_of(request), roster_for(config, request.team_id)
    actor = standing(user, facts, team, admins=frozenset(config.security.admins))
    return may(actor, action, facts, team)
