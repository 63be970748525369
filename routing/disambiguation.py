"""The vocabulary's disambiguation rules, compiled for speed: when any of ``when`` and any of ``with`` (if given)
and none of ``without`` occur in a text, the rule adds its weight to its team.

Each phrase list becomes sets of its spellings' one-word and two-word forms, tested against the text's words and
adjacent word pairs; longer phrases are looked for in the space-padded text, and only after their first two words
were seen as a pair, so a text pays for string searches only where a long phrase can occur.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from routing.phrases import Aliases, spellings
from routing.text import normalise_phrase
from routing.vocabulary_format import Rule


@dataclass(frozen=True, slots=True)
class Condition:
    singles: frozenset[str]
    """One-word patterns."""
    pairs: frozenset[str]
    """Two-word patterns as 'a b'."""
    longer: dict[str, tuple[str, ...]]
    """Longer patterns by their first two words: 'a b' → (' a b c ', …) to look for in the space-padded text."""
    firsts: frozenset[str]

    @classmethod
    def of(cls, phrases: Sequence[str], aliases: Aliases) -> Condition:
        """The condition "any of ``phrases`` occurs", in any of their spellings."""
        singles: set[str] = set()
        pairs: set[str] = set()
        longer: dict[str, list[str]] = {}
        for phrase in phrases:
            for norms in spellings(normalise_phrase(phrase), aliases):
                if len(norms) == 1:
                    singles.add(norms[0])
                elif len(norms) == 2:
                    pairs.add(" ".join(norms))
                elif norms:
                    longer.setdefault(" ".join(norms[:2]), []).append(" " + " ".join(norms) + " ")
        return cls(
            frozenset(singles),
            frozenset(pairs),
            {first: tuple(dict.fromkeys(wholes)) for first, wholes in longer.items()},
            frozenset(longer),
        )

    def holds(self, words: set[str], pairs: set[str], joined: str) -> bool:
        if not self.singles.isdisjoint(words) or not self.pairs.isdisjoint(pairs):
            return True
        if self.firsts.isdisjoint(pairs):
            return False
        return any(whole in joined for first in self.firsts & pairs for whole in self.longer[first])


@dataclass(frozen=True, slots=True)
class CompiledRule:
    label: str
    when: Condition
    with_: Condition | None
    without: Condition | None
    weights: tuple[tuple[int, float], ...]
    """(team index, weight) pairs."""

    @classmethod
    def of(cls, rule: Rule, weights: dict[int, float], aliases: Aliases) -> CompiledRule:
        return cls(
            label=rule.evidence,
            when=Condition.of(rule.when, aliases),
            with_=Condition.of(rule.with_, aliases) if rule.with_ else None,
            without=Condition.of(rule.without, aliases) if rule.without else None,
            weights=tuple(sorted(weights.items())),
        )

    def holds(self, words: set[str], pairs: set[str], joined: str) -> bool:
        if not self.when.holds(words, pairs, joined):
            return False
        if self.with_ is not None and not self.with_.holds(words, pairs, joined):
            return False
        return self.without is None or not self.without.holds(words, pairs, joined)


class RuleSet:
    def __init__(self, rules: Sequence[CompiledRule]):
        self.rules = tuple(rules)
        # Only pairs starting with one of these words can be a pattern: the text's other pairs are not built.
        self._pair_firsts = frozenset(
            pair.split(" ", 1)[0]
            for rule in self.rules
            for cond in (rule.when, rule.with_, rule.without)
            if cond is not None
            for pair in cond.pairs | cond.firsts
        )

    def holding(self, norms: Sequence[str]) -> list[CompiledRule]:
        """The rules that hold for a text's normalised words, in the vocabulary's order."""
        if not self.rules:
            return []
        firsts = self._pair_firsts
        pairs = {norms[i] + " " + norms[i + 1] for i in range(len(norms) - 1) if norms[i] in firsts}
        joined = " " + " ".join(norms) + " "
        words = set(norms)
        return [rule for rule in self.rules if rule.holds(words, pairs, joined)]
