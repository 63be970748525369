"""Requests as columns: what the figures compute over, one numpy array per field, strings as codes.

A report groups 100,000 requests many ways (team, priority, week, and each crossed with the others); numpy masks
over columns do that in milliseconds where a loop over objects takes seconds. Building the columns avoids Python
work per value too (``np.fromiter``, ``map`` over a dict).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from bot.core.domain import TEMPLATE_SECTIONS

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

CLAIM_KINDS = ("claimed", "informal", "handed_over", "confirmed")
"""Ownership events that give a request an owner: the first of them is its first claim (an informal take-over
counts, as it stops the SLA re-pings)."""
SECTIONS = TEMPLATE_SECTIONS
SECTION_LABELS = {"environment": "Environment", "steps_to_reproduce": "Steps to reproduce",
                  "logs": "Logs or screenshots", "recent_changes": "Recent changes",
                  "impacted_users": "Impacted users", "urgency": "Urgency"}
ALL_SECTIONS = (1 << len(SECTIONS)) - 1


class RequestRecord(NamedTuple):
    """One request as ``bot.reports.queries.load_rows`` selects it (times in epoch seconds, None when not yet)."""

    id: int
    team: str
    request_type: str
    level: int
    created: float
    resolved: float | None
    resolution: str | None
    suggested_right: int
    """1: the router suggested the final team; 0: another one; -1: no suggestion."""
    sections: int | None
    """Bit i set when ``SECTIONS[i]`` was filled in."""


@dataclass(frozen=True)
class RequestRows:
    ids: Ints
    team: Ints
    teams: tuple[str, ...]
    type: Ints
    types: tuple[str, ...]
    level: Ints
    created: Floats
    resolved: Floats
    """NaN: not resolved (by the report's end)."""
    resolution: Ints
    resolutions: tuple[str, ...]
    suggested_right: Ints
    sections: Ints
    claimed: Floats
    """NaN: not claimed (by the report's end)."""
    reroutes: Ints
    repings: Ints
    escalations: Ints

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_records(cls, records: Sequence[Sequence[Any]]) -> RequestRows:
        """Rows in ``RequestRecord``'s field order, sorted by id; claims and counts start empty."""
        n = len(records)
        columns = list(zip(*records, strict=True)) if n else [()] * len(RequestRecord._fields)
        c = dict(zip(RequestRecord._fields, columns, strict=True))
        team, teams = _codes(c["team"])
        kind, types = _codes(c["request_type"])
        resolution, resolutions = _codes(c["resolution"])
        return cls(
            ids=_ints(c["id"]), team=team, teams=teams, type=kind, types=types, level=_ints(c["level"]),
            created=_times(c["created"]), resolved=_times(c["resolved"]), resolution=resolution,
            resolutions=resolutions, suggested_right=_ints(c["suggested_right"]),
            sections=_ints(0 if s is None else s for s in c["sections"]), claimed=np.full(n, np.nan),
            reroutes=np.zeros(n, dtype=np.int64), repings=np.zeros(n, dtype=np.int64),
            escalations=np.zeros(n, dtype=np.int64),
        )

    @classmethod
    def from_columns(cls, columns: Mapping[str, str | None]) -> RequestRows:
        """``RequestRecord``'s fields as comma-joined text, one string per field (``queries.load_rows``), times in
        epoch milliseconds (negative: not yet), an empty resolution none. Sorted by id here."""
        ids = split_ints(columns["id"])
        order = np.argsort(ids, kind="stable")
        team, teams = _codes(split_strings(columns["team"]))
        kind, types = _codes(split_strings(columns["request_type"]))
        resolution, resolutions = _codes([r or None for r in split_strings(columns["resolution"])])
        n = len(ids)
        return cls(
            ids=ids[order], team=team[order], teams=teams, type=kind[order], types=types,
            level=split_ints(columns["level"])[order], created=split_millis(columns["created"])[order],
            resolved=split_millis(columns["resolved"])[order], resolution=resolution[order], resolutions=resolutions,
            suggested_right=split_ints(columns["suggested_right"])[order],
            sections=split_ints(columns["sections"])[order], claimed=np.full(n, np.nan),
            reroutes=np.zeros(n, dtype=np.int64), repings=np.zeros(n, dtype=np.int64),
            escalations=np.zeros(n, dtype=np.int64),
        )

    def with_claims(self, claims: Sequence[Sequence[Any]]) -> RequestRows:
        """(request id, claim in epoch seconds) pairs; the first claim of each request counts."""
        return self.with_claim_events(_ints(row[0] for row in claims), _times([row[1] for row in claims]))

    def with_claim_events(self, ids: Ints, at: Floats) -> RequestRows:
        """Every claim (request id, epoch seconds): each request's first claim, by time; ids not among the rows
        are ignored."""
        claimed = np.full(len(self), np.inf)
        where, found = self._positions(ids)
        np.minimum.at(claimed, where, at[found])
        return replace(self, claimed=np.where(np.isinf(claimed), np.nan, claimed))

    def with_counts(self, *, reroutes: Sequence[Sequence[Any]], sent: Sequence[Sequence[Any]]) -> RequestRows:
        """(request id, re-routes) and (request id, re-pings, escalations) rows."""
        return replace(self, reroutes=self._column(self.reroutes, reroutes, 1),
                       repings=self._column(self.repings, sent, 1), escalations=self._column(self.escalations, sent, 2))

    def _column(self, base: Ints, rows: Sequence[Sequence[Any]], at: int) -> Ints:
        column = base.copy()
        where, found = self._positions([row[0] for row in rows])
        column[where] = _ints(int(row[at] or 0) for row in rows)[found]
        return column

    def _positions(self, ids: Sequence[int] | Ints) -> tuple[Ints, npt.NDArray[np.bool_]]:
        """Where each id sits among the (sorted) rows, for the ids that are there, and which ones those are."""
        wanted = ids if isinstance(ids, np.ndarray) else _ints(ids)
        at = np.searchsorted(self.ids, wanted)
        found = at < len(self.ids)
        found[found] = self.ids[at[found]] == wanted[found]
        return at[found], found


def split_strings(text: str | None) -> list[str]:
    """A joined column: NULL when there were no rows; "" is one empty value."""
    return [] if text is None else text.split(",")


def split_ints(text: str | None) -> Ints:
    if not text:
        return np.array(split_strings(text), dtype=np.int64)
    values = np.fromstring(text, dtype=np.int64, sep=",")  # C parsing: a tenth of split() and np.array()
    return values if len(values) == text.count(",") + 1 else np.array(text.split(","), dtype=np.int64)


def split_millis(text: str | None) -> Floats:
    """Epoch milliseconds as epoch seconds; negative (not yet) becomes NaN."""
    millis = split_ints(text)
    return np.where(millis < 0, np.nan, millis / 1000.0)


def _codes(values: Sequence[str | None]) -> tuple[Ints, tuple[str, ...]]:
    """Integer codes for strings (None is -1), and the strings in sorted order."""
    names = tuple(sorted(v for v in set(values) if v is not None))
    index: dict[str | None, int] = {name: i for i, name in enumerate(names)}
    index[None] = -1
    return np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values)), names


def _ints(values: Iterable[Any]) -> Ints:
    return np.fromiter(values, dtype=np.int64)


def _times(values: Sequence[float | None]) -> Floats:
    """Epoch seconds rounded to the millisecond the databases keep (NaN for None)."""
    array = np.array(values, dtype=np.float64) if values else np.zeros(0)  # None becomes NaN
    return np.round(array, 3)
