"""The short version of a report for Slack: the figures that moved most from one week to the next, and the goals
met or missed. Pure; the words and layout are ``bot.blocks.report``'s."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from bot.core.goals import Goal
from bot.reports.model import ENGINEERING_TARGET, TEMPLATE_TARGET, BucketFigures, Figures, Report


class Better(Enum):
    HIGHER = "higher"
    LOWER = "lower"
    NEITHER = "neither"


@dataclass(frozen=True)
class Metric:
    name: str
    unit: str
    """``count``, ``seconds`` or ``share``: how the value is written."""
    better: Better
    value: Callable[[BucketFigures], float | None]


def _total(pick: Callable[[Figures], float | None]) -> Callable[[BucketFigures], float | None]:
    return lambda b: pick(b.totals)


METRICS = (
    Metric("Requests", "count", Better.NEITHER, _total(lambda f: f.requests)),
    Metric("Time to first claim, median", "seconds", Better.LOWER, _total(lambda f: f.time_to_claim_p50_s)),
    Metric("Time to resolution, median", "seconds", Better.LOWER, _total(lambda f: f.time_to_resolve_p50_s)),
    Metric("Claimed within the SLA", "share", Better.HIGHER, _total(lambda f: f.sla_attainment)),
    Metric("Escalations", "count", Better.LOWER, _total(lambda f: f.escalations)),
    Metric("Re-routes", "count", Better.LOWER, _total(lambda f: f.reroutes)),
    Metric("Router top-1 accuracy", "share", Better.HIGHER, _total(lambda f: f.top1_accuracy)),
    Metric("Escalation template complete", "share", Better.HIGHER, _total(lambda f: f.template_share)),
    Metric("Tickets that needed engineering", "share", Better.LOWER, lambda b: b.engineering.ratio),
)


@dataclass(frozen=True)
class Move:
    metric: Metric
    before: float
    after: float

    @property
    def change(self) -> float:
        """Relative change, e.g. 0.25 for a quarter more."""
        return (self.after - self.before) / abs(self.before)

    @property
    def improved(self) -> bool | None:
        if self.metric.better is Better.NEITHER or self.after == self.before:
            return None
        return (self.after > self.before) == (self.metric.better is Better.HIGHER)


@dataclass(frozen=True)
class Summary:
    report: Report
    compared: tuple[BucketFigures, BucketFigures] | None
    """The last two buckets (the week before, the last week), when there are two."""
    moves: list[Move]
    goals: list[Goal]


def summarise(report: Report, *, top: int = 3) -> Summary:
    buckets = report.buckets
    compared = (buckets[-2], buckets[-1]) if len(buckets) >= 2 else None
    return Summary(report, compared, moved_most(compared, top) if compared else [], goals(report))


def moved_most(compared: tuple[BucketFigures, BucketFigures], top: int) -> list[Move]:
    """The ``top`` metrics with the largest relative change between the two buckets (a metric with no value, or
    zero, in the first cannot say by how much it moved, so it is left out)."""
    before, after = compared
    moves = []
    for metric in METRICS:
        old, new = metric.value(before), metric.value(after)
        if old is not None and new is not None and old != 0 and new != old:
            moves.append(Move(metric, float(old), float(new)))
    return sorted(moves, key=lambda m: abs(m.change), reverse=True)[:top]


def goals(report: Report) -> list[Goal]:
    """The handbook's two measurable goals: each shown team's template completeness (the whole for a report of
    one team), and the share of tickets that needed engineering."""
    shown = [(report.team_names.get(t, t), f) for t, f in report.teams.items() if f.requests]
    template = [Goal(f"Escalation template complete, {name}", TEMPLATE_TARGET, False, f.template_share)
                for name, f in shown]
    engineering = Goal("Support tickets that needed engineering (no defects)", ENGINEERING_TARGET, True,
                       report.engineering.ratio)
    return [*template, engineering]
