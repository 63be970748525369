"""A report's charts: which there are, drawing them (in helper processes when given) and writing the PNG files.

The drawing itself is ``bot.reports.drawing`` (matplotlib), imported only where a chart is drawn: `rfh report
--charts` draws in two forked helper processes that load matplotlib while the database works, so the command's own
process never loads it. Returns the PNG bytes with the series drawn, for the weekly post to upload and tests to
check.
"""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from bot.reports.model import Report

CHARTS = (
    ("volume_by_team.png", "Requests by team"),
    ("volume_by_type.png", "Requests by type"),
    ("volume_by_priority.png", "Requests by priority"),
    ("time_to_claim.png", "Time to first claim (business time)"),
    ("time_to_resolve.png", "Time to resolution (business time)"),
    ("sla_attainment.png", "Claim SLA attainment by priority"),
    ("routing.png", "Routing: router accuracy and re-routes"),
    ("template_completeness.png", "Escalation template complete, against the 80% key result"),
    ("engineering_share.png", "Support tickets that needed engineering, against the 10% goal"),
    ("resolutions.png", "How requests were resolved"),
)
TITLES = dict(CHARTS)


@dataclass(frozen=True)
class Chart:
    name: str
    """File name, e.g. ``volume_by_team.png``."""
    title: str
    series: tuple[str, ...]
    """What was drawn, as the legend names it; a chart with nothing to show has none and is left out."""
    png: bytes


def render_charts(report: Report, *, helper: Executor | None = None) -> list[Chart]:
    """Every chart with something to show, in ``CHARTS`` order. Each takes about 0.1 s, most of it laying out text;
    a ``helper`` (a process pool) draws them side by side."""
    names = [name for name, _ in CHARTS]
    if helper is None:
        charts = [draw_one(report, name) for name in names]
    else:
        charts = [future.result() for future in [helper.submit(draw_one, report, name) for name in names]]
    return [c for c in charts if c.series]


def draw_one(report: Report, name: str) -> Chart:
    from bot.reports.drawing import draw  # matplotlib: loaded by whoever draws, not by whoever asks

    return draw(report, name)


def load_drawing() -> None:
    """What a helper process runs first: load matplotlib before the first chart is asked for."""
    import bot.reports.drawing  # noqa: F401


def write_charts(report: Report, directory: Path, *, helper: Executor | None = None) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for chart in render_charts(report, helper=helper):
        path = directory / chart.name
        path.write_bytes(chart.png)
        paths.append(path)
    return paths
