"""Learning from use: blending the keyword model with similarity to past requests, and corrections."""

from __future__ import annotations

import pytest

from routing.router import Router
from routing.teams import TeamTable

# Made-up in-house vocabulary no table knows: "Lighthouse" is the customer's name for their code search portal,
# "quartermaster" their internal artifact cache.
LIGHTHOUSE_HISTORY = [
    ("Lighthouse portal shows a blank page for the acme tenant", "extensibility"),
    ("Lighthouse tenant switcher forgets the selection", "extensibility"),
    ("Lighthouse portal tenant banner overlaps the header", "extensibility"),
    ("quartermaster cache fills the volume every night", "distribution"),
    ("quartermaster cache eviction never runs", "distribution"),
    ("quartermaster needs more memory after the upgrade", "distribution"),
]


def test_cold_start_works_from_the_table_alone(router: Router) -> None:
    assert router.learned == 0
    best = router.suggest("Our helm deployment fails after the upgrade").best
    assert best is not None and best.team_id == "distribution"


@pytest.mark.parametrize(
    ("text", "team"),
    [
        ("Lighthouse tenant page is blank again", "extensibility"),
        ("The quartermaster cache stopped evicting", "distribution"),
    ],
    ids=["lighthouse", "quartermaster"],
)
def test_a_teams_own_vocabulary_is_picked_up(router: Router, text: str, team: str) -> None:
    before = router.suggest(text)
    assert before.unsure  # no table term matches these words
    router.learn_many(LIGHTHOUSE_HISTORY)
    after = router.suggest(text)
    assert after.candidates[0].team_id == team
    assert any(e.startswith(("past requests:", "similar to")) for e in after.candidates[0].evidence)
    # With more history of the kind the suggestion becomes confident.
    router.learn_many(LIGHTHOUSE_HISTORY * 3)
    confident = router.suggest(text)
    assert confident.best is not None and confident.best.team_id == team
    assert confident.confidence > after.confidence


def test_a_correction_changes_a_later_suggestion(router: Router) -> None:
    text = "Northwind users get an error page when opening the settings page"
    first = router.suggest(text)
    assert first.candidates[0].team_id == "core-application"
    # Re-routed: it was a web UI problem.
    router.learn(text, "extensibility", suggested=first.candidates[0].team_id)
    later = router.suggest("Settings page shows an error page for Northwind users")
    assert later.best is not None and later.best.team_id == "extensibility"
    assert "similar to 1 past request" in later.best.evidence


def test_a_correction_counts_more_than_a_confirmation(table: TeamTable) -> None:
    confirmed, corrected = Router(table), Router(table)
    confirmed.learn("widget frobnicator crashes", "bizops", suggested="bizops")
    corrected.learn("widget frobnicator crashes", "bizops", suggested="extensibility")
    assert corrected.memory.total_weight > confirmed.memory.total_weight
    a = {c.team_id: c.score for c in confirmed.suggest("frobnicator widget crash").candidates}
    b = {c.team_id: c.score for c in corrected.suggest("frobnicator widget crash").candidates}
    assert b["bizops"] > a["bizops"]


def test_learning_grows_with_history_without_drowning_the_table(table: TeamTable) -> None:
    """One stray past request does not override strong keyword evidence."""
    router = Router(table)
    router.learn("SAML login broken for the helm users", "distribution")
    best = router.suggest("SAML SSO login fails with an OIDC error").best
    assert best is not None and best.team_id == "core-application"


def test_learn_many_accepts_pairs_and_triples(router: Router) -> None:
    router.learn_many([("quartermaster cache", "distribution"), ("quartermaster disk", "distribution", "bizops")])
    assert router.learned == 2
    assert router.memory.total_weight == 1 + router.correction_weight


@pytest.mark.parametrize(
    ("text", "team"),
    [("some text", "no-such-team"), ("", "distribution"), ("   ", "distribution"), ("the a of", "distribution")],
    ids=["unknown-team", "empty", "blank", "stop-words-only"],
)
def test_unusable_examples_are_ignored(router: Router, text: str, team: str) -> None:
    router.learn(text, team)
    assert router.learned == 0


def test_learning_can_be_switched_off(table: TeamTable) -> None:
    router = Router(table, learning=False)
    router.learn_many(LIGHTHOUSE_HISTORY)
    assert router.suggest("Lighthouse tenant page is blank again").unsure
