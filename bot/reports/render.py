"""A report as text: aligned tables for the terminal, Markdown, tidy CSV, or the JSON contract."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

from bot.core.domain import RequestType, ResolutionKind
from bot.core.text import duration_short as duration
from bot.core.text import percent
from bot.reports.model import ENGINEERING_TARGET, TEMPLATE_TARGET, Figures, Report
from bot.reports.rows import SECTION_LABELS, SECTIONS

FORMATS = ("table", "md", "csv", "json")
RESOLUTION_ORDER = tuple(kind.value for kind in ResolutionKind)
RESOLUTION_LABELS = {kind.value: kind.label for kind in ResolutionKind}
TYPE_ORDER = tuple(kind.value for kind in RequestType)
TYPE_LABELS = {kind.value: kind.label for kind in RequestType}
NONE = "–"


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]


def render(report: Report, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report.as_dict(), indent=2)
    if fmt == "csv":
        return to_csv(report)
    tables = report_tables(report)
    heading = (f"Requests for help, {report.period.since:%Y-%m-%d %H:%M} to {report.period.until:%Y-%m-%d %H:%M} "
               f"UTC, by {report.grain.value}" + (f", team {report.team}" if report.team else ""))
    if fmt == "md":
        return "\n\n".join([f"## {heading}", *(_markdown(t) for t in tables)]) + "\n"
    return "\n\n".join([heading, *(_aligned(t) for t in tables)]) + "\n"


def goal(met: bool | None) -> str:
    return NONE if met is None else ("met" if met else "missed")


def report_tables(report: Report) -> list[Table]:
    named = [(report.team_names.get(t, t), f) for t, f in report.teams.items()]
    rows = [*named, ("All teams" if not report.team else "Total", report.totals)]
    priorities = [(report.priority_labels.get(k, k), f) for k, f in report.priorities.items()]
    return [
        Table("Speed and SLA (business time as the SLA counts it)", ["Team", *SPEED], [_speed(n, f) for n, f in rows]),
        Table("SLA per priority", ["Priority", *SPEED], [_speed(n, f) for n, f in priorities]),
        Table("Routing", ["Team", "Requests", "Re-routes", "Suggested", "Top-1 right", "Top-1 accuracy"],
              [[n, str(f.requests), str(f.reroutes), str(f.suggested), str(f.suggested_right),
                percent(f.top1_accuracy)] for n, f in rows]),
        _template_table(report, rows),
        *_volume_tables(report),
        _engineering_table(report),
        _resolution_table(report.totals),
    ]


SPEED = ["Requests", "Claimed", "Resolved", "Claim p50", "Claim p90", "Resolve p50", "Resolve p90", "SLA met",
         "SLA missed", "SLA %", "Re-pings", "Escalations"]


def _speed(name: str, f: Figures) -> list[str]:
    return [name, str(f.requests), str(f.claimed), str(f.resolved), duration(f.time_to_claim_p50_s),
            duration(f.time_to_claim_p90_s), duration(f.time_to_resolve_p50_s), duration(f.time_to_resolve_p90_s),
            str(f.sla_met), str(f.sla_missed), percent(f.sla_attainment), str(f.repings), str(f.escalations)]


def _template_table(report: Report, rows: list[tuple[str, Figures]]) -> Table:
    headers = ["Team", "Requests", "Complete", "Share", f"Goal {percent(TEMPLATE_TARGET)}",
               *(SECTION_LABELS[s] for s in SECTIONS)]
    body = [[n, str(f.requests), str(f.template_complete), percent(f.template_share), goal(report.template_met(f)),
             *(percent(f.sections.get(s, 0) / f.requests if f.requests else None) for s in SECTIONS)]
            for n, f in rows]
    return Table("Escalation template: step-1 sections filled in", headers, body)


def _volume_tables(report: Report) -> Iterator[Table]:
    by = report.grain.value.capitalize()
    teams = list(report.teams)
    yield Table(f"Requests per {report.grain.value} and team", [by, *teams, "Total"],
                [[b.bucket.label, *(str(b.teams[t].requests) for t in teams), str(b.totals.requests)]
                 for b in report.buckets])
    types = _ordered(report.totals.types, TYPE_ORDER)
    yield Table(f"Requests per {report.grain.value} and type", [by, *(TYPE_LABELS.get(k, k) for k in types)],
                [[b.bucket.label, *(str(b.totals.types.get(k, 0)) for k in types)] for b in report.buckets])
    keys = list(report.priorities)
    yield Table(f"Requests per {report.grain.value} and priority", [by, *(report.priority_labels[k] for k in keys)],
                [[b.bucket.label, *(str(b.priorities[k].requests) for k in keys)] for b in report.buckets])


def _engineering_table(report: Report) -> Table:
    headers = ["Period", "Engineering requests (no defects)", "Support tickets", "Share",
               f"Goal ≤ {percent(ENGINEERING_TARGET)}"]
    body = [[b.bucket.label, _count(b.engineering.requests), _count(b.engineering.tickets),
             percent(b.engineering.ratio), goal(None if b.engineering.ratio is None
                                                 else b.engineering.ratio <= ENGINEERING_TARGET)]
            for b in report.buckets]
    e = report.engineering
    body.append(["All", _count(e.requests), _count(e.tickets), percent(e.ratio), goal(report.engineering_met())])
    title = "Support tickets that needed engineering" + ("" if e.tickets else " (no ticket counts recorded: "
                                                              "`rfh tickets record` or `rfh tickets import`)")
    return Table(title, headers, body)


def _resolution_table(totals: Figures) -> Table:
    kinds = _ordered(totals.resolutions, RESOLUTION_ORDER)
    done = sum(totals.resolutions.values())
    return Table("Resolutions", ["Resolution", "Requests", "Share"],
                 [[RESOLUTION_LABELS.get(k, k), str(totals.resolutions[k]), percent(totals.resolutions[k] / done)]
                  for k in kinds])


def _ordered(counts: dict[str, int], order: tuple[str, ...]) -> list[str]:
    return [k for k in order if k in counts] + sorted(k for k in counts if k not in order)


def _count(value: int | None) -> str:
    return NONE if value is None else str(value)


def _aligned(table: Table) -> str:
    widths = [max(len(row[i]) for row in [table.headers, *table.rows]) for i in range(len(table.headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths,
                                                                                            strict=True))).rstrip()

    return "\n".join([table.title, line(table.headers), "  ".join("-" * w for w in widths),
                      *(line(r) for r in table.rows)])


def _markdown(table: Table) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    align = "|" + "|".join([" --- "] + [" ---: "] * (len(table.headers) - 1)) + "|"
    return "\n".join([f"### {table.title}", "", line(table.headers), align, *(line(r) for r in table.rows)])


def to_csv(report: Report) -> str:
    """Tidy rows: ``bucket,team,priority,metric,value``; an empty bucket, team or priority means all of them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["bucket", "team", "priority", "metric", "value"])
    groups: list[tuple[str, str, str, Figures]] = [("", "", "", report.totals)]
    groups += [("", t, "", f) for t, f in report.teams.items()]
    groups += [("", "", p, f) for p, f in report.priorities.items()]
    for b in report.buckets:
        groups += [(b.bucket.label, "", "", b.totals)]
        groups += [(b.bucket.label, t, "", f) for t, f in b.teams.items()]
        groups += [(b.bucket.label, "", p, f) for p, f in b.priorities.items()]
    for bucket, team, priority, figures in groups:
        for metric, value in _metrics(figures):
            writer.writerow([bucket, team, priority, metric, value])
    for label, share in [("", report.engineering), *((b.bucket.label, b.engineering) for b in report.buckets)]:
        values: tuple[tuple[str, float | int | None], ...] = (
            ("tickets", share.tickets), ("engineering_requests", share.requests), ("engineering_share", share.ratio))
        for metric, number in values:
            writer.writerow([label, "", "", metric, "" if number is None else _plain(number)])
    return out.getvalue()


def _metrics(figures: Figures) -> Iterator[tuple[str, str]]:
    for key, value in figures.as_dict().items():
        if isinstance(value, dict):
            prefix = {"sections": "section", "types": "type", "resolutions": "resolution"}[key]
            yield from ((f"{prefix}:{k}", str(v)) for k, v in value.items())
        else:
            yield key, "" if value is None else _plain(value)


def _plain(value: float | int) -> str:
    return str(round(value, 4)) if isinstance(value, float) else str(value)
