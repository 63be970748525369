"""A report's figures as plain dataclasses, and the JSON shape they print as (`rfh report --format json`)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from bot.reports.periods import Bucket, Grain, Period

TEMPLATE_TARGET = 0.80
"""The Delivery team's key result: 80% of escalated customer issues use the escalation template."""
ENGINEERING_TARGET = 0.10
"""Handbook 002: support needs engineering's help no more than 10% of the time, not counting defects."""


@dataclass(frozen=True)
class Figures:
    """The figures of one group of requests: a team, a priority, a week, or all of them. Times are seconds as the
    SLA counts them (business time for priorities on business time), p50/p90 over the requests that got there."""

    requests: int = 0
    claimed: int = 0
    resolved: int = 0
    reroutes: int = 0
    sla_met: int = 0
    sla_missed: int = 0
    template_complete: int = 0
    time_to_claim_p50_s: float | None = None
    time_to_claim_p90_s: float | None = None
    time_to_resolve_p50_s: float | None = None
    time_to_resolve_p90_s: float | None = None
    repings: int = 0
    escalations: int = 0
    suggested: int = 0
    """Requests the router suggested a team for."""
    suggested_right: int = 0
    """… whose final team was the suggestion (top-1)."""
    sections: dict[str, int] = field(default_factory=dict)
    """Requests with each step-1 section of the escalation template filled in."""
    types: dict[str, int] = field(default_factory=dict)
    resolutions: dict[str, int] = field(default_factory=dict)

    @property
    def sla_attainment(self) -> float | None:
        decided = self.sla_met + self.sla_missed
        return self.sla_met / decided if decided else None

    @property
    def top1_accuracy(self) -> float | None:
        return self.suggested_right / self.suggested if self.suggested else None

    @property
    def template_share(self) -> float | None:
        return self.template_complete / self.requests if self.requests else None

    def as_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data.update(sla_attainment=_ratio(self.sla_attainment), top1_accuracy=_ratio(self.top1_accuracy),
                    template_share=_ratio(self.template_share))
        return data


@dataclass(frozen=True)
class Share:
    """Engineering requests (not defects) against the support desk's ticket count, where one was recorded."""

    tickets: int | None = None
    requests: int | None = None

    @property
    def ratio(self) -> float | None:
        return self.requests / self.tickets if self.tickets and self.requests is not None else None


@dataclass(frozen=True)
class BucketFigures:
    bucket: Bucket
    totals: Figures
    teams: dict[str, Figures]
    priorities: dict[str, Figures]
    engineering: Share = Share()

    def as_dict(self) -> dict[str, Any]:
        return {"bucket": self.bucket.label, "start": self.bucket.start.isoformat(),
                "end": self.bucket.end.isoformat(), "totals": self.totals.as_dict(),
                "teams": {team: f.as_dict() for team, f in self.teams.items()},
                "priorities": {p: f.as_dict() for p, f in self.priorities.items()},
                "tickets": self.engineering.tickets, "engineering_requests": self.engineering.requests,
                "engineering_share": _ratio(self.engineering.ratio)}


@dataclass(frozen=True)
class Report:
    period: Period
    grain: Grain
    team: str | None
    """The team asked for (--team), or None for all."""
    teams: dict[str, Figures]
    team_names: dict[str, str]
    totals: Figures
    priorities: dict[str, Figures]
    """By SLA key (p0, p1, …)."""
    priority_labels: dict[str, str]
    buckets: list[BucketFigures]
    engineering: Share = Share()

    def template_met(self, figures: Figures) -> bool | None:
        share = figures.template_share
        return None if share is None else share >= TEMPLATE_TARGET

    def engineering_met(self) -> bool | None:
        ratio = self.engineering.ratio
        return None if ratio is None else ratio <= ENGINEERING_TARGET

    def as_dict(self) -> dict[str, Any]:
        return {
            "since": self.period.since.isoformat(), "until": self.period.until.isoformat(),
            "by": self.grain.value, "team": self.team,
            "teams": [{"team": team, "name": self.team_names.get(team, team), **f.as_dict()}
                      for team, f in self.teams.items()],
            "totals": self.totals.as_dict(),
            "priorities": [{"priority": key, "label": self.priority_labels.get(key, key), **f.as_dict()}
                           for key, f in self.priorities.items()],
            "buckets": [b.as_dict() for b in self.buckets],
            "resolutions": dict(self.totals.resolutions),
            "tickets": self.engineering.tickets, "engineering_requests": self.engineering.requests,
            "engineering_share": _ratio(self.engineering.ratio),
            "goals": {
                "template_complete": {"target": TEMPLATE_TARGET, "share": _ratio(self.totals.template_share),
                                      "met": self.template_met(self.totals)},
                "engineering_share": {"target": ENGINEERING_TARGET, "share": _ratio(self.engineering.ratio),
                                      "met": self.engineering_met()},
            },
        }


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
