"""Config checks that pydantic's field validation does not make: checks across teams and of the [routing] table, run
on the raw TOML so they are reported together with the field errors."""

from __future__ import annotations

from typing import Any

UNIQUE_TEAM_FIELDS = {"id": "team id", "label": "GitHub label", "handle": "user group handle"}


def duplicates(teams: Any) -> list[str]:
    """Two teams with one id, label or handle: a request, an issue's label or a mention would be ambiguous. (Two
    teams may share a channel: the handbook's search teams both post in #search.)"""
    if not isinstance(teams, list):
        return []
    problems = []
    for key, what in UNIQUE_TEAM_FIELDS.items():
        first: dict[str, int] = {}
        for n, team in enumerate(teams):
            value = team.get(key) if isinstance(team, dict) else None
            if not isinstance(value, str) or not value:
                continue
            value = value.lstrip("@") if key == "handle" else value
            if value in first:
                problems.append(f"teams[{n}].{key}: {what} {value!r} appears twice (also teams[{first[value]}])")
            else:
                first[value] = n
    return problems


def routing_problems(routing: Any) -> list[str]:
    """The [routing] table is read by the router at start: check it here, as `rfh serve` would."""
    if routing is None:
        return []
    if not isinstance(routing, dict):
        return ["routing: must be a table"]
    from routing.vocabulary import Vocabulary
    from routing.vocabulary_format import VocabularyError

    try:
        Vocabulary.from_mapping(dict(routing))
    except VocabularyError as exc:
        return [str(exc)]
    return []
