"""The keyword model's scores: title and prefix boosts, repeats, evidence labels, alerts, rules, sibling teams."""

from __future__ import annotations

import math

import pytest

from routing.matcher import CompiledVocabulary
from routing.teams import Team, TeamKind, TeamTable
from routing.text import tokenize
from routing.vocabulary import Vocabulary

TABLE = TeamTable(
    (
        Team("ops", "Ops", TeamKind.ENGINEERING, "#ops"),
        Team("lang", "Languages", TeamKind.ENGINEERING, "#lang"),
        Team("web", "Web", TeamKind.ENGINEERING, "#web"),
        Team("data", "Data", TeamKind.ENGINEERING, "#data", keywords=("Warehouse", "Images")),
    )
)
VOCAB = Vocabulary.from_mapping(
    {
        "builtin": False,
        "groups": {"front": ["web", "lang"]},
        "aliases": {"k8s": "kubernetes"},
        "teams": {
            "ops": {"strong": ["image", "kubernetes", "dashboard"]},
            "lang": {"strong": ["=Go"], "terms": {"browser": -1.0}},
            "web": {"strong": ["browser extension"], "weak": ["extension"]},
        },
        "rules": [{"name": "ext", "when": ["extension"], "with": ["browser"], "without": ["license"],
                   "team": "web", "weight": 2.0, "label": "browser + extension"}],
        "alerts": {"weight": 6.0, "context": ["alert", "dashboard"], "owners": {"web: page_load_slow": "web"}},
    }
)
OPS, LANG, WEB, DATA = range(4)


@pytest.fixture(scope="module")
def compiled() -> CompiledVocabulary:
    return CompiledVocabulary(VOCAB, TABLE)


def test_repeats_count_logarithmically_and_the_title_more(compiled: CompiledVocabulary) -> None:
    once = compiled.score(tokenize("the image", with_title=False)).scores[OPS]
    twice = compiled.score(tokenize("the image and the image again", with_title=False)).scores[OPS]
    in_title = compiled.score(tokenize("image broken\nnothing else")).scores[OPS]
    in_prefix = compiled.score(tokenize("image: broken\nnothing else")).scores[OPS]
    assert once == 3.0
    assert twice == pytest.approx(3.0 * (1 + math.log(2)))
    assert in_title == pytest.approx(3.0 * (1 + math.log(VOCAB.setting("title_boost"))))
    assert in_prefix == pytest.approx(3.0 * (1 + math.log(VOCAB.setting("prefix_boost"))))


def test_evidence_is_labelled_as_the_requester_spelled_it(compiled: CompiledVocabulary) -> None:
    match = compiled.score(tokenize("our K8s Images", with_title=False))
    assert match.evidence[OPS] == {"K8s": 3.0, "Images": 3.0}
    assert match.evidence[DATA] == {"Images": VOCAB.setting("keyword_weight")}


def test_config_keywords_the_vocabulary_lacks_are_scored(compiled: CompiledVocabulary) -> None:
    scores = compiled.score(tokenize("warehouse loads", with_title=False)).scores
    assert scores == [0.0, 0.0, 0.0, VOCAB.setting("keyword_weight")]


def test_negative_evidence_is_kept_with_its_sign(compiled: CompiledVocabulary) -> None:
    match = compiled.score(tokenize("a browser problem", with_title=False))
    assert match.scores[LANG] == -1.0 and match.evidence[LANG] == {"browser": -1.0}


def test_monitoring_words_go_to_the_owner_of_the_alert_named(compiled: CompiledVocabulary) -> None:
    plain = compiled.score(tokenize("the dashboard is empty", with_title=False))
    assert plain.scores[OPS] == 3.0 and plain.scores[WEB] == 0.0
    named = compiled.score(tokenize("the page_load_slow alert on the dashboard", with_title=False))
    assert named.scores[OPS] == 0.0
    # The alert's own weight, then "dashboard" at its strongest weight and "alert" at the medium tier, for web.
    assert named.evidence[WEB] == {"web: page_load_slow": 6.0, "dashboard": 3.0, "alert": 1.5}


@pytest.mark.parametrize(
    ("text", "holds"),
    [("browser extension broken, the extension button is gone in the browser", True),
     ("the extension is gone", False), ("browser extension for the license", False)],
    ids=["when-and-with", "no-with", "without"],
)
def test_rules_add_their_weight_as_evidence(compiled: CompiledVocabulary, text: str, holds: bool) -> None:
    match = compiled.score(tokenize(text, with_title=False))
    assert ("browser + extension" in match.evidence[WEB]) is holds
    if holds:
        assert match.evidence[WEB]["browser + extension"] == 2.0


def test_group_members_are_siblings(compiled: CompiledVocabulary) -> None:
    assert compiled.siblings == [(OPS,), (LANG, WEB), (LANG, WEB), (DATA,)]


def test_unknown_teams_in_the_vocabulary_are_ignored() -> None:
    vocabulary = Vocabulary.from_mapping({"builtin": False, "teams": {"gone": {"strong": ["sizing"]}}})
    compiled = CompiledVocabulary(vocabulary, TABLE)
    assert compiled.score(tokenize("sizing", with_title=False)).scores == [0.0, 0.0, 0.0, 0.0]
    assert "sizing" not in {term.display for term in compiled.terms}
