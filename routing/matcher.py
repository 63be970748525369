"""The vocabulary compiled against a team table: a fast longest-phrase matcher plus rule and alert evaluation."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from routing.teams import TeamTable
from routing.text import Tokens, normalise_phrase, phrase_tokens
from routing.vocabulary import Vocabulary
from routing.vocabulary_format import term_key

_MAX_VARIANTS = 32


@dataclass(frozen=True, slots=True)
class CompiledTerm:
    display: str
    weights: tuple[tuple[int, float], ...]
    """(team index, weight) pairs."""
    alert_owner: int = -1
    """For alert/panel names: the owning team's index."""
    context: bool = False
    """A monitoring word that counts for the owner of an alert named in the same text."""


@dataclass(frozen=True, slots=True)
class _Entry:
    length: int
    norms: tuple[str, ...]
    case: tuple[str, ...] | None
    term: int
    """Index into ``CompiledVocabulary.terms``; -1 for neutral phrases."""


@dataclass(frozen=True, slots=True)
class _Condition:
    singles: frozenset[str]
    """One-word patterns."""
    pairs: frozenset[str]
    """Two-word patterns as 'a b'."""
    longer: dict[str, tuple[str, ...]]
    """Longer patterns by their first two words: 'a b' → (' a b c ', …) to look for in the space-padded text."""
    firsts: frozenset[str]

    def holds(self, words: set[str], pairs: set[str], joined: str) -> bool:
        if not self.singles.isdisjoint(words) or not self.pairs.isdisjoint(pairs):
            return True
        if self.firsts.isdisjoint(pairs):
            return False
        return any(whole in joined for first in self.firsts & pairs for whole in self.longer[first])


@dataclass(frozen=True, slots=True)
class CompiledRule:
    label: str
    when: _Condition
    with_: _Condition | None
    without: _Condition | None
    weights: tuple[tuple[int, float], ...]


@dataclass
class Match:
    """Per-team keyword scores for one text and the evidence behind them."""

    scores: list[float]
    evidence: list[dict[str, float]]
    """Per team: evidence label → contribution (positive and negative)."""


