"""`rfh report`'s figures over a known history (``report_history``), checked exactly, and the same figures in every
output format: JSON (the contract), CSV, the terminal table and Markdown."""

from __future__ import annotations

import csv
import io
import json

import pytest

from bot.core.domain import template_sections
from bot.reports import queries
from bot.reports.model import Report
from bot.reports.periods import Grain
from bot.reports.render import render
from bot.reports.service import ReportError, load_report
from storage.models import Request
from tests.service import report_history as h


@pytest.fixture
async def report(sessions) -> Report:
    history = await h.build(sessions)
    return await load_report(sessions, config=history.config, period=h.PERIOD, grain=Grain.WEEK)


def figures(values: dict) -> tuple:
    return tuple(values[k] for k in h.TEAM_KEYS)


async def test_every_figure_of_the_known_history(report):
    assert {t: figures(f.as_dict()) for t, f in report.teams.items()} == {
        t: v for t, v in h.EXPECTED.items() if t != "totals"}
    assert figures(report.totals.as_dict()) == h.EXPECTED["totals"]
    for team, sections in h.EXPECTED_SECTIONS.items():
        assert report.teams[team].sections == sections
    assert report.totals.resolutions == h.EXPECTED_RESOLUTIONS
    assert report.totals.types == h.EXPECTED_TYPES
    assert {k: (f.requests, f.sla_met, f.sla_missed) for k, f in report.priorities.items()} == h.EXPECTED_PRIORITIES
    assert {b.bucket.label: (b.totals.requests, b.engineering.tickets, b.engineering.requests)
            for b in report.buckets} == h.EXPECTED_WEEKS
    assert (report.engineering.tickets, report.engineering.requests, report.engineering.ratio) == (40, 3, 3 / 40)
    assert (report.totals.sla_attainment, report.totals.top1_accuracy, report.totals.template_share) == (
        4 / 7, 5 / 7, 6 / 8)


async def test_weeks_split_teams_and_priorities(report):
    w47, w48 = report.buckets
    assert {t: f.requests for t, f in w47.teams.items()} == {"distribution": 3, "core-application": 1,
                                                            "ce-sales": 0}
    assert {t: f.requests for t, f in w48.teams.items()} == {"distribution": 2, "core-application": 1,
                                                            "ce-sales": 1}
    assert (w47.teams["core-application"].repings, w48.teams["core-application"].reroutes) == (1, 1)
    assert w48.teams["distribution"].time_to_claim_p50_s == 2700.0  # R8 only: R7 is claimed after the period
    assert (w47.priorities["p0"].time_to_claim_p50_s, w47.priorities["p0"].time_to_resolve_p50_s) == (600.0, 7800.0)


async def test_one_team(sessions):
    history = await h.build(sessions)
    report = await load_report(sessions, config=history.config, period=h.PERIOD, team="core-application")
    assert list(report.teams) == ["core-application"]
    assert figures(report.totals.as_dict()) == h.EXPECTED["core-application"]
    assert report.engineering.ratio == 3 / 40  # the goal is the whole team's: every team's requests count
    with pytest.raises(ReportError, match="no team 'nope'"):
        await load_report(sessions, config=history.config, period=h.PERIOD, team="nope")


async def test_json_is_the_contract(report):
    data = json.loads(render(report, "json"))
    assert (data["since"], data["until"]) == ("2026-11-16T00:00:00+00:00", "2026-11-30T00:00:00+00:00")
    assert [t["team"] for t in data["teams"]] == ["distribution", "core-application", "ce-sales"]
    assert {t["team"]: figures(t) for t in data["teams"]} == {k: v for k, v in h.EXPECTED.items() if k != "totals"}
    assert figures(data["totals"]) == h.EXPECTED["totals"]
    assert (data["tickets"], data["engineering_share"]) == (40, 0.075)
    assert data["goals"]["template_complete"] == {"target": 0.8, "share": 0.75, "met": False}
    assert data["goals"]["engineering_share"] == {"target": 0.1, "share": 0.075, "met": True}
    assert data["resolutions"] == h.EXPECTED_RESOLUTIONS
    assert [b["bucket"] for b in data["buckets"]] == ["2026-W47", "2026-W48"]
    assert data["buckets"][1]["tickets"] is None and data["buckets"][1]["engineering_share"] is None


