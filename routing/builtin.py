"""The built-in team table (``bot/core/default_config.toml``), for tests, the benchmark and tools that have no config.

The bot itself gets its table from ``bot.core.config.load_config``; this helper reads the same file with ``tomllib``
so that ``routing`` stays importable without the bot's dependencies.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from routing.teams import Team, TeamKind, TeamTable
from routing.vocabulary import Vocabulary

_FALLBACK = Path(__file__).resolve().parent.parent / "bot" / "core" / "default_config.toml"


def builtin_config() -> Mapping[str, Any]:
    """The built-in config file, parsed."""
    try:
        text = resources.files("bot.core").joinpath("default_config.toml").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        text = _FALLBACK.read_text(encoding="utf-8")
    return tomllib.loads(text)


def team_table_from_mapping(data: Mapping[str, Any]) -> TeamTable:
    """A TeamTable from a config mapping's ``[[teams]]`` (no validation beyond what routing needs)."""
    teams = []
    for raw in data.get("teams", []):
        teams.append(
            Team(
                id=str(raw["id"]),
                name=str(raw.get("name", raw["id"])),
                kind=TeamKind(raw.get("kind", "engineering")),
                channel=str(raw.get("channel", "")),
                handle=(str(raw["handle"]).lstrip("@") if raw.get("handle") else None),
                label=raw.get("label"),
                keywords=tuple(raw.get("keywords", ())),
                keeps_priorities_list=bool(raw.get("keeps_priorities_list", False)),
            )
        )
    return TeamTable(tuple(teams))


@lru_cache(maxsize=1)
def builtin_team_table() -> TeamTable:
    """The handbook's team table as shipped in ``bot/core/default_config.toml``."""
    return team_table_from_mapping(builtin_config())


def uses_builtin_vocabulary(table: TeamTable, routing: Mapping[str, Any] | None) -> bool:
    """Whether the built-in (Sourcegraph handbook) vocabulary applies: where the config says so with
    ``[routing] builtin = true/false``, else when at least one of its teams is a handbook team (by id). An
    organisation with teams of its own routes from its own keywords and its learned history only."""
    if routing and "builtin" in routing:
        return bool(routing["builtin"])
    return bool(set(table.ids) & set(builtin_team_table().ids))


def vocabulary_for(table: TeamTable, routing: Mapping[str, Any] | None) -> Vocabulary:
    """The vocabulary a config routes with: its ``[routing]`` table over the built-in vocabulary or, for an
    organisation of its own (see :func:`uses_builtin_vocabulary`), over an empty one."""
    mapping = dict(routing or {})
    mapping["builtin"] = uses_builtin_vocabulary(table, mapping)
    return Vocabulary.from_mapping(mapping)
