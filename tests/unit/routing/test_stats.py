from __future__ import annotations

import pytest

from routing.stats import accuracy_by_team, format_accuracy, misroutes

RECORDS: list[tuple[str | None, str]] = [
    ("distribution", "distribution"),
    ("distribution", "distribution"),
    ("core-application", "distribution"),
    (None, "distribution"),
    ("core-application", "core-application"),
    ("distribution", "core-application"),
    ("bizops", "bizops"),
]


def test_accuracy_by_team() -> None:
    rows = {r.team: r for r in accuracy_by_team(RECORDS)}
    dist = rows["distribution"]
    assert (dist.requests, dist.correct, dist.unsure, dist.corrected, dist.suggested) == (4, 2, 1, 1, 3)
    assert dist.recall == pytest.approx(0.5)
    assert dist.precision == pytest.approx(2 / 3)
    core = rows["core-application"]
    assert (core.requests, core.correct, core.corrected) == (2, 1, 1)
    total = rows["all"]
    assert (total.requests, total.correct, total.unsure, total.suggested) == (7, 4, 1, 6)
    assert [r.team for r in accuracy_by_team(RECORDS)] == ["distribution", "core-application", "bizops", "all"]


def test_a_team_only_ever_suggested_has_no_recall() -> None:
    rows = {r.team: r for r in accuracy_by_team([("search-core", "distribution")])}
    assert rows["search-core"].recall is None and rows["search-core"].precision == 0.0


def test_misroutes_most_frequent_first() -> None:
    records = RECORDS + [("core-application", "distribution")]
    assert misroutes(records) == [("core-application", "distribution", 2), ("distribution", "core-application", 1)]


def test_format_accuracy() -> None:
    text = format_accuracy(accuracy_by_team(RECORDS), misroutes(RECORDS))
    lines = text.splitlines()
    assert lines[0].split() == ["team", "requests", "suggested", "right", "corrected", "unsure", "recall", "precision"]
    assert any(line.startswith("distribution") and "50%" in line and "67%" in line for line in lines)
    assert any(line.startswith("all") and line.split()[1] == "7" for line in lines)
    assert "core-application → distribution: 1" in text


def test_format_accuracy_without_data() -> None:
    assert format_accuracy(accuracy_by_team([])) == "No routed requests yet."
