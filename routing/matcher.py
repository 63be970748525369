"""The vocabulary compiled against a team table, and the keyword model's scores for a text.

Compiling binds the vocabulary's terms (:mod:`routing.terms`), their spellings (:mod:`routing.phrases`) and its
disambiguation rules (:mod:`routing.disambiguation`) to the team table's indexes once, so that scoring a text is a
pass over its words with no name lookups.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from routing.disambiguation import CompiledRule, RuleSet
from routing.phrases import PhraseIndex, alias_table
from routing.teams import TeamTable
from routing.terms import CompiledTerm, compile_terms, team_weights
from routing.text import Tokens
from routing.vocabulary import Vocabulary


@dataclass
class Match:
    """Per-team keyword scores for one text and the evidence behind them."""

    scores: list[float]
    evidence: list[dict[str, float]]
    """Per team: evidence label → contribution (positive and negative)."""

    def add(self, team: int, label: str, contribution: float) -> None:
        self.scores[team] += contribution
        evidence = self.evidence[team]
        evidence[label] = evidence.get(label, 0.0) + contribution


class CompiledVocabulary:
    """A :class:`Vocabulary` bound to a :class:`TeamTable` (unknown team ids in the vocabulary are ignored)."""

    def __init__(self, vocabulary: Vocabulary, table: TeamTable):
        self.vocabulary = vocabulary
        self.team_ids: tuple[str, ...] = table.ids
        self.team_index = {t: i for i, t in enumerate(self.team_ids)}
        self.title_boost = vocabulary.setting("title_boost")
        self.prefix_boost = vocabulary.setting("prefix_boost")
        self.context_weight = vocabulary.tiers.get("medium", 1.5)
        aliases = alias_table(vocabulary.aliases)
        compiled = compile_terms(vocabulary, table, self.team_index)
        self.terms: list[CompiledTerm] = [term for _, term in compiled]
        self.phrases = PhraseIndex(
            [(phrase, i) for i, (phrase, _) in enumerate(compiled)] + [(phrase, -1) for phrase in vocabulary.neutral],
            aliases,
        )
        self.rules = RuleSet([
            CompiledRule.of(rule, weights, aliases)
            for rule in vocabulary.rules
            if (weights := team_weights(vocabulary, self.team_index, [(rule.team, rule.weight)]))
        ])
        self.siblings = self._siblings()

    def _siblings(self) -> list[tuple[int, ...]]:
        """Per team: the teams that count as one destination with it for the confidence (its vocabulary groups;
        both search teams share one channel, so picking the wrong one of the two costs little)."""
        siblings: list[tuple[int, ...]] = [(i,) for i in range(len(self.team_ids))]
        for members in self.vocabulary.groups.values():
            idx = tuple(self.team_index[m] for m in members if m in self.team_index)
            for i in idx:
                siblings[i] = tuple(sorted(set(siblings[i]) | set(idx)))
        return siblings

    # -- matching -----------------------------------------------------------------------------------------------

    def matched_terms(self, tokens: Tokens) -> dict[int, list[int]]:
        """Index into ``terms`` → [occurrences in the body, in the title, in the title's area prefix, position of
        the first occurrence, its length in words]."""
        return self.phrases.find(tokens)

    def score(self, tokens: Tokens) -> Match:
        """Per-team scores: the matched terms' weights (boosted in the title, repeats counting logarithmically),
        then the disambiguation rules that hold; each contribution is kept as evidence under its label."""
        n_teams = len(self.team_ids)
        match = Match([0.0] * n_teams, [{} for _ in range(n_teams)])
        self._score_terms(tokens, match)
        for rule in self.rules.holding(tokens.norms):
            for team, weight in rule.weights:
                match.add(team, rule.label, weight)
        return match

    def _score_terms(self, tokens: Tokens, match: Match) -> None:
        terms = self.terms
        found = self.matched_terms(tokens)
        alert_owners = {terms[t].alert_owner for t in found if terms[t].alert_owner >= 0}
        for term_idx, (body, title, prefix, first, length) in found.items():
            count = body + self.title_boost * title + self.prefix_boost * prefix
            factor = 1.0 + math.log(count) if count >= 1.0 else count
            term = terms[term_idx]
            # An alert is shown by its full name; other terms as the requester spelled them.
            label = term.display if term.alert_owner >= 0 else " ".join(tokens.origs[first : first + length])
            for team, weight in self._weights_here(term, alert_owners):
                match.add(team, label, weight * factor)

    def _weights_here(self, term: CompiledTerm, alert_owners: set[int]) -> tuple[tuple[int, float], ...]:
        """A term's (team, weight) pairs in a text naming alerts of ``alert_owners``."""
        if term.context and alert_owners:
            # "the X alert keeps firing": the monitoring words are about the alert, so they go to its owner.
            top = max((w for _, w in term.weights), default=self.context_weight)
            return tuple((owner, top) for owner in sorted(alert_owners))
        return term.weights
