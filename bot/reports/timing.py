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
    if not n:
        return Timing(np.full(0, np.nan), np.full(0, np.nan), np.full(0, UNDECIDED, dtype=np.int64))
    # The requests sorted by team and priority: each group's columns are then slices, not masks over all rows.
    order = np.lexsort((rows.level, rows.team))
    team, level = rows.team[order], rows.level[order]
    starts = np.flatnonzero(np.diff(team, prepend=-2) | np.diff(level, prepend=-2))
    created, claimed, resolved = rows.created[order], rows.claimed[order], rows.resolved[order]
    claim_s, resolve_s = np.full(n, np.nan), np.full(n, np.nan)
    sla = np.full(n, UNDECIDED, dtype=np.int64)
    first = datetime.fromtimestamp(float(rows.created.min()), UTC)
    calendars: dict[int, BusinessCalendar] = {}
    for start, stop in zip(starts, [*starts[1:], n], strict=True):
        group = slice(start, stop)
        code, policy = int(team[start]), config.sla.get(f"p{int(level[start])}")
        deadline: Floats | None = None
        if policy is not None and policy.business_time:
            hours = _hours(config, rows.teams[code])
            if code not in calendars:  # one calendar a team, built once (setdefault would build it every time)
                calendars[code] = BusinessCalendar.build(hours, first=first, last=as_of)
            calendar = calendars[code]
            claim_s[group] = calendar.between(created[group], claimed[group])
            resolve_s[group] = calendar.between(created[group], resolved[group])
            span = business_span(hours, policy.claim_within).total_seconds()
            deadline = calendar.add(created[group], np.full(stop - start, span))
        else:
            claim_s[group], resolve_s[group] = claimed[group] - created[group], resolved[group] - created[group]
            if policy is not None:
                deadline = created[group] + policy.claim_within.total_seconds()
        if deadline is not None:
            sla[group] = _sla(claimed[group], deadline, as_of.timestamp())
    back = np.empty(n, dtype=np.int64)
    back[order] = np.arange(n)  # from sorted positions back to the rows' order
    return Timing(np.round(claim_s, 3)[back], np.round(resolve_s, 3)[back], sla[back])


def _hours(config: RfhConfig, team_id: str) -> BusinessHours:
    """The team's business hours (UTC 09:00-17:00 for a team gone from the config), as the SLA timers use them."""
    team = config.team_model(team_id)
    return team.hours if team is not None else BusinessHours(ZoneInfo("UTC"))


def _sla(claimed: Floats, deadline: Floats, end: float) -> Ints:
    unclaimed = np.isnan(claimed)
    met = ~unclaimed & (claimed <= deadline + HALF_MS)
    missed = (~unclaimed & ~met) | (unclaimed & (deadline + HALF_MS < end))
    return np.where(met, MET, np.where(missed, MISSED, UNDECIDED))
