from __future__ import annotations

import io
import json

import pytest

from routing.report import format_ranking, route_batch
from routing.router import Router
from routing.teams import TeamTable


def test_ranking_shows_handle_channel_confidence_and_evidence(cold_router: Router, table: TeamTable) -> None:
    text = format_ranking(cold_router.suggest("SAML SSO login fails"), table)
    first_line, best_line = text.splitlines()[:2]
    assert first_line.startswith("Suggested team: Core Application (")
    assert "@core-app-support" in best_line and "#core-application-support" in best_line
    assert "matched: SAML, SSO" in best_line
    assert len(text.splitlines()) == 1 + len(table.teams)


def test_ranking_marks_unsure(cold_router: Router, table: TeamTable) -> None:
    text = format_ranking(cold_router.suggest("please help"), table, limit=3)
    assert text.splitlines()[0].startswith("Unsure (")
    assert "pick a team" in text.splitlines()[0]
    assert len(text.splitlines()) == 4


def test_batch_output_format(cold_router: Router, table: TeamTable) -> None:
    lines = [
        json.dumps({"id": 1, "text": "helm upgrade fails on kubernetes"}),
        "",
        json.dumps({"id": "abc", "text": "please help"}),
        json.dumps({"id": None, "text": "the customer's license key expires, renewal pending"}),
    ]
    out = io.StringIO()
    assert route_batch(cold_router, table, lines, out) == 3
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in records] == [1, "abc", None]
    first, unsure, sales = records
    assert set(first) == {"id", "team", "handle", "confidence", "candidates"}
    assert (first["team"], first["handle"]) == ("distribution", "distribution-support")
    assert [c["team"] for c in first["candidates"]][0] == "distribution"
    assert sorted(c["team"] for c in first["candidates"]) == sorted(table.ids)
    scores = [c["score"] for c in first["candidates"]]
    assert scores == sorted(scores, reverse=True)
    assert 0 < first["confidence"] <= 1
    assert (unsure["team"], unsure["handle"]) == (None, None)
    assert len(unsure["candidates"]) == len(table.ids)
    assert (sales["team"], sales["handle"]) == ("ce-sales", None)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "line 2: not valid JSON"),
        ('["a", "list"]', "line 2: expected a JSON object"),
        ('{"id": 7}', 'line 2: "text" is missing'),
        ('{"id": 7, "text": 42}', 'line 2: "text" is a int, not a string'),
    ],
    ids=["not-json", "not-an-object", "no-text", "text-not-a-string"],
)
def test_malformed_batch_lines_name_the_line(cold_router: Router, table: TeamTable, bad: str, message: str) -> None:
    out = io.StringIO()
    with pytest.raises(ValueError, match=message):
        route_batch(cold_router, table, ['{"id": 1, "text": "ok"}', bad], out)
    assert len(out.getvalue().splitlines()) == 1
