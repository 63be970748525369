"""A report's charts: which there are, drawing them (in helper processes when given) and writing the PNG files.

The drawing itself is ``bot.reports.drawing`` (matplotlib), imported only where a chart is drawn. `rfh report
--charts` forks ONE helper process that loads matplotlib while the command reads the database, then forks a second
drawer from itself (``prepare_helper``): matplotlib is loaded once, not once per process, so the spare core is not
spent loading it twice while the command's own work waits for it. Returns the PNG bytes with the series drawn, for
the weekly post to upload and tests to check.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Executor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.sharedctypes import Synchronized
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
    """Every chart with something to show, in ``CHARTS`` order. Each takes 0.05-0.1 s, most of it laying out and
    rasterising text; a ``helper`` (a one-process pool, made ready by ``prepare_helper``) draws them there, side by
    side with the second drawer it forked."""
    names = [name for name, _ in CHARTS]
    charts = draw_all(report, names) if helper is None else helper.submit(draw_all, report, names).result()
    return [c for c in charts if c.series]


def draw_one(report: Report, name: str) -> Chart:
    from bot.reports.drawing import draw  # matplotlib: loaded by whoever draws, not by whoever asks

    return draw(report, name)


_sibling: Connection | None = None
"""In a helper process: the pipe to the second drawer it forked once matplotlib was loaded (``prepare_helper``)."""
_next: Synchronized[int] | None = None
"""Shared by the two drawers: the index of the next chart to draw, so whoever is free takes it."""


def prepare_helper(niceness: int = 0) -> None:
    """A helper process's first task: load matplotlib, then fork the second drawer, which inherits it loaded."""
    global _sibling, _next
    if niceness:
        os.nice(niceness)
    import bot.reports.drawing  # noqa: F401

    if _sibling is None:
        forking = multiprocessing.get_context("fork")
        _next = forking.Value("i", 0)
        mine, theirs = forking.Pipe()
        # Daemonic: stopped when this process exits, which does not wait for it.
        forking.Process(target=_serve, args=(theirs, mine), daemon=True).start()
        theirs.close()
        _sibling = mine


def _serve(pipe: Connection, parents_end: Connection) -> None:
    """The second drawer: draws charts of the report it is sent until its parent's end of the pipe closes."""
    parents_end.close()
    while True:
        try:
            report, names = pipe.recv()
        except EOFError:
            return
        pipe.send(_take_turns(report, names))


def draw_all(report: Report, names: list[str]) -> list[Chart]:
    """The charts ``names``, in that order: shared with the second drawer where there is one, each drawing the next
    chart nobody has taken (charts take 0.05 to 0.1 s; splitting them in halves left one drawer waiting). Plain
    pipes between the two: a pool's threads would wait for this process's drawing to pass the work on."""
    if _sibling is None or _next is None:
        return [draw_one(report, name) for name in names]
    _next.value = 0
    _sibling.send((report, names))
    drawn = {c.name: c for c in [*_take_turns(report, names), *_sibling.recv()]}
    return [drawn[name] for name in names]


def _take_turns(report: Report, names: list[str]) -> list[Chart]:
    """Draw the next chart nobody has taken until none is left; the ones this drawer drew."""
    assert _next is not None  # set with _sibling
    drawn: list[Chart] = []
    while True:
        with _next.get_lock():
            turn = _next.value
            _next.value += 1
        if turn >= len(names):
            return drawn
        drawn.append(draw_one(report, names[turn]))


def write_charts(report: Report, directory: Path, *, helper: Executor | None = None) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for chart in render_charts(report, helper=helper):
        path = directory / chart.name
        path.write_bytes(chart.png)
        paths.append(path)
    return paths
