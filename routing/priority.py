"""The ce/p0…ce/p3 priority label, from severity, customer tier and sales stage (seeds 002 and 004)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    OUTAGE = "outage"
    UNUSABLE = "unusable"
    SERIOUS = "serious"
    MINOR = "minor"
    FEATURE = "feature"

    @property
    def label(self) -> str:
        return SEVERITY_LABELS[self]


SEVERITY_LABELS: Mapping[Severity, str] = {
    Severity.OUTAGE: "Outage: the instance or a core page is unreachable",
    Severity.UNUSABLE: "The customer's instance is unusable",
    Severity.SERIOUS: "Partial loss of functionality or serious disruption",
    Severity.MINOR: "Minimal loss of functionality or annoyance",
    Severity.FEATURE: "Feature request or nice-to-have",
}


@dataclass(frozen=True)
class PriorityRules:
    labels: tuple[str, ...] = ("ce/p0", "ce/p1", "ce/p2", "ce/p3")
    base: Mapping[Severity, int] = field(
        default_factory=lambda: {
            Severity.OUTAGE: 0,
            Severity.UNUSABLE: 1,
            Severity.SERIOUS: 1,
            Severity.MINOR: 2,
            Severity.FEATURE: 3,
        }
    )
    tier_adjust: Mapping[int, int] = field(default_factory=lambda: {1: -1, 2: 0, 3: 1})
    sales_process_adjust: int = -1
    fixed: frozenset[Severity] = frozenset({Severity.OUTAGE, Severity.FEATURE})


@dataclass(frozen=True)
class PriorityDecision:
    level: int
    label: str
    reasons: tuple[str, ...]

    @property
    def short(self) -> str:
        return f"p{self.level}"


def compute_priority(
    *, severity: Severity, tier: int | None, in_sales_process: bool, rules: PriorityRules
) -> PriorityDecision:
    """Start from the severity's level, then move it by tier and sales stage, clamped to the label range."""
    level = rules.base[severity]
    reasons = [f"{severity.label.lower()} → p{level}"]
    if severity not in rules.fixed:
        if tier is not None and rules.tier_adjust.get(tier, 0):
            level += rules.tier_adjust[tier]
            reasons.append(f"tier {tier} customer {_direction(rules.tier_adjust[tier])}")
        if in_sales_process and rules.sales_process_adjust:
            level += rules.sales_process_adjust
            reasons.append(f"in the sales process {_direction(rules.sales_process_adjust)}")
    level = max(0, min(level, len(rules.labels) - 1))
    return PriorityDecision(level=level, label=rules.labels[level], reasons=tuple(reasons))


def _direction(delta: int) -> str:
    return f"(moves it up {-delta})" if delta < 0 else f"(moves it down {delta})"
