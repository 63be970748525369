"""Drawing the charts (``bot.reports.charts`` lists them): matplotlib's Agg backend, no pyplot state, dates on the
x axis. Each chart says what it counts in its title and axis labels; colours come from matplotlib's colour-blind-
friendly "tableau" cycle, goals are dashed grey lines. Imported only where charts are drawn: matplotlib takes a
third of a second to load.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from bot.reports.charts import TITLES, Chart
from bot.reports.model import ENGINEERING_TARGET, TEMPLATE_TARGET, BucketFigures, Figures, Report
from bot.reports.periods import Grain, floor
from bot.reports.render import RESOLUTION_LABELS, RESOLUTION_ORDER, TYPE_LABELS, TYPE_ORDER

SIZE, DPI = (8.0, 4.5), 100
MARGINS = {"left": 0.1, "right": 0.73, "top": 0.85, "bottom": 0.13}
"""Fixed, room for the longest labels and the legend on the right: a layout engine costs a fifth more time."""
GOAL_STYLE = {"color": "#555555", "linestyle": "--", "linewidth": 1.2}


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]


def draw(report: Report, name: str) -> Chart:
    """The chart ``name`` (one of ``bot.reports.charts.CHARTS``) as a PNG, with the series it drew."""
    # Text without FreeType's hinting (by default matplotlib forces its auto-hinter): a fifth of the drawing time
    # less, and at 100 dpi the text reads as well.
    with rc_context({"text.hinting": "no_hinting"}):
        return _chart(name, TITLES[name], _DRAW[name], report)


def _chart(name: str, title: str, draw: Callable[[Axes, Report], str], report: Report) -> Chart:
    figure = Figure(figsize=SIZE, dpi=DPI)
    FigureCanvasAgg(figure)  # the Agg canvas, no GUI backend: savefig draws on it
    figure.subplots_adjust(**MARGINS)
    axes = figure.add_subplot()
    y_label = draw(axes, report)
    whose = f"{report.team_names.get(report.team, report.team)}, " if report.team else ""
    figure.suptitle(title, fontsize="large")
    axes.set_title(f"{whose}{report.period.since:%d %b} – {report.period.until:%d %b %Y} (UTC)", fontsize="medium",
                   color="#444444")
    axes.set_ylabel(y_label)
    axes.set_xlabel(f"{report.grain.value.capitalize()} starting")
    axes.grid(axis="y", alpha=0.3)
    _date_axis(axes, report)
    handles, labels = axes.get_legend_handles_labels()
    if labels:
        axes.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    out = BytesIO()
    figure.savefig(out, format="png", pil_kwargs={"compress_level": 1})  # half the time of the default 6
    return Chart(name, title, tuple(labels), out.getvalue())


def _x(report: Report) -> list[float]:
    """Each bucket at the start of its whole week or day (the first may begin later, cut by the period), in days
    since 1970: the x axis is a time axis, labelled with the dates."""
    return [floor(b.bucket.start, report.grain).timestamp() / 86_400 for b in report.buckets]


def _date_axis(axes: Axes, report: Report) -> None:
    x = _x(report)
    step = 7.0 if report.grain is Grain.WEEK else 1.0
    axes.set_xlim(x[0] - 0.6 * step, x[-1] + 0.6 * step) if x else None
    every = -(-len(x) // 8)  # at most eight dates fit under the chart
    starts = [floor(b.bucket.start, report.grain) for b in report.buckets]
    axes.set_xticks(x[::every], labels=[f"{start:%d %b}" for start in starts[::every]])


def _stacked(axes: Axes, report: Report, series: Sequence[Series]) -> None:
    width = 5.0 if report.grain is Grain.WEEK else 0.8
    bottom = [0.0] * len(report.buckets)
    for s in series:
        values = [v or 0.0 for v in s.values]
        if any(values):
            axes.bar(_x(report), values, width=width, bottom=bottom, label=s.label)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # requests come whole


def _lines(axes: Axes, report: Report, series: Sequence[Series]) -> None:
    """One line per series through the buckets that have a value (a week without claims has no median)."""
    for s in series:
        points = [(x, v) for x, v in zip(_x(report), s.values, strict=True) if v is not None]
        if points:
            axes.plot([x for x, _ in points], [v for _, v in points], marker="o", label=s.label)


def _per_bucket(report: Report, pick: Callable[[BucketFigures], float | None]) -> list[float | None]:
    return [pick(b) for b in report.buckets]


def _per_team(report: Report, pick: Callable[[Figures], float | None]) -> list[Series]:
    def series(team: str) -> Series:
        return Series(report.team_names.get(team, team), [pick(b.teams[team]) for b in report.buckets])

    return [series(team) for team in report.teams]


def _per_priority(report: Report, pick: Callable[[Figures], float | None]) -> list[Series]:
    def series(key: str) -> Series:
        return Series(report.priority_labels[key], [pick(b.priorities[key]) for b in report.buckets])

    return [series(key) for key in report.priorities]


def _per_key(report: Report, counts: Callable[[Figures], dict[str, int]], order: Sequence[str],
             labels: dict[str, str]) -> list[Series]:
    def series(key: str) -> Series:
        return Series(labels.get(key, key), [counts(b.totals).get(key, 0) for b in report.buckets])

    present = counts(report.totals)
    return [series(k) for k in [k for k in order if k in present] + sorted(set(present) - set(order))]


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 3600


def _volume_by_team(axes: Axes, report: Report) -> str:
    _stacked(axes, report, _per_team(report, lambda f: f.requests))
    return "Requests"


def _volume_by_type(axes: Axes, report: Report) -> str:
    _stacked(axes, report, _per_key(report, lambda f: f.types, TYPE_ORDER, TYPE_LABELS))
    return "Requests"


def _volume_by_priority(axes: Axes, report: Report) -> str:
    _stacked(axes, report, _per_priority(report, lambda f: f.requests))
    return "Requests"


def _claim(axes: Axes, report: Report) -> str:
    _lines(axes, report, _per_team(report, lambda f: _hours(f.time_to_claim_p50_s)))
    axes.set_ylim(bottom=0)
    return "Hours to first claim, median"


def _resolve(axes: Axes, report: Report) -> str:
    _lines(axes, report, _per_team(report, lambda f: _hours(f.time_to_resolve_p50_s)))
    axes.set_ylim(bottom=0)
    return "Hours to resolution, median"


def _sla(axes: Axes, report: Report) -> str:
    _lines(axes, report, _per_priority(report, lambda f: f.sla_attainment))
    _percent_axis(axes)
    return "Claimed within the SLA"


def _routing(axes: Axes, report: Report) -> str:
    _lines(axes, report, [Series("Router top-1 accuracy", _per_bucket(report, lambda b: b.totals.top1_accuracy)),
                          Series("Re-routes per request", _per_bucket(report, lambda b: _share(b.totals.reroutes,
                                                                                              b.totals)))])
    _percent_axis(axes)
    return "Share of requests"


def _template(axes: Axes, report: Report) -> str:
    _lines(axes, report, _per_team(report, lambda f: f.template_share))
    if axes.get_legend_handles_labels()[1]:  # a goal line alone says nothing
        axes.axhline(TEMPLATE_TARGET, label=f"Goal {TEMPLATE_TARGET:.0%}", **GOAL_STYLE)  # type: ignore[arg-type]
    _percent_axis(axes)
    return "Requests with every step-1 section"


def _engineering(axes: Axes, report: Report) -> str:
    values = _per_bucket(report, lambda b: b.engineering.ratio)
    if any(v is not None for v in values):
        _lines(axes, report, [Series("Needed engineering", values)])
        axes.axhline(ENGINEERING_TARGET, label=f"Goal ≤ {ENGINEERING_TARGET:.0%}",
                     **GOAL_STYLE)  # type: ignore[arg-type]
        axes.yaxis.set_major_formatter(PercentFormatter(1.0))
        axes.set_ylim(0, max([ENGINEERING_TARGET, *(v for v in values if v is not None)]) * 1.3)
    return "Share of support tickets (no defects)"


def _resolutions(axes: Axes, report: Report) -> str:
    _stacked(axes, report, _per_key(report, lambda f: f.resolutions, RESOLUTION_ORDER, RESOLUTION_LABELS))
    return f"Requests resolved (by {report.grain.value} created)"


def _share(count: int, figures: Figures) -> float | None:
    return count / figures.requests if figures.requests else None


def _percent_axis(axes: Axes) -> None:
    axes.yaxis.set_major_formatter(PercentFormatter(1.0))
    axes.set_ylim(0, 1.05)


_DRAW: dict[str, Callable[[Axes, Report], str]] = {
    "volume_by_team.png": _volume_by_team, "volume_by_type.png": _volume_by_type,
    "volume_by_priority.png": _volume_by_priority, "time_to_claim.png": _claim, "time_to_resolve.png": _resolve,
    "sla_attainment.png": _sla, "routing.png": _routing, "template_completeness.png": _template,
    "engineering_share.png": _engineering, "resolutions.png": _resolutions,
}
assert set(_DRAW) == set(TITLES), "every chart bot.reports.charts lists is drawn here"
