"""The charts are real PNG images, one series per team, priority or kind that has something to show."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from io import BytesIO

import pytest
from PIL import Image

from bot.reports.charts import prepare_helper, render_charts, write_charts
from bot.reports.figures import build_report
from bot.reports.periods import Grain
from tests.unit.reports.conftest import PERIOD, rows

PNG = b"\x89PNG\r\n\x1a\n"


def test_every_chart_is_a_png_with_its_series(report):
    charts = {c.name: c for c in render_charts(report)}
    assert {name: c.series for name, c in charts.items()} == {
        "volume_by_team.png": ("Distribution", "Core Application"),  # Search Core had no request: no bar
        "volume_by_type.png": ("Help request", "Defect"),
        "volume_by_priority.png": ("ce/p1", "ce/p2"),
        "time_to_claim.png": ("Distribution", "Core Application"),
        "time_to_resolve.png": ("Distribution", "Core Application"),
        "sla_attainment.png": ("ce/p1", "ce/p2"),
        "routing.png": ("Router top-1 accuracy", "Re-routes per request"),
        "template_completeness.png": ("Distribution", "Core Application", "Goal 80%"),
        "engineering_share.png": ("Needed engineering", "Goal ≤ 10%"),
        "resolutions.png": ("Answered", "Fixed"),
    }
    for chart in charts.values():
        assert chart.png.startswith(PNG)
        image = Image.open(BytesIO(chart.png))
        image.load()
        assert (image.format, image.size) == ("PNG", (800, 450))
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 16) or []) > 20  # drawn, not blank


def test_no_ticket_counts_no_engineering_chart(config):
    report = build_report(rows(), [], config=config, period=PERIOD, grain=Grain.DAY)
    names = [c.name for c in render_charts(report)]
    assert "engineering_share.png" not in names and len(names) == 9


@pytest.mark.parametrize("drawers", [1, 2])
def test_drawing_in_helper_processes_gives_the_same_images(report, tmp_path, drawers):
    alone = render_charts(report)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as helper:
        if drawers == 2:  # as `rfh report --charts` does: the helper forks a second drawer
            helper.submit(prepare_helper).result()
        shared = render_charts(report, helper=helper)
        again = render_charts(report, helper=helper)  # the drawers take turns afresh for each report
    assert [(c.name, c.series, c.png) for c in shared] == [(c.name, c.series, c.png) for c in alone]
    assert [c.png for c in again] == [c.png for c in alone]
    paths = write_charts(report, tmp_path / "out")
    assert sorted(p.name for p in paths) == sorted(c.name for c in alone)
    assert all(p.read_bytes().startswith(PNG) for p in paths)
