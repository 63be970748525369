"""A team's routing history as the bot learns it: labelled past requests, read from JSONL or a tracker.

Pure: parsing and validation only. A line is ``{"text": ..., "team": TEAM_ID}`` with an optional ``"id"``
(any JSON string or number; the tracker's issue id when there is one). Every problem names its line, and
:func:`parse_history` reads the whole input before anything is stored, so a bad line imports nothing.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass

MAX_TEXT = 4000
"""Characters of a text kept for learning (titles and the start of the description carry the routing signal)."""
MAX_ID = 200


@dataclass(frozen=True, slots=True)
class HistoryExample:
    text: str
    team: str
    id: str | None = None
    line: int = 0

    @property
    def key(self) -> str:
        """What deduplicates it: its id when it has one, else its text."""
        return example_key(self.id, self.text)


class HistoryError(ValueError):
    """Input that cannot be learned from; the message names the line."""


def text_hash(text: str) -> str:
    """Identity of a text for deduplication: NFC, whitespace collapsed, case folded."""
    normal = " ".join(unicodedata.normalize("NFC", text).split()).casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def example_key(example_id: str | None, text: str) -> str:
    return f"id:{example_id}" if example_id is not None else f"text:{text_hash(text)}"


def parse_line(number: int, line: str, teams: Collection[str]) -> HistoryExample | None:
    """One JSONL line (``None`` for a blank one); raises :class:`HistoryError` naming ``number``."""
    if not line.strip():
        return None
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise HistoryError(f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(item, dict):
        raise HistoryError(f'line {number}: expected a JSON object like {{"text": ..., "team": ...}}')
    text, team, raw_id = item.get("text"), item.get("team"), item.get("id")
    if not isinstance(text, str) or not text.strip():
        what = "missing" if "text" not in item else "empty" if isinstance(text, str) else "not a string"
        raise HistoryError(f'line {number}: "text" is {what}')
    if not isinstance(team, str) or not team:
        raise HistoryError(f'line {number}: "team" is {"missing" if "team" not in item else "not a team id"}')
    if team not in teams:
        raise HistoryError(f'line {number}: unknown team "{team}" (the config has: {", ".join(sorted(teams))})')
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int)):
        raise HistoryError(f'line {number}: "id" must be a string or a number')
    example_id = str(raw_id) if raw_id is not None else None
    if example_id is not None and not 0 < len(example_id) <= MAX_ID:
        raise HistoryError(f'line {number}: "id" must have 1 to {MAX_ID} characters')
    return HistoryExample(text.strip()[:MAX_TEXT], team, example_id, number)


def parse_history(lines: Iterable[str], teams: Collection[str]) -> list[HistoryExample]:
    """Every example of a JSONL input, in order; the first bad line raises :class:`HistoryError`.

    Within the input, a later line with the same key (id, or text without an id) replaces an earlier one."""
    by_key: dict[str, HistoryExample] = {}
    for number, line in enumerate(lines, 1):
        example = parse_line(number, line, teams)
        if example is not None:
            by_key.pop(example.key, None)
            by_key[example.key] = example
    return list(by_key.values())


def issue_text(title: str, body: str | None) -> str:
    """A tracker issue as a request text: the title as the first line, then the description."""
    title = " ".join(title.split())
    body = (body or "").strip()
    return (f"{title}\n\n{body}" if body else title)[:MAX_TEXT]


def team_for_labels(labels: Iterable[str], mapping: dict[str, str]) -> tuple[str | None, bool]:
    """(the team an issue's labels map to, whether they map to two or more different teams). Labels compare
    case-insensitively, as GitHub's do."""
    lowered = {k.casefold(): v for k, v in mapping.items()}
    teams = {lowered[name.casefold()] for name in labels if name.casefold() in lowered}
    if len(teams) == 1:
        return next(iter(teams)), False
    return None, len(teams) > 1
