"""Suggestion accuracy from the prediction log, for ``rfh route --stats``.

Input: one ``(suggested team or None, final team)`` pair per request (``None``: the router was unsure and the
requester picked). A final team that differs from the suggestion is a correction (a re-route or another pick).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class TeamAccuracy:
    team: str
    """A team id, or ``"all"`` for the totals row."""
    requests: int
    """Requests whose final team is this team."""
    correct: int
    """... of which the router had suggested this team."""
    unsure: int
    """... of which the router was unsure."""
    suggested: int
    """Requests for which the router suggested this team (any final team)."""

    @property
    def recall(self) -> float | None:
        """Share of this team's requests the router suggested correctly."""
        return self.correct / self.requests if self.requests else None

    @property
    def precision(self) -> float | None:
        """Share of this team's suggestions that stayed with the team."""
        return self.correct / self.suggested if self.suggested else None

    @property
    def corrected(self) -> int:
        """Requests that ended here although the router suggested another team."""
        return self.requests - self.correct - self.unsure


def accuracy_by_team(records: Iterable[tuple[str | None, str]]) -> list[TeamAccuracy]:
    """Per final team (most requests first) plus a last ``"all"`` row with the totals."""
    requests: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    unsure: Counter[str] = Counter()
    suggested: Counter[str] = Counter()
    for suggestion, final in records:
        requests[final] += 1
        if suggestion is None:
            unsure[final] += 1
            continue
        suggested[suggestion] += 1
        if suggestion == final:
            correct[final] += 1
    teams = sorted(set(requests) | set(suggested), key=lambda t: (-requests[t], t))
    rows = [TeamAccuracy(t, requests[t], correct[t], unsure[t], suggested[t]) for t in teams]
    rows.append(
        TeamAccuracy(
            "all", sum(requests.values()), sum(correct.values()), sum(unsure.values()), sum(suggested.values())
        )
    )
    return rows


def misroutes(records: Iterable[tuple[str | None, str]], *, limit: int = 5) -> list[tuple[str, str, int]]:
    """The most frequent (suggested, final) pairs where the final team differs: what the router gets wrong."""
    pairs = Counter((s, f) for s, f in records if s is not None and s != f)
    return [(s, f, n) for (s, f), n in pairs.most_common(limit)]


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def format_accuracy(rows: Iterable[TeamAccuracy], misrouted: Iterable[tuple[str, str, int]] = ()) -> str:
    """A plain-text table of :func:`accuracy_by_team` rows (and, if given, the most frequent misroutes)."""
    rows = list(rows)
    if not rows or rows[-1].requests == 0:
        return "No routed requests yet."
    header = ("team", "requests", "suggested right", "corrected", "unsure", "recall", "precision")
    table = [header] + [
        (r.team, str(r.requests), str(r.correct), str(r.corrected), str(r.unsure), _pct(r.recall), _pct(r.precision))
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = []
    for i, row in enumerate(table):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells))
        if i == 0 or i == len(table) - 2:
            lines.append("  ".join("-" * w for w in widths))
    pairs = list(misrouted)
    if pairs:
        lines.append("")
        lines.append("Most frequent corrections (suggested → final):")
        lines.extend(f"  {s} → {f}: {n}" for s, f, n in pairs)
    return "\n".join(lines)