async def test_csv_has_the_same_figures(report):
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    value = {(r["bucket"], r["team"], r["priority"], r["metric"]): r["value"] for r in rows}
    for team, expected in h.EXPECTED.items():
        key = "" if team == "totals" else team
        got = tuple(value[("", key, "", metric)] for metric in h.TEAM_KEYS)
        assert got == tuple("" if v is None else str(v) for v in expected), team
    assert value[("", "", "", "resolution:docs_needed")] == "1"
    assert value[("", "distribution", "", "section:logs")] == "4"
    assert value[("2026-W47", "", "", "engineering_share")] == "0.075"
    assert value[("2026-W48", "", "", "tickets")] == ""
    assert value[("2026-W48", "", "p1", "sla_missed")] == "1"


def table_row(text: str, title: str, first: str) -> list[str]:
    """The cells of the row starting with ``first`` in the table titled ``title`` (text or Markdown)."""
    lines = text.split(title, 1)[1].splitlines()
    for line in lines:
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else None
        if cells is None:
            cells = [c for c in line.split("  ") if c.strip()]
            cells = [c.strip() for c in cells]
        if cells and cells[0] == first:
            return cells
    raise AssertionError(f"no row {first!r} under {title!r}")


@pytest.mark.parametrize("fmt", ["table", "md"])
async def test_tables_show_the_same_figures(report, fmt):
    text = render(report, fmt)
    # 2250 s is 37.5 min (rounded to 38), 4590 s 76.5 min (76: halves round to even), 12900 s 3 h 35, 28080 s 7 h 48
    assert table_row(text, "Speed and SLA", "Distribution") == [
        "Distribution", "5", "4", "4", "38m", "1h 16m", "3h 35m", "7h 48m", "4", "0", "100%", "0", "0"]
    assert table_row(text, "Speed and SLA", "All teams") == [
        "All teams", "8", "6", "5", "1h 08m", "10h 00m", "5h 00m", "8h 12m", "4", "3", "57%", "1", "1"]
    assert table_row(text, "SLA per priority", "ce/p2")[:2] == ["ce/p2", "3"]
    assert table_row(text, "Routing", "Core Application") == ["Core Application", "2", "1", "2", "1", "50%"]
    assert table_row(text, "Escalation template", "Distribution")[:5] == ["Distribution", "5", "4", "80%", "met"]
    assert table_row(text, "Escalation template", "All teams")[:5] == ["All teams", "8", "6", "75%", "missed"]
    assert table_row(text, "Requests per week and team", "2026-W47") == ["2026-W47", "3", "1", "0", "4"]
    assert table_row(text, "Requests per week and type", "2026-W48") == ["2026-W48", "2", "1", "1"]
    assert table_row(text, "Support tickets that needed engineering", "2026-W47") == [
        "2026-W47", "3", "40", "8%", "met"]
    assert table_row(text, "Support tickets that needed engineering", "2026-W48") == ["2026-W48", "–", "–", "–", "–"]
    assert table_row(text, "Resolutions", "Answered (docs needed)") == ["Answered (docs needed)", "1", "20%"]


async def test_requests_stored_before_the_sections_column_are_read_from_their_json(sessions):
    """Requests filed before migration 0003 have no ``template_sections``: the query reads the same bits from
    the form in ``details`` (logs count when pasted or when files are attached)."""
    history = await h.build(sessions)
    expected: dict[str, int | None] = {}
    async with sessions() as session, session.begin():
        for name in ("R1", "R2", "R6"):
            request = await session.get(Request, history.ids[name])
            assert request is not None
            stored = request.template_sections
            if name == "R2":
                request.details = {**request.details, "files": ["https://files.slack.com/logs.txt"]}
                stored = template_sections(request.details)
            request.template_sections = None
            expected[name] = stored
    rows = await queries.load_rows(sessions, created_from=h.PERIOD.since, created_to=h.PERIOD.until,
                                   as_of=h.PERIOD.until)
    got = {name: int(rows.sections[list(rows.ids).index(history.ids[name])]) for name in expected}
    assert got == expected == {"R1": 63, "R2": 63, "R6": 32}

