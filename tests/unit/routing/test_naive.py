from __future__ import annotations

import pytest

from routing.naive import NaiveRouter
from routing.teams import TeamTable


@pytest.mark.parametrize(
    ("text", "team"),
    [
        ("kubernetes cluster with docker", "distribution"),
        ("search with a filter", "search-core"),  # ties go to the first team in the table
        ("GitHub", "core-application"),  # a code host is a keyword of two teams: the table order decides
        ("imagery", None),  # word boundaries: no keyword
    ],
    ids=["most-hits", "tie-table-order", "shared-keyword", "no-hits"],
)
def test_most_keyword_hits_wins(table: TeamTable, text: str, team: str | None) -> None:
    suggestion = NaiveRouter(table).suggest(text)
    if team is None:
        assert suggestion.unsure and suggestion.best is None
    else:
        assert suggestion.best is not None and suggestion.best.team_id == team
    assert len(suggestion.candidates) == len(table.teams)
