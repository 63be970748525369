"""The vocabulary: built in, extended by a config table, or started empty; its settings and groups."""

from __future__ import annotations

from routing.defaults import DEFAULT_SETTINGS
from routing.vocabulary import Vocabulary


def test_the_builtin_vocabulary_is_read_once() -> None:
    builtin = Vocabulary.builtin()
    assert builtin is Vocabulary.builtin()
    assert builtin.terms and builtin.rules and builtin.alert_owners and builtin.groups["search"]


def test_a_config_table_extends_the_builtin_vocabulary() -> None:
    builtin = Vocabulary.builtin()
    vocabulary = Vocabulary.from_mapping({"teams": {"bizops": {"strong": ["quarterly business review"]}}})
    assert vocabulary.terms["quarterly business review"].weights == {"bizops": builtin.tiers["strong"]}
    assert set(builtin.terms) < set(vocabulary.terms)
    assert "quarterly business review" not in builtin.terms  # merging makes a new vocabulary


def test_builtin_false_starts_from_an_empty_vocabulary() -> None:
    vocabulary = Vocabulary.from_toml('builtin = false\n[teams.web]\nweak = ["extension"]\n')
    assert list(vocabulary.terms) == ["extension"] and vocabulary.rules == () and vocabulary.alert_owners == {}


def test_settings_default_and_override() -> None:
    vocabulary = Vocabulary.from_mapping({"builtin": False, "temperature": 2.0})
    assert vocabulary.setting("temperature") == 2.0
    assert vocabulary.setting("unsure_below") == DEFAULT_SETTINGS["unsure_below"]


def test_a_group_stands_for_its_members() -> None:
    vocabulary = Vocabulary.from_mapping({"builtin": False, "groups": {"search": ["core", "product"]}})
    assert vocabulary.expand("search") == ("core", "product")
    assert vocabulary.expand("core") == ("core",)
