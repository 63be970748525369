"""The term table the keyword model scores with: every weighted phrase, bound to the team table's indexes.

Three sources, merged by term key (normalised words) so that differently spelled phrases for the same words are
one term: the vocabulary's terms; the config's team keywords the vocabulary does not already give that team
(an organisation's own table works without a vocabulary); alert and panel names, which mean their owner whatever
else their words mean. Monitoring words no team has become terms of their own: they count only for the owner of
an alert named in the same text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from routing.teams import TeamTable
from routing.text import normalise_phrase
from routing.vocabulary import Vocabulary
from routing.vocabulary_format import term_key


@dataclass(frozen=True, slots=True)
class CompiledTerm:
    display: str
    weights: tuple[tuple[int, float], ...]
    """(team index, weight) pairs."""
    alert_owner: int = -1
    """For alert/panel names: the owning team's index."""
    context: bool = False
    """A monitoring word that counts for the owner of an alert named in the same text."""


@dataclass
class _Table:
    """Terms by key while they are collected."""

    weights: dict[str, dict[int, float]] = field(default_factory=dict)
    phrase: dict[str, str] = field(default_factory=dict)
    """The phrase to look for (as written, ``=`` for case-aware)."""
    display: dict[str, str] = field(default_factory=dict)
    owner: dict[str, int] = field(default_factory=dict)


def team_weights(vocabulary: Vocabulary, team_index: Mapping[str, int],
                 items: Iterable[tuple[str, float]]) -> dict[int, float]:
    """(team id or group, weight) pairs → weight per team index; teams the table does not have are left out."""
    out: dict[int, float] = {}
    for target, weight in items:
        for team_id in vocabulary.expand(target):
            i = team_index.get(team_id)
            if i is not None and weight:
                out[i] = out.get(i, 0.0) + weight
    return out


def compile_terms(vocabulary: Vocabulary, table: TeamTable,
                  team_index: Mapping[str, int]) -> list[tuple[str, CompiledTerm]]:
    """(phrase to look for, term) for every term: the vocabulary's, the team keywords', the alerts', then the
    monitoring words no team has."""
    terms = _Table()
    _add_vocabulary_terms(terms, vocabulary, team_index)
    _add_team_keywords(terms, vocabulary, table, team_index)
    _add_alerts(terms, vocabulary, team_index)
    context = {term_key(p) for p in vocabulary.alert_context}
    compiled = [
        (terms.phrase[key], CompiledTerm(terms.display[key], tuple(sorted(weights.items())),
                                         terms.owner.get(key, -1), key in context))
        for key, weights in terms.weights.items()
    ]
    compiled += [(key, CompiledTerm(key, (), -1, True)) for key in sorted(context - set(terms.weights))]
    return compiled


def _add_vocabulary_terms(terms: _Table, vocabulary: Vocabulary, team_index: Mapping[str, int]) -> None:
    for key, spec in vocabulary.terms.items():
        weights = team_weights(vocabulary, team_index, spec.weights.items())
        if weights:
            terms.weights[key] = weights
            terms.phrase[key] = spec.phrase
            terms.display[key] = spec.text


def _add_team_keywords(terms: _Table, vocabulary: Vocabulary, table: TeamTable,
                       team_index: Mapping[str, int]) -> None:
    """A config keyword counts for its team unless the vocabulary already weighs the same words for that team
    (the words would count twice); a keyword the vocabulary gives another team still counts for this one."""
    keyword_weight = vocabulary.setting("keyword_weight")
    mentioned = _teams_by_words(vocabulary)
    for team in table.teams:
        for keyword in team.keywords:
            norms = normalise_phrase(keyword)
            if norms and team.id not in mentioned.get(norms, ()):
                key = term_key(keyword)
                terms.weights.setdefault(key, {})[team_index[team.id]] = keyword_weight
                terms.phrase.setdefault(key, keyword)
                terms.display.setdefault(key, keyword)


def _teams_by_words(vocabulary: Vocabulary) -> dict[tuple[str, ...], set[str]]:
    """The team ids each vocabulary term's normalised words have a weight for (groups expanded)."""
    mentioned: dict[tuple[str, ...], set[str]] = {}
    for spec in vocabulary.terms.values():
        teams = mentioned.setdefault(normalise_phrase(spec.text), set())
        for target in spec.weights:
            teams.update(vocabulary.expand(target))
    return mentioned


def _add_alerts(terms: _Table, vocabulary: Vocabulary, team_index: Mapping[str, int]) -> None:
    for alert, owner in vocabulary.alert_owners.items():
        weights = team_weights(vocabulary, team_index, [(owner, vocabulary.alert_weight)])
        if not weights:
            continue
        for name in _alert_names(alert):
            key = term_key(name)
            terms.weights[key] = weights  # an alert name means its owner, whatever else its words mean
            terms.phrase[key] = name
            terms.display[key] = alert
            terms.owner[key] = next(iter(weights))


def _alert_names(alert: str) -> list[str]:
    """The full "service: alert" name and the bare alert name (when it has at least two words of its own)."""
    names = [alert]
    _, sep, bare = alert.partition(":")
    if sep and len(normalise_phrase(bare)) >= 2:
        names.append(bare.strip())
    return names
