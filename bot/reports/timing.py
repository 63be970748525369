"""Per request: time to first claim and to resolution, and whether the claim SLA held, as the SLA counts them
(``bot.core.policies``, ``bot.sla.rules``).

Each request is measured on its final team's business hours and its priority's policy (``[sla.pN]``): business
time for priorities on business time, wall-clock time otherwise (p0). The claim deadline is ``claim_within`` after
creation (as ``bot.sla.rules.claim_deadline``); claimed by then is met, claimed later or still unclaimed after it is
missed, still unclaimed before it is neither (pending). Requests of a priority without a policy count in neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import numpy as np

from bot.core.config import RfhConfig
from bot.core.policies import BusinessHours, business_span
from bot.reports.calendar import BusinessCalendar, Floats
from bot.reports.rows import Ints, RequestRows

MET, MISSED, UNDECIDED = 1, 0, -1
HALF_MS = 0.0005  # times are kept to the millisecond; float sums may differ from them by far less than this


@dataclass(frozen=True)
class Timing:
    claim_s: Floats
    """Seconds from creation to the first claim (NaN: not claimed)."""
    resolve_s: Floats
    """Seconds from creation to resolution (NaN: not resolved)."""
    sla: Ints
    """MET, MISSED or UNDECIDED per request."""


def timing(rows: RequestRows, *, config: RfhConfig, as_of: datetime) -> Timing:
    n = len(rows)
    claim_s, resolve_s = np.full(n, np.nan), np.full(n, np.nan)
    sla = np.full(n, UNDECIDED, dtype=np.int64)
    if not n:
        return Timing(claim_s, resolve_s, sla)
    first, end = datetime.fromtimestamp(float(rows.created.min()), UTC), as_of.timestamp()
    for code, team_id in enumerate(rows.teams):
        hours = _hours(config, team_id)
        calendar: BusinessCalendar | None = None
        in_team = rows.team == code
        for level in np.unique(rows.level[in_team]):
            mask = in_team & (rows.level == level)
            policy = config.sla.get(f"p{int(level)}")
            created, claimed, resolved = rows.created[mask], rows.claimed[mask], rows.resolved[mask]
            deadline: Floats | None = None
            if policy is not None and policy.business_time:
                calendar = calendar or BusinessCalendar.build(hours, first=first, last=as_of)
                claim_s[mask] = calendar.between(created, claimed)
                resolve_s[mask] = calendar.between(created, resolved)
                span = business_span(hours, policy.claim_within).total_seconds()
                deadline = calendar.add(created, np.full(len(created), span))
            else:
                claim_s[mask], resolve_s[mask] = claimed - created, resolved - created
                if policy is not None:
                    deadline = created + policy.claim_within.total_seconds()
            if deadline is not None:
                sla[mask] = _sla(claimed, deadline, end)
    return Timing(np.round(claim_s, 3), np.round(resolve_s, 3), sla)


def _hours(config: RfhConfig, team_id: str) -> BusinessHours:
    """The team's business hours (UTC 09:00-17:00 for a team gone from the config), as the SLA timers use them."""
    team = config.team_model(team_id)
    return team.hours if team is not None else BusinessHours(ZoneInfo("UTC"))


def _sla(claimed: Floats, deadline: Floats, end: float) -> Ints:
    unclaimed = np.isnan(claimed)
    met = ~unclaimed & (claimed <= deadline + HALF_MS)
    missed = (~unclaimed & ~met) | (unclaimed & (deadline + HALF_MS < end))
    return np.where(met, MET, np.where(missed, MISSED, UNDECIDED))
