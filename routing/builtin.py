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
