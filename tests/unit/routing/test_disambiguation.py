"""Disambiguation rules: one-word, two-word and longer phrases in any spelling; when, with and without."""

from __future__ import annotations

import pytest

from routing.disambiguation import CompiledRule, Condition, RuleSet
from routing.phrases import alias_table
from routing.text import tokenize
from routing.vocabulary_format import Rule

ALIASES = alias_table({"ghe": "github enterprise", "k8s": "kubernetes"})


def holding(rules: RuleSet, text: str) -> list[str]:
    return [rule.label for rule in rules.holding(tokenize(text, with_title=False).norms)]


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("cloning is slow", True),  # one word, normalised
        ("our GitHub Enterprise instance", True),  # two words
        ("GHE is down", True),  # an alias for two words
        ("the repo updater service is stuck", True),  # longer phrase
        ("the repo updater is stuck", False),  # its first two words only
        ("updater of the repo service", False),
        ("github alone", False),
    ],
)
def test_a_condition_holds_for_any_spelling_of_its_phrases(text: str, holds: bool) -> None:
    rule = CompiledRule("x", Condition.of(["clone", "github enterprise", "repo updater service"], ALIASES),
                        None, None, ((0, 1.0),))
    assert holding(RuleSet([rule]), text) == (["x"] if holds else [])


def test_with_and_without_narrow_a_rule() -> None:
    rule = Rule("code host + sync", when=("github", "gitlab"), team="core", weight=3.0,
                with_=("sync", "kubernetes cluster"), without=("browser extension",), label="code host + sync")
    rules = RuleSet([CompiledRule.of(rule, {2: 3.0}, ALIASES)])
    assert holding(rules, "GitLab sync stopped") == ["code host + sync"]
    assert holding(rules, "GitHub on our k8s cluster") == ["code host + sync"]  # with, through an alias
    assert holding(rules, "GitLab is slow") == []  # no `with`
    assert holding(rules, "GitHub sync of the browser extension") == []  # a `without`
    assert rules.rules[0].weights == ((2, 3.0),)


def test_rules_hold_in_the_vocabulary_order() -> None:
    rules = RuleSet([CompiledRule(label, Condition.of([word], {}), None, None, ((0, 1.0),))
                     for label, word in (("b", "beta"), ("a", "alpha"), ("c", "gamma"))])
    assert holding(rules, "alpha and beta") == ["b", "a"]


def test_no_rules_hold_nothing() -> None:
    assert RuleSet([]).holding(("anything", "at", "all")) == []
