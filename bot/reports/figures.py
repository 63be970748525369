"""The report's figures: pure functions over request rows (``bot.reports.rows``), their timing
(``bot.reports.timing``) and the support desk's ticket counts.

Groups are boolean masks over the rows: a team, a priority, a week, or all. Percentiles are numpy's default
(linear between the two nearest values, so the p50 of two values is their mean), rounded to the millisecond.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time

import numpy as np
import numpy.typing as npt

from bot.core.config import RfhConfig
from bot.reports.model import BucketFigures, Figures, Report, Share
from bot.reports.periods import Grain, Period
from bot.reports.rows import ALL_SECTIONS, SECTIONS, Floats, Ints, RequestRows
from bot.reports.timing import MET, MISSED, Timing, timing
from routing.teams import TeamKind

Mask = npt.NDArray[np.bool_]
TicketCount = tuple[date, date, int]
PERCENTILES = (0.5, 0.9)
_WITH_SECTION = [np.flatnonzero(np.arange(ALL_SECTIONS + 1) & (1 << i)) for i in range(len(SECTIONS))]
"""For each step-1 section, the combinations of sections (bit sets) that include it."""
NOT_ENGINEERING_HELP = "defect"
"""Handbook 002 counts help from engineering "not counting when we file defects"."""


def build_report(rows: RequestRows, tickets: Sequence[TicketCount], *, config: RfhConfig, period: Period,
                 grain: Grain, team: str | None = None) -> Report:
    """Every figure of the report. ``rows`` may reach beyond the period (to cover the ticket counts' periods);
    only requests created in it count, except for the engineering share, which follows the ticket counts."""
    t = timing(rows, config=config, as_of=period.until)
    in_period = (rows.created >= period.since.timestamp()) & (rows.created < period.until.timestamp())
    team_ids = _team_order(rows, config, team)
    codes = {tid: rows.teams.index(tid) if tid in rows.teams else -2 for tid in team_ids}
    shown = Columns.of(rows, t).take(in_period & np.isin(rows.team, list(codes.values())))
    levels = {f"p{level}": label for level, label in enumerate(config.priority.labels)}
    buckets = []
    for bucket in period.buckets(grain):
        cols = shown.take((shown.created >= bucket.start.timestamp()) & (shown.created < bucket.end.timestamp()))
        buckets.append(BucketFigures(
            bucket, figures_of(cols), {tid: figures_of(cols.take(cols.team == c)) for tid, c in codes.items()},
            {key: figures_of(cols.take(cols.level == int(key[1:]))) for key in levels},
            engineering_share(rows, _tickets_starting_in(tickets, bucket.start, bucket.end, period), config)))
    return Report(
        period=period, grain=grain, team=team,
        teams={tid: figures_of(shown.take(shown.team == c)) for tid, c in codes.items()},
        team_names={tid: _team_name(config, tid) for tid in team_ids},
        totals=figures_of(shown),
        priorities={key: figures_of(shown.take(shown.level == int(key[1:]))) for key in levels},
        priority_labels=levels, buckets=buckets, engineering=engineering_share(rows, tickets, config),
    )


@dataclass(frozen=True)
class Columns:
    """The columns the figures read, for some of the rows: each group is taken from a bigger one, so the many
    small groups (a team in a week) cost little."""

    team: Ints
    level: Ints
    created: Floats
    claim: Floats
    resolve: Floats
    sla: Ints
    sections: Ints
    right: Ints
    reroutes: Ints
    repings: Ints
    escalations: Ints
    type: Ints
    resolution: Ints
    types: tuple[str, ...]
    resolutions: tuple[str, ...]

    @classmethod
    def of(cls, rows: RequestRows, t: Timing) -> Columns:
        return cls(rows.team, rows.level, rows.created, t.claim_s, t.resolve_s, t.sla, rows.sections,
                   rows.suggested_right, rows.reroutes, rows.repings, rows.escalations, rows.type, rows.resolution,
                   rows.types, rows.resolutions)

    def take(self, mask: Mask) -> Columns:
        where = np.flatnonzero(mask)
        arrays = {f.name: getattr(self, f.name)[where] for f in fields(self) if f.name not in ("types", "resolutions")}
        return Columns(**arrays, types=self.types, resolutions=self.resolutions)

    def __len__(self) -> int:
        return len(self.team)


def figures_of(cols: Columns) -> Figures:
    claim_p50, claim_p90 = _percentiles(cols.claim)
    resolve_p50, resolve_p90 = _percentiles(cols.resolve)
    by_sections = np.bincount(cols.sections & ALL_SECTIONS, minlength=ALL_SECTIONS + 1)  # requests per combination
    return Figures(
        requests=len(cols),
        claimed=int(np.count_nonzero(~np.isnan(cols.claim))),
        resolved=int(np.count_nonzero(~np.isnan(cols.resolve))),
        reroutes=int(cols.reroutes.sum()),
        sla_met=int(np.count_nonzero(cols.sla == MET)),
        sla_missed=int(np.count_nonzero(cols.sla == MISSED)),
        template_complete=int(by_sections[ALL_SECTIONS]),
        time_to_claim_p50_s=claim_p50, time_to_claim_p90_s=claim_p90,
        time_to_resolve_p50_s=resolve_p50, time_to_resolve_p90_s=resolve_p90,
        repings=int(cols.repings.sum()),
        escalations=int(cols.escalations.sum()),
        suggested=int(np.count_nonzero(cols.right >= 0)),
        suggested_right=int(np.count_nonzero(cols.right == 1)),
        sections={name: int(by_sections[with_it].sum()) for name, with_it in zip(SECTIONS, _WITH_SECTION, strict=True)},
        types=_counts(cols.type, cols.types),
        resolutions=_counts(cols.resolution, cols.resolutions),
    )


def engineering_share(rows: RequestRows, tickets: Sequence[TicketCount], config: RfhConfig) -> Share:
    """Requests to engineering teams, defects aside, created in the periods with a ticket count, against those
    counts. Every team's requests count (the goal is the whole support team's), whatever --team says."""
    if not tickets:
        return Share()
    engineering = np.isin(rows.team, [code for code, tid in enumerate(rows.teams) if _is_engineering(config, tid)])
    not_defect = rows.type != (rows.types.index(NOT_ENGINEERING_HELP) if NOT_ENGINEERING_HELP in rows.types else -2)
    counted = 0
    for start, end, _ in tickets:
        inside = (rows.created >= _midnight(start)) & (rows.created < _midnight(end))
        counted += int(np.count_nonzero(inside & engineering & not_defect))
    return Share(tickets=sum(count for _, _, count in tickets), requests=counted)


def _tickets_starting_in(tickets: Sequence[TicketCount], start: datetime, end: datetime,
                         period: Period) -> list[TicketCount]:
    """The counts that belong to a bucket: those starting in it (one starting before the period belongs to the
    first bucket)."""
    return [c for c in tickets if start <= max(datetime.combine(c[0], time(0), tzinfo=UTC), period.since) < end]


def _team_name(config: RfhConfig, team_id: str) -> str:
    team = config.teams.get(team_id)
    return team.name if team is not None else team_id


def _is_engineering(config: RfhConfig, team_id: str) -> bool:
    team = config.teams.get(team_id)
    return team is None or team.kind is TeamKind.ENGINEERING  # a team gone from the config was one, most likely


def _team_order(rows: RequestRows, config: RfhConfig, team: str | None) -> list[str]:
    if team is not None:
        return [team]
    known = [t.id for t in config.teams.teams]
    return known + [tid for tid in rows.teams if tid not in known]


def _percentiles(values: Floats) -> tuple[float | None, float | None]:
    """p50 and p90 of the values that are not NaN, as ``numpy.percentile`` computes them (its default, linear
    method, step by step: called for hundreds of small groups, its own overhead was most of the report's)."""
    present = values[~np.isnan(values)]
    n = len(present)
    if not n:
        return None, None
    at = [((n - 1) * q, int((n - 1) * q)) for q in PERCENTILES]
    known = np.partition(present, sorted({i for _, lo in at for i in (lo, min(lo + 1, n - 1))}))
    p50, p90 = (_lerp(float(known[lo]), float(known[min(lo + 1, n - 1)]), virtual - lo) for virtual, lo in at)
    return round(p50, 3), round(p90, 3)


def _lerp(a: float, b: float, t: float) -> float:
    """numpy's linear interpolation, which counts from the nearer end (``numpy.lib._function_base_impl._lerp``)."""
    return b - (b - a) * (1 - t) if t >= 0.5 else a + (b - a) * t


def _counts(codes: npt.NDArray[np.int64], names: tuple[str, ...]) -> dict[str, int]:
    counts = np.bincount(codes[codes >= 0], minlength=len(names)) if len(names) else np.zeros(0, dtype=np.int64)
    return {name: int(n) for name, n in zip(names, counts, strict=True) if n}


def _midnight(day: date) -> float:
    return datetime.combine(day, time(0), tzinfo=UTC).timestamp()
