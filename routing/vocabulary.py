"""The routing vocabulary: weighted terms per team, aliases, disambiguation rules, negative evidence, alert owners.

The built-in vocabulary is ``routing/vocabulary.toml`` (package data). A bot config can extend or override it
with a ``[routing]`` table of the same shape; :meth:`Vocabulary.from_mapping` merges such a table over the
built-in one (``builtin = false`` in the table starts from an empty vocabulary instead).

Format (every section optional)::

    [settings]                 # numbers the router uses, see DEFAULT_SETTINGS (they may also be given directly
    unsure_below = 0.3         # in [routing]); unsure_below: confidence below which the suggestion is "unsure"
                               # and the modal asks the requester to pick

    [weights]                  # named weight tiers used by the team tables below
    decisive = 5.0
    strong = 3.0
    medium = 1.5
    weak = 0.6

    [groups]                   # a group name usable wherever a team id is: the weight goes to every member;
    search = ["search-core", "search-product"]   # members count as one destination for the confidence

    [aliases]                  # alias = canonical; every term/rule/alert phrase containing the canonical
    k8s = "kubernetes"         # words also matches with the alias in their place

    [matching]
    neutral = ["go to"]        # phrases that match nothing but consume their words ("Go to the page" ≠ Go)

    [teams.distribution]       # a team id or a group name
    decisive = ["deploy-sourcegraph", "helm chart"]
    strong = ["kubernetes", "docker compose"]
    medium = ["image"]
    weak = ["node"]
    terms = { "sizing" = 2.2, "search" = -1.0 }   # explicit weights; a negative weight is negative evidence
    negative = ["code monitoring"]                 # shorthand for terms = { ... = -medium }
    replace = false            # true: drop the built-in terms of this team first

    [[rules]]                  # disambiguation: when any of `when` and any of `with` (if given) and none of
    name = "code host + sync"  # `without` occur, add `weight` (may be negative) to `team`.
    when = ["github", "gitlab"]                  # A rule with a built-in rule's name replaces it.
    with = ["clone", "sync", "token"]
    without = ["browser extension"]
    team = "core-application"
    weight = 3.0
    label = "code host + cloning/sync"           # evidence shown to the user (default: the name)

    [alerts]                   # monitoring alerts / dashboard panels → owning team (handbook: questions about
    weight = 6.0               # a specific alert go to the alert's owner)
    context = ["grafana", "alert", "dashboard"]  # monitoring words: when an alert of the table is named, their
    [alerts.owners]                              # weight goes to the alert's owner instead of their own teams
    "gitserver: disk_space_remaining" = "core-application"

Terms are phrases: matched on word boundaries over normalised words (see :mod:`routing.text`: case-insensitive,
plurals and ``-ing``/``-ed`` folded, hyphens and underscores are word breaks), longest phrase first, each word
used by at most one phrase. A term written ``=Go`` is case-aware: it matches only that exact spelling.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from routing.text import normalise_phrase, phrase_tokens

DEFAULT_SETTINGS: Mapping[str, float] = {
    # Confidence below which a suggestion is unsure.
    "unsure_below": 0.3,
    # Weight of a config team keyword that the vocabulary does not mention for that team.
    "keyword_weight": 1.5,
    # A term matched in the title (first line) counts this many times.
    "title_boost": 2.0,
    # A term in the title's area prefix ("batches: …", "[deploy-sourcegraph] …") counts this many times.
    "prefix_boost": 4.0,
    # Keyword score → probability: softmax temperature.
    "temperature": 3.5,
    # Learning: weight of the team-profile similarity (0..1 cosine) in score units, at full strength.
    "profile_weight": 7.0,
    # Learning: profile similarity (cosine) below which the profile part is scaled down proportionally.
    "profile_gate": 0.3,
    # Learning: weight of the nearest past requests' similarity, in score units.
    "neighbour_weight": 8.0,
    # Learning: past requests less similar than this (0..1) do not count as neighbours.
    "neighbour_floor": 0.3,
    # Learning: number of past requests at which the learned part reaches half strength.
    "learn_half": 40.0,
    # Learning: how many nearest past requests vote.
    "neighbours": 5.0,
    # Learning: a correction (suggestion ≠ final team) counts this many times.
    "correction_weight": 2.0,
}

DEFAULT_WEIGHTS: Mapping[str, float] = {"decisive": 5.0, "strong": 3.0, "medium": 1.5, "weak": 0.6}


class VocabularyError(ValueError):
    """A vocabulary table that cannot be used."""


@dataclass(frozen=True)
class Rule:
    name: str
    when: tuple[str, ...]
    team: str
    weight: float
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    label: str = ""

    @property
    def evidence(self) -> str:
        return self.label or self.name


@dataclass(frozen=True)
class TermSpec:
    """One term as the vocabulary states it: the phrase as written and its weight per team (or group)."""

    phrase: str
    weights: Mapping[str, float]

    @property
    def case_sensitive(self) -> bool:
        return self.phrase.startswith("=")

    @property
    def text(self) -> str:
        return self.phrase[1:] if self.case_sensitive else self.phrase


def term_key(phrase: str) -> str:
    """Identity of a phrase: case-aware phrases by exact tokens, the others by normalised tokens."""
    if phrase.startswith("="):
        return "=" + " ".join(phrase_tokens(phrase[1:]))
    return " ".join(normalise_phrase(phrase))


@dataclass(frozen=True)
class Vocabulary:
    terms: Mapping[str, TermSpec] = field(default_factory=dict)
    """term_key → spec."""
    aliases: Mapping[str, str] = field(default_factory=dict)
    neutral: tuple[str, ...] = ()
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()
    alert_owners: Mapping[str, str] = field(default_factory=dict)
    alert_weight: float = 6.0
    alert_context: tuple[str, ...] = ()
    settings: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_SETTINGS))
    tiers: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    # -- construction -------------------------------------------------------------------------------------------

    @classmethod
    def builtin(cls) -> Vocabulary:
        """The vocabulary shipped with rfh (``routing/vocabulary.toml``)."""
        global _BUILTIN
        if _BUILTIN is None:
            text = resources.files("routing").joinpath("vocabulary.toml").read_text(encoding="utf-8")
            _BUILTIN = cls.empty().merged(tomllib.loads(text))
        return _BUILTIN

    @classmethod
    def empty(cls) -> Vocabulary:
        return cls()

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any] | None) -> Vocabulary:
        """The built-in vocabulary extended/overridden by ``mapping`` (a ``[routing]`` config table)."""
        mapping = dict(mapping or {})
        base = cls.builtin() if mapping.pop("builtin", True) else cls.empty()
        return base.merged(mapping)

    @classmethod
    def from_toml(cls, text: str) -> Vocabulary:
        return cls.from_mapping(tomllib.loads(text))

    def merged(self, mapping: Mapping[str, Any]) -> Vocabulary:
        """This vocabulary with ``mapping`` (same format as vocabulary.toml) laid over it."""
        known = {"settings", "weights", "groups", "aliases", "matching", "teams", "rules", "alerts", "builtin"}
        # Settings may also be given directly in the [routing] table (``unsure_below = 0.5``).
        shorthand = {k: v for k, v in mapping.items() if k in DEFAULT_SETTINGS}
        if shorthand:
            rest = {k: v for k, v in mapping.items() if k not in shorthand}
            mapping = {**rest, "settings": {**_table(mapping, "settings"), **shorthand}}
        unknown = sorted(set(mapping) - known)
        if unknown:
            raise VocabularyError(f"routing: unknown section(s) {', '.join(unknown)}")
        settings = dict(self.settings)
        for key, value in _table(mapping, "settings").items():
            if key not in DEFAULT_SETTINGS:
                raise VocabularyError(f"routing.settings.{key}: not a known setting")
            settings[key] = _number(value, f"routing.settings.{key}")
        weights = dict(self.tiers)
        for key, value in _table(mapping, "weights").items():
            weights[key] = _number(value, f"routing.weights.{key}")
        groups = dict(self.groups)
        for name, members in _table(mapping, "groups").items():
            groups[name] = tuple(_strings(members, f"routing.groups.{name}"))
        aliases = dict(self.aliases)
        for alias, canonical in _table(mapping, "aliases").items():
            if not isinstance(canonical, str) or not canonical.strip():
                raise VocabularyError(f"routing.aliases.{alias}: expected a phrase")
            aliases[alias] = canonical
        neutral = list(self.neutral)
        neutral += _strings(_table(mapping, "matching").get("neutral", []), "routing.matching.neutral")

        terms: dict[str, dict[str, float]] = {k: dict(v.weights) for k, v in self.terms.items()}
        phrases: dict[str, str] = {k: v.phrase for k, v in self.terms.items()}
        for team, spec in _table(mapping, "teams").items():
            where = f"routing.teams.{team}"
            if not isinstance(spec, Mapping):
                raise VocabularyError(f"{where}: expected a table")
            if spec.get("replace"):
                for weights_by_team in terms.values():
                    weights_by_team.pop(team, None)
            for tier, phrase_list in spec.items():
                if tier in ("replace",):
                    continue
                if tier == "terms":
                    items = [(p, _number(w, f"{where}.terms.{p}")) for p, w in _table(spec, "terms").items()]
                elif tier == "negative":
                    neg = -weights.get("medium", DEFAULT_WEIGHTS["medium"])
                    items = [(p, neg) for p in _strings(phrase_list, f"{where}.negative")]
                elif tier in weights:
                    items = [(p, weights[tier]) for p in _strings(phrase_list, f"{where}.{tier}")]
                else:
                    raise VocabularyError(f"{where}.{tier}: not a weight tier ({', '.join(sorted(weights))})")
                for phrase, weight in items:
                    key = term_key(phrase)
                    if not key.strip("="):
                        raise VocabularyError(f"{where}: {phrase!r} has no words")
                    terms.setdefault(key, {})[team] = weight
                    phrases.setdefault(key, phrase)

        rules = {r.name: r for r in self.rules}
        for i, raw in enumerate(mapping.get("rules", []) or []):
            rule = _rule(raw, f"routing.rules[{i}]")
            rules[rule.name] = rule

        alerts = _table(mapping, "alerts")
        alert_weight = _number(alerts.get("weight", self.alert_weight), "routing.alerts.weight")
        context = list(self.alert_context) + _strings(alerts.get("context", []), "routing.alerts.context")
        owners = dict(self.alert_owners)
        for alert, team in _table(alerts, "owners").items():
            if not isinstance(team, str):
                raise VocabularyError(f"routing.alerts.owners.{alert}: expected a team id")
            owners[alert] = team

        specs = {k: TermSpec(phrases[k], w) for k, w in terms.items() if any(w.values())}
        return Vocabulary(
            terms=specs,
            aliases=aliases,
            neutral=tuple(dict.fromkeys(neutral)),
            groups=groups,
            rules=tuple(rules.values()),
            alert_owners=owners,
            alert_weight=alert_weight,
            alert_context=tuple(dict.fromkeys(context)),
            settings=settings,
            tiers=weights,
        )

    # -- queries ------------------------------------------------------------------------------------------------

    def setting(self, name: str) -> float:
        return float(self.settings.get(name, DEFAULT_SETTINGS[name]))

    def expand(self, team_or_group: str) -> tuple[str, ...]:
        """Team ids a vocabulary target stands for."""
        return self.groups.get(team_or_group, (team_or_group,))


_BUILTIN: Vocabulary | None = None


def _table(mapping: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = mapping.get(key, {})
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise VocabularyError(f"routing.{key}: expected a table")
    return value


def _strings(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise VocabularyError(f"{where}: expected a list of phrases")
    return list(value)


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise VocabularyError(f"{where}: expected a number")
    return float(value)


def _rule(raw: Any, where: str) -> Rule:
    if not isinstance(raw, Mapping):
        raise VocabularyError(f"{where}: expected a table")
    missing = [k for k in ("name", "when", "team", "weight") if k not in raw]
    if missing:
        raise VocabularyError(f"{where}: missing {', '.join(missing)}")
    extra = set(raw) - {"name", "when", "with", "without", "team", "weight", "label"}
    if extra:
        raise VocabularyError(f"{where}: unknown key(s) {', '.join(sorted(extra))}")
    return Rule(
        name=str(raw["name"]),
        when=tuple(_strings(raw["when"], f"{where}.when")),
        with_=tuple(_strings(raw.get("with", []), f"{where}.with")),
        without=tuple(_strings(raw.get("without", []), f"{where}.without")),
        team=str(raw["team"]),
        weight=_number(raw["weight"], f"{where}.weight"),
        label=str(raw.get("label", "")),
    )
