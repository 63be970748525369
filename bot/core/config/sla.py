"""``[sla.pN]``: the per-priority SLA fields, laid over the built-in defaults and checked against business days."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from bot.core.config.fields import Duration, Strict
from bot.core.config.teams import TeamModel
from bot.core.policies import DEFAULT_SLA, SlaPolicy, business_span


class SlaPriorityModel(Strict):
    """``[sla.pN]``: any field left out keeps the built-in default for that priority."""

    claim_within: Duration | None = None
    business_time: bool | None = None
    reping_after: Duration | None = None
    escalate_after: Duration | None = None
    stale_after: Duration | None = None


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


def fits_business_day(key: str, policy: SlaPolicy, team: TeamModel) -> None:
    """A duration on business time given in hours must fit in one business day of the team (else: write days)."""
    for name in SlaPriorityModel.model_fields:
        value = getattr(policy, name)
        if isinstance(value, timedelta):
            try:
                business_span(team.hours, value)
            except ValueError:
                raise ValueError(f"sla.{key}.{name}: {value} is more than one business day of team {team.id!r} "
                                 f"({team.hours.day_length}) in hours; write whole business days as days, "
                                 "e.g. \"1d 2h\"") from None
