"""The vocabulary's table format (``routing/vocabulary.toml`` and a config's ``[routing]`` table), read and checked
section by section.

:meth:`routing.vocabulary.Vocabulary.merged` lays a table over a vocabulary with the readers below; each returns
the section's values merged over the current ones, or raises :class:`VocabularyError` naming the bad key (the
config check shows the message as it is, so it must say where to look).

Format (every section optional)::

    [settings]                 # numbers the router uses, see routing.defaults (they may also be given directly
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

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from routing.defaults import DEFAULT_SETTINGS, DEFAULT_WEIGHTS
from routing.text import normalise_phrase, phrase_tokens

_SECTIONS = frozenset({"settings", "weights", "groups", "aliases", "matching", "teams", "rules", "alerts", "builtin"})
_RULE_KEYS = frozenset({"name", "when", "with", "without", "team", "weight", "label"})


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


# -- the sections ---------------------------------------------------------------------------------------------------


def read_sections(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    """``mapping`` with the settings given directly in it (``unsure_below = 0.5``) moved into its settings section;
    a section this format does not have is refused rather than silently ignored (most likely a typo)."""
    shorthand = {k: v for k, v in mapping.items() if k in DEFAULT_SETTINGS}
    if shorthand:
        rest = {k: v for k, v in mapping.items() if k not in shorthand}
        mapping = {**rest, "settings": {**_table(mapping, "settings"), **shorthand}}
    unknown = sorted(set(mapping) - _SECTIONS)
    if unknown:
        raise VocabularyError(f"routing: unknown section(s) {', '.join(unknown)}")
    return mapping


def read_settings(mapping: Mapping[str, Any], current: Mapping[str, float]) -> dict[str, float]:
    settings = dict(current)
    for key, value in _table(mapping, "settings").items():
        if key not in DEFAULT_SETTINGS:
            raise VocabularyError(f"routing.settings.{key}: not a known setting")
        settings[key] = _number(value, f"routing.settings.{key}")
    return settings


def read_tiers(mapping: Mapping[str, Any], current: Mapping[str, float]) -> dict[str, float]:
    """The named weight tiers (``[weights]``)."""
    tiers = dict(current)
    for key, value in _table(mapping, "weights").items():
        tiers[key] = _number(value, f"routing.weights.{key}")
    return tiers


def read_groups(mapping: Mapping[str, Any], current: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    groups = dict(current)
    for name, members in _table(mapping, "groups").items():
        groups[name] = tuple(_strings(members, f"routing.groups.{name}"))
    return groups


def read_aliases(mapping: Mapping[str, Any], current: Mapping[str, str]) -> dict[str, str]:
    aliases = dict(current)
    for alias, canonical in _table(mapping, "aliases").items():
        if not isinstance(canonical, str) or not canonical.strip():
            raise VocabularyError(f"routing.aliases.{alias}: expected a phrase")
        aliases[alias] = canonical
    return aliases


def read_neutral(mapping: Mapping[str, Any], current: tuple[str, ...]) -> tuple[str, ...]:
    """The neutral phrases (``[matching] neutral``), each once."""
    added = _strings(_table(mapping, "matching").get("neutral", []), "routing.matching.neutral")
    return tuple(dict.fromkeys([*current, *added]))


def read_team_terms(mapping: Mapping[str, Any], current: Mapping[str, TermSpec],
                    tiers: Mapping[str, float]) -> dict[str, TermSpec]:
    """The terms with the ``[teams.*]`` tables laid over them, by term key; a term left without a non-zero weight
    is dropped (a team's ``replace`` can leave one so)."""
    weights = {key: dict(spec.weights) for key, spec in current.items()}
    phrases = {key: spec.phrase for key, spec in current.items()}
    for team, spec in _table(mapping, "teams").items():
        where = f"routing.teams.{team}"
        if not isinstance(spec, Mapping):
            raise VocabularyError(f"{where}: expected a table")
        if spec.get("replace"):
            for by_team in weights.values():
                by_team.pop(team, None)
        for phrase, weight in _weighted_phrases(spec, tiers, where):
            key = term_key(phrase)
            if not key.strip("="):
                raise VocabularyError(f"{where}: {phrase!r} has no words")
            weights.setdefault(key, {})[team] = weight
            phrases.setdefault(key, phrase)  # the first spelling stays the one shown
    return {key: TermSpec(phrases[key], w) for key, w in weights.items() if any(w.values())}


def _weighted_phrases(spec: Mapping[str, Any], tiers: Mapping[str, float],
                      where: str) -> Iterator[tuple[str, float]]:
    """(phrase, weight) for one team's table: its tiers' lists, explicit ``terms`` and ``negative`` phrases."""
    for tier, phrase_list in spec.items():
        if tier == "replace":
            continue
        if tier == "terms":
            items = [(p, _number(w, f"{where}.terms.{p}")) for p, w in _table(spec, "terms").items()]
        elif tier == "negative":
            negative = -tiers.get("medium", DEFAULT_WEIGHTS["medium"])
            items = [(p, negative) for p in _strings(phrase_list, f"{where}.negative")]
        elif tier in tiers:
            items = [(p, tiers[tier]) for p in _strings(phrase_list, f"{where}.{tier}")]
        else:
            raise VocabularyError(f"{where}.{tier}: not a weight tier ({', '.join(sorted(tiers))})")
        yield from items


def read_rules(mapping: Mapping[str, Any], current: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """The rules, a table's rule replacing the current one of the same name in place."""
    rules = {rule.name: rule for rule in current}
    for i, raw in enumerate(mapping.get("rules", []) or []):
        rule = _rule(raw, f"routing.rules[{i}]")
        rules[rule.name] = rule
    return tuple(rules.values())


def read_alerts(mapping: Mapping[str, Any], *, weight: float, context: tuple[str, ...],
                owners: Mapping[str, str]) -> tuple[float, tuple[str, ...], dict[str, str]]:
    """(alert weight, monitoring context words, alert → owning team) with the ``[alerts]`` table laid over them."""
    alerts = _table(mapping, "alerts")
    weight = _number(alerts.get("weight", weight), "routing.alerts.weight")
    added = _strings(alerts.get("context", []), "routing.alerts.context")
    merged_owners = dict(owners)
    for alert, team in _table(alerts, "owners").items():
        if not isinstance(team, str):
            raise VocabularyError(f"routing.alerts.owners.{alert}: expected a team id")
        merged_owners[alert] = team
    return weight, tuple(dict.fromkeys([*context, *added])), merged_owners


# -- values ---------------------------------------------------------------------------------------------------------


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
    extra = set(raw) - _RULE_KEYS
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
