"""Human and machine output of routing: the ranking ``rfh route`` prints and the ``--batch`` JSONL format."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Protocol, TextIO

from routing.router import Suggestion
from routing.teams import TeamTable


class SuggestsTeams(Protocol):
    def suggest(self, text: str) -> Suggestion: ...


def format_ranking(suggestion: Suggestion, table: TeamTable, *, limit: int | None = None) -> str:
    """The ranked teams with handle, channel, score and matched evidence; says so when the router is unsure."""
    lines: list[str] = []
    best = suggestion.best
    if best is not None:
        team = table.get(best.team_id)
        name = team.name if team else best.team_id
        lines.append(f"Suggested team: {name} ({suggestion.confidence:.0%} confident)")
    else:
        lines.append(f"Unsure ({suggestion.confidence:.0%} confident): the requester is asked to pick a team.")
    candidates = suggestion.candidates if limit is None else suggestion.candidates[:limit]
    rows = []
    for rank, c in enumerate(candidates, 1):
        team = table.get(c.team_id)
        name = team.name if team else c.team_id
        handle = f"@{team.handle}" if team and team.handle else "-"
        channel = team.channel if team else "-"
        matched = f"matched: {', '.join(c.evidence)}" if c.evidence else ""
        rows.append((f"{rank}.", name, f"{c.score:.0%}", handle, channel, matched))
    widths = [max(len(r[i]) for r in rows) for i in range(5)] if rows else []
    for row in rows:
        cells = [row[i].ljust(widths[i]) if i != 2 else row[i].rjust(widths[i]) for i in range(5)]
        lines.append(("  " + "  ".join(cells) + ("  " + row[5] if row[5] else "")).rstrip())
    return "\n".join(lines)


def suggestion_record(item_id: Any, suggestion: Suggestion, table: TeamTable) -> dict[str, Any]:
    """One ``--batch`` output object."""
    best = suggestion.best
    team = table.get(best.team_id) if best is not None else None
    return {
        "id": item_id,
        "team": best.team_id if best is not None else None,
        "handle": team.handle if team is not None else None,
        "confidence": round(suggestion.confidence, 4),
        "candidates": [{"team": c.team_id, "score": round(c.score, 4)} for c in suggestion.candidates],
    }


def route_batch(router: SuggestsTeams, table: TeamTable, lines: Iterable[str], out: TextIO) -> int:
    """Route JSONL input lines ``{"id": ..., "text": ...}``, writing one JSON line per input line to ``out``.

    Blank lines are skipped. A line that is not a JSON object with a string ``text`` raises ``ValueError``
    naming its (1-based) line number; lines before it have been written. Returns the number of lines written.
    """
    written = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(item, dict):
            raise ValueError(f'line {number}: expected a JSON object like {{"id": ..., "text": ...}}')
        text = item.get("text")
        if not isinstance(text, str):
            what = "missing" if "text" not in item else f"a {type(text).__name__}, not a string"
            raise ValueError(f'line {number}: "text" is {what}')
        record = suggestion_record(item.get("id"), router.suggest(text), table)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        written += 1
    return written
