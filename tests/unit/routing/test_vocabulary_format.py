"""Reading a vocabulary table: each section merged over the current values, bad tables named by their key."""

from __future__ import annotations

import pytest

from routing.vocabulary import Vocabulary
from routing.vocabulary_format import (
    Rule,
    TermSpec,
    VocabularyError,
    read_alerts,
    read_sections,
    read_team_terms,
    term_key,
)

TIERS = {"strong": 3.0, "medium": 1.5, "weak": 0.6}


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"teams": {"distribution": {"loud": ["x"]}}}, "routing.teams.distribution.loud"),
        ({"settings": {"unknown_knob": 1}}, "routing.settings.unknown_knob"),
        ({"rules": [{"name": "x", "when": ["a"]}]}, "missing team, weight"),
        ({"rules": [{"name": "x", "when": ["a"], "team": "t", "weight": 1, "colour": "red"}]},
         r"unknown key\(s\) colour"),
        ({"colours": {}}, "unknown section"),
        ({"teams": {"distribution": {"strong": "helm"}}, "settings": {"temperature": "hot"}}, "expected a number"),
        ({"settings": {"temperature": True}}, "routing.settings.temperature: expected a number"),
        ({"teams": {"web": {"strong": [" - "]}}}, "routing.teams.web: ' - ' has no words"),
        ({"teams": {"web": {"strong": [1, 2]}}}, "routing.teams.web.strong: expected a list of phrases"),
        ({"aliases": {"k8s": " "}}, "routing.aliases.k8s: expected a phrase"),
        ({"alerts": {"owners": {"x: y": 3}}}, "routing.alerts.owners.x: y: expected a team id"),
        ({"groups": ["a"]}, "routing.groups: expected a table"),
    ],
    ids=["bad-tier", "bad-setting", "incomplete-rule", "rule-extra-key", "unknown-section", "not-a-number",
         "boolean-number", "no-words", "not-phrases", "empty-alias", "alert-owner", "not-a-table"],
)
def test_bad_vocabulary_tables_are_named(mapping: dict[str, object], message: str) -> None:
    with pytest.raises(VocabularyError, match=message):
        Vocabulary.from_mapping(mapping)


def test_settings_may_be_given_directly_in_the_table() -> None:
    sections = read_sections({"unsure_below": 0.5, "settings": {"temperature": 2.0}, "builtin": False})
    assert sections == {"builtin": False, "settings": {"temperature": 2.0, "unsure_below": 0.5}}


def test_team_tables_by_tier_terms_and_negative() -> None:
    terms = read_team_terms(
        {"teams": {"web": {"strong": ["Browser extension"], "terms": {"sizing": 2.2}, "negative": ["license"]}}},
        {}, TIERS,
    )
    assert terms == {
        "browser extension": TermSpec("Browser extension", {"web": 3.0}),
        "siz": TermSpec("sizing", {"web": 2.2}),
        "licens": TermSpec("license", {"web": -1.5}),  # the medium tier, negated
    }


def test_a_team_table_merges_over_the_current_terms_by_key() -> None:
    current = {"imag": TermSpec("image", {"ops": 3.0, "web": 0.6}), "helm": TermSpec("helm", {"ops": 3.0})}
    terms = read_team_terms({"teams": {"ops": {"replace": True, "weak": ["images"]}}}, current, TIERS)
    # ops' built-in terms are dropped first; "images" is the same term as "image", which keeps its spelling.
    assert terms == {"imag": TermSpec("image", {"web": 0.6, "ops": 0.6})}


def test_a_rule_with_a_current_rules_name_replaces_it_in_place() -> None:
    base = Vocabulary.from_mapping({"builtin": False, "rules": [
        {"name": "a", "when": ["x"], "team": "t", "weight": 1.0},
        {"name": "b", "when": ["y"], "team": "t", "weight": 1.0},
    ]})
    merged = base.merged({"rules": [{"name": "a", "when": ["z"], "with": "w", "team": "u", "weight": -2,
                                     "label": "A"}]})
    assert merged.rules == (Rule("a", ("z",), "u", -2.0, with_=("w",), label="A"), base.rules[1])
    assert merged.rules[0].evidence == "A" and merged.rules[1].evidence == "b"


def test_alerts_merge_over_the_current_ones() -> None:
    weight, context, owners = read_alerts(
        {"alerts": {"weight": 4, "context": ["alert", "panel"], "owners": {"b: y": "web"}}},
        weight=6.0, context=("grafana", "alert"), owners={"a: x": "ops"},
    )
    assert (weight, context, owners) == (4.0, ("grafana", "alert", "panel"), {"a: x": "ops", "b: y": "web"})


@pytest.mark.parametrize(
    ("phrase", "key"),
    [("Repositories", "repository"), ("src_cli", "src cli"), ("=Go", "=Go"), ("=GO lang", "=GO lang")],
)
def test_term_keys(phrase: str, key: str) -> None:
    assert term_key(phrase) == key
