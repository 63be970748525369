"""The routing vocabulary: weighted terms per team, aliases, disambiguation rules, negative evidence, alert owners.

The built-in vocabulary is ``routing/vocabulary.toml`` (package data). A bot config can extend or override it
with a ``[routing]`` table of the same shape (described in :mod:`routing.vocabulary_format`);
:meth:`Vocabulary.from_mapping` merges such a table over the built-in one (``builtin = false`` in the table
starts from an empty vocabulary instead). :class:`routing.matcher.CompiledVocabulary` turns a vocabulary into the
fast matcher the router scores with.

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

from routing import vocabulary_format as fmt
from routing.defaults import DEFAULT_SETTINGS, DEFAULT_WEIGHTS
from routing.vocabulary_format import Rule, TermSpec


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
        """This vocabulary with ``mapping`` (same format as vocabulary.toml) laid over it.

        Raises :class:`routing.vocabulary_format.VocabularyError` for a table that cannot be used."""
        mapping = fmt.read_sections(mapping)
        # Read in the order of the format's description, so that of two mistakes the first one is reported.
        settings = fmt.read_settings(mapping, self.settings)
        tiers = fmt.read_tiers(mapping, self.tiers)
        groups = fmt.read_groups(mapping, self.groups)
        aliases = fmt.read_aliases(mapping, self.aliases)
        neutral = fmt.read_neutral(mapping, self.neutral)
        terms = fmt.read_team_terms(mapping, self.terms, tiers)  # the tiers as this table leaves them
        rules = fmt.read_rules(mapping, self.rules)
        alert_weight, alert_context, alert_owners = fmt.read_alerts(
            mapping, weight=self.alert_weight, context=self.alert_context, owners=self.alert_owners
        )
        return Vocabulary(terms=terms, aliases=aliases, neutral=neutral, groups=groups, rules=rules,
                          alert_owners=alert_owners, alert_weight=alert_weight, alert_context=alert_context,
                          settings=settings, tiers=tiers)

    # -- queries ------------------------------------------------------------------------------------------------

    def setting(self, name: str) -> float:
        return float(self.settings.get(name, DEFAULT_SETTINGS[name]))

    def expand(self, team_or_group: str) -> tuple[str, ...]:
        """Team ids a vocabulary target stands for."""
        return self.groups.get(team_or_group, (team_or_group,))


_BUILTIN: Vocabulary | None = None