class CompiledVocabulary:
    """A :class:`Vocabulary` bound to a :class:`TeamTable` (unknown team ids in the vocabulary are ignored)."""

    def __init__(self, vocabulary: Vocabulary, table: TeamTable):
        self.vocabulary = vocabulary
        self.team_ids: tuple[str, ...] = table.ids
        self.team_index = {t: i for i, t in enumerate(self.team_ids)}
        self.title_boost = vocabulary.setting("title_boost")
        self.prefix_boost = vocabulary.setting("prefix_boost")
        self.context_weight = vocabulary.tiers.get("medium", 1.5)
        self._aliases = self._compile_aliases(vocabulary)

        self.terms: list[CompiledTerm] = []
        index: dict[str, list[_Entry]] = {}
        seen: set[tuple[tuple[str, ...], tuple[str, ...] | None]] = set()

        def add_entry(phrase: str, term: int) -> None:
            case_sensitive = phrase.startswith("=")
            if case_sensitive:
                variants = [normalise_phrase(phrase[1:])]
                case: tuple[str, ...] | None = phrase_tokens(phrase[1:])
            else:
                variants = self._variants(normalise_phrase(phrase))
                case = None
            for norms in variants:
                if not norms or (norms, case) in seen:
                    continue
                seen.add((norms, case))
                index.setdefault(norms[0], []).append(_Entry(len(norms), norms, case, term))

        # Vocabulary terms, then the config's team keywords the vocabulary does not cover, then alerts; all by
        # term key (normalised words), so that differently spelled phrases for the same words are one term.
        weights_by_key: dict[str, dict[int, float]] = {}
        phrase_of: dict[str, str] = {}
        display: dict[str, str] = {}
        for key, spec in vocabulary.terms.items():
            weights = self._team_weights(spec.weights.items())
            if weights:
                weights_by_key[key] = weights
                phrase_of[key] = spec.phrase
                display[key] = spec.text
        keyword_weight = vocabulary.setting("keyword_weight")
        mentioned: dict[tuple[str, ...], set[str]] = {}
        for spec in vocabulary.terms.values():
            teams = mentioned.setdefault(normalise_phrase(spec.text), set())
            for target in spec.weights:
                teams.update(vocabulary.expand(target))
        for team in table.teams:
            for keyword in team.keywords:
                norms = normalise_phrase(keyword)
                if norms and team.id not in mentioned.get(norms, ()):
                    key = term_key(keyword)
                    weights_by_key.setdefault(key, {})[self.team_index[team.id]] = keyword_weight
                    phrase_of.setdefault(key, keyword)
                    display.setdefault(key, keyword)
        # Alerts and panels: the full "service: alert" name and the bare alert name.
        owners: dict[str, int] = {}
        for alert, owner in vocabulary.alert_owners.items():
            weights = self._team_weights([(owner, vocabulary.alert_weight)])
            if not weights:
                continue
            names = [alert]
            _, sep, bare = alert.partition(":")
            if sep and len(normalise_phrase(bare)) >= 2:
                names.append(bare.strip())
            for name in names:
                key = term_key(name)
                weights_by_key[key] = weights  # an alert name means its owner, whatever else its words mean
                phrase_of[key] = name
                display[key] = alert
                owners[key] = next(iter(weights))
        context = {term_key(p) for p in vocabulary.alert_context}

        for key, weights in weights_by_key.items():
            term = CompiledTerm(display[key], tuple(sorted(weights.items())), owners.get(key, -1), key in context)
            self.terms.append(term)
            add_entry(phrase_of[key], len(self.terms) - 1)
        for key in sorted(context - set(weights_by_key)):
            # Monitoring words no team has still count for an alert's owner.
            self.terms.append(CompiledTerm(key, (), -1, True))
            add_entry(key, len(self.terms) - 1)
        for phrase in vocabulary.neutral:
            add_entry(phrase, -1)
        for entries in index.values():
            entries.sort(key=lambda e: (-e.length, e.case is None))
        self._index: dict[str, tuple[tuple[int, tuple[str, ...], tuple[str, ...] | None, int], ...]] = {
            first: tuple((e.length, e.norms, e.case, e.term) for e in entries) for first, entries in index.items()
        }

        self.rules: list[CompiledRule] = []
        for rule in vocabulary.rules:
            weights = self._team_weights([(rule.team, rule.weight)])
            if not weights:
                continue
            self.rules.append(
                CompiledRule(
                    label=rule.evidence,
                    when=self._condition(rule.when),
                    with_=self._condition(rule.with_) if rule.with_ else None,
                    without=self._condition(rule.without) if rule.without else None,
                    weights=tuple(sorted(weights.items())),
                )
            )

        self._pair_firsts = frozenset(
            pair.split(" ", 1)[0]
            for rule in self.rules
            for cond in (rule.when, rule.with_, rule.without)
            if cond is not None
            for pair in cond.pairs | cond.firsts
        )

        # Teams that count as one destination for the confidence (groups of the vocabulary).
        self.siblings: list[tuple[int, ...]] = [(i,) for i in range(len(self.team_ids))]
        for members in vocabulary.groups.values():
            idx = tuple(self.team_index[m] for m in members if m in self.team_index)
            for i in idx:
                self.siblings[i] = tuple(sorted(set(self.siblings[i]) | set(idx)))

    # -- compilation helpers ------------------------------------------------------------------------------------

    def _team_weights(self, items: Iterable[tuple[str, float]]) -> dict[int, float]:
        out: dict[int, float] = {}
        for target, weight in items:
            for team_id in self.vocabulary.expand(target):
                i = self.team_index.get(team_id)
                if i is not None and weight:
                    out[i] = out.get(i, 0.0) + weight
        return out

    @staticmethod
    def _compile_aliases(vocabulary: Vocabulary) -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
        """(alias, canonical) word sequences by the canonical's first word."""
        out: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        for alias, canonical in vocabulary.aliases.items():
            a, c = normalise_phrase(alias), normalise_phrase(canonical)
            if a and c and a != c:
                out.setdefault(c[0], []).append((a, c))
        return out

    def _variants(self, norms: tuple[str, ...]) -> list[tuple[str, ...]]:
        """``norms`` and its spellings with aliases in place of canonical words."""
        variants = [norms]
        frontier = [norms]
        while frontier and len(variants) < _MAX_VARIANTS:
            nxt = []
            for phrase in frontier:
                for start, word in enumerate(phrase):
                    for alias, canonical in self._aliases.get(word, ()):
                        n = len(canonical)
                        if phrase[start : start + n] == canonical:
                            v = phrase[:start] + alias + phrase[start + n :]
                            if v not in variants and len(variants) < _MAX_VARIANTS:
                                variants.append(v)
                                nxt.append(v)
            frontier = nxt
        return variants

    def _condition(self, phrases: Sequence[str]) -> _Condition:
        singles: set[str] = set()
        pairs: set[str] = set()
        longer: dict[str, list[str]] = {}
        for phrase in phrases:
            for norms in self._variants(normalise_phrase(phrase)):
                if len(norms) == 1:
                    singles.add(norms[0])
                elif len(norms) == 2:
                    pairs.add(" ".join(norms))
                elif norms:
                    longer.setdefault(" ".join(norms[:2]), []).append(" " + " ".join(norms) + " ")
        return _Condition(
            frozenset(singles),
            frozenset(pairs),
            {first: tuple(dict.fromkeys(wholes)) for first, wholes in longer.items()},
            frozenset(longer),
        )

    # -- matching -----------------------------------------------------------------------------------------------

    def matched_terms(self, tokens: Tokens) -> dict[int, list[int]]:
        """term index → [occurrences in the body, in the title, in the title's area prefix, position of the first
        occurrence, its length in words]; longest phrase first, each word in at most one phrase."""
        norms, origs, title_len, prefix_len = tokens.norms, tokens.origs, tokens.title_len, tokens.prefix_len
        index = self._index
        found: dict[int, list[int]] = {}
        free = 0  # first position not used by a phrase matched so far
        for i in [i for i, w in enumerate(norms) if w in index]:
            if i < free:
                continue
            for length, phrase, case, term in index[norms[i]]:
                if length > 1 and norms[i : i + length] != phrase:
                    continue
                if case is not None and origs[i : i + length] != case:
                    continue
                if term >= 0:
                    counts = found.get(term)
                    if counts is None:
                        counts = found[term] = [0, 0, 0, i, length]
                    counts[(2 if i < prefix_len else 1) if i < title_len else 0] += 1
                free = i + length
                break
        return found

    def score(self, tokens: Tokens) -> Match:
        n_teams = len(self.team_ids)
        scores = [0.0] * n_teams
        evidence: list[dict[str, float]] = [{} for _ in range(n_teams)]
        boost, prefix_boost = self.title_boost, self.prefix_boost
        terms = self.terms
        origs = tokens.origs
        found = self.matched_terms(tokens)
        alert_owners = {terms[t].alert_owner for t in found if terms[t].alert_owner >= 0}
        for term_idx, (body, title, prefix, first, length) in found.items():
            count = body + boost * title + prefix_boost * prefix
            factor = 1.0 + math.log(count) if count >= 1.0 else count
            term = terms[term_idx]
            weights = term.weights
            if term.context and alert_owners:
                # "the X alert keeps firing": the monitoring words are about the alert, so they go to its owner.
                top = max((w for _, w in weights), default=self.context_weight)
                weights = tuple((owner, top) for owner in sorted(alert_owners))
            if term.alert_owner >= 0:
                label = term.display
            else:
                label = " ".join(origs[first : first + length])
            for team, weight in weights:
                contribution = weight * factor
                scores[team] += contribution
                ev = evidence[team]
                ev[label] = ev.get(label, 0.0) + contribution
        if self.rules:
            norms = tokens.norms
            words = set(norms)
            firsts = self._pair_firsts
            pairs = {norms[i] + " " + norms[i + 1] for i in range(len(norms) - 1) if norms[i] in firsts}
            joined = " " + " ".join(norms) + " "
            for rule in self.rules:
                if not rule.when.holds(words, pairs, joined):
                    continue
                if rule.with_ is not None and not rule.with_.holds(words, pairs, joined):
                    continue
                if rule.without is not None and rule.without.holds(words, pairs, joined):
                    continue
                for team, weight in rule.weights:
                    scores[team] += weight
                    ev = evidence[team]
                    ev[rule.label] = ev.get(rule.label, 0.0) + weight
        return Match(scores, evidence)
