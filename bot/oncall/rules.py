"""On-call rotations: who is on call at any instant, who is next, and the escalation order (issue: on-call rotations).

Pure time arithmetic, no I/O: callers pass aware datetimes and get UTC datetimes back.

How a rotation counts time
--------------------------
Hand-offs are counted in the team's LOCAL wall-clock time. Hand-off ``k`` happens at the wall time
``anchor + handoff_time + k * shift``, so a weekly rotation handing off Monday 09:00 Europe/Berlin hands off at 09:00
on both sides of a DST change; the UTC instant moves and the shift spanning the change is an hour shorter or longer.
For whole-day shifts this is plain local calendar arithmetic. Sub-day shifts (e.g. 12 h) use the same wall-clock
arithmetic, which gives:

* an ambiguous wall time (clocks go back) means its FIRST occurrence (zoneinfo ``fold=0``), so a shift spanning the
  repeated hour is an hour longer;
* a nonexistent wall time (clocks go forward) means the instant the clock jumps over it (02:30 in Berlin's spring gap
  is 03:00 CEST). We deliberately do not use zoneinfo's ``fold=0`` reading there (02:30 → 03:30 CEST): with a shift
  shorter than the jump it would put a later hand-off before an earlier one. With the "jump instant" rule hand-offs
  never go backwards in any zone, so shifts tile time; a shift that lies wholly inside a gap (a 1 h shift at 02:00 on
  the spring-forward night) is empty and its member is skipped that once.

Shift ``k`` belongs to ``members[k % len(members)]``; ``anchor`` is the local date of hand-off 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from bot.core.policies import WEEKDAYS, Rotation, local_to_utc  # noqa: F401  (re-exported)

_TICK = timedelta(microseconds=1)


def _require_aware(at: datetime, name: str = "at") -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (got naive {at.isoformat()})")
    return at.astimezone(UTC)


@dataclass(frozen=True)
class Shift:
    """A stretch of time one person is on call; ``index`` is the scheduled shift number (hand-off ``index``)."""

    user_id: str
    starts_at: datetime
    ends_at: datetime
    index: int
    is_override: bool = False

    def covers(self, at: datetime) -> bool:
        return self.starts_at <= at < self.ends_at


@dataclass(frozen=True)
class Override:
    """Someone covers ``[starts_at, ends_at)`` instead of the scheduled person (a swap). Later overrides win."""

    user_id: str
    starts_at: datetime
    ends_at: datetime

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts_at", _require_aware(self.starts_at, "starts_at"))
        object.__setattr__(self, "ends_at", _require_aware(self.ends_at, "ends_at"))
        if self.ends_at <= self.starts_at:
            raise ValueError("an override must end after it starts")

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.starts_at < end and start < self.ends_at


def handoff_at(rotation: Rotation, k: int) -> datetime:
    """The UTC instant of hand-off ``k`` (shift ``k`` starts then)."""
    return local_to_utc(rotation.anchor_wall + k * rotation.shift, rotation.tz)


def shift_index_at(rotation: Rotation, at: datetime) -> int:
    """The scheduled shift covering ``at``: the last hand-off at or before it."""
    at = _require_aware(at)
    wall = at.astimezone(rotation.tz).replace(tzinfo=None)
    # Wall-clock division is exact away from transitions; near them the UTC check below corrects it by a step.
    k = (wall - rotation.anchor_wall) // rotation.shift
    while handoff_at(rotation, k) > at:
        k -= 1
    while handoff_at(rotation, k + 1) <= at:
        k += 1
    return k


def _members(rotation: Rotation, members: Sequence[str] | None) -> tuple[str, ...]:
    resolved = tuple(members) if members is not None else rotation.members
    if not resolved:
        if rotation.follow_usergroup:
            raise ValueError("this rotation follows a Slack user group; pass the group's current members")
        raise ValueError("the rotation has no members")
    return resolved


def _scheduled(rotation: Rotation, start: datetime, end: datetime, members: tuple[str, ...]) -> list[Shift]:
    """Non-empty scheduled shifts overlapping ``[start, end)``, unclipped."""
    shifts: list[Shift] = []
    k = shift_index_at(rotation, start)
    begins = handoff_at(rotation, k)
    while begins < end:
        ends = handoff_at(rotation, k + 1)
        if ends > begins:  # empty only when a whole shift falls in a DST gap
            shifts.append(Shift(members[k % len(members)], begins, ends, k))
        k, begins = k + 1, ends
    return shifts


def _layer(base: list[Shift], overrides: Sequence[Override]) -> list[Shift]:
    """Lay overrides over scheduled shifts: each elementary interval takes the last override covering it, else the
    scheduled shift; consecutive intervals from the same source merge back together."""
    cuts = sorted({t for s in base for t in (s.starts_at, s.ends_at)}
                  | {t for o in overrides for t in (o.starts_at, o.ends_at)})
    pieces: list[tuple[object, Shift]] = []
    for a, b in pairwise(cuts):
        scheduled = next((s for s in base if s.covers(a)), None)
        winner = next((o for o in reversed(overrides) if o.starts_at <= a < o.ends_at), None)
        source: object = winner if winner is not None else scheduled
        if source is None or scheduled is None:
            continue
        if pieces and pieces[-1][0] is source and pieces[-1][1].ends_at == a:
            pieces[-1] = (source, _extend(pieces[-1][1], b))
        elif winner is not None:
            pieces.append((source, Shift(winner.user_id, a, b, scheduled.index, is_override=True)))
        else:
            pieces.append((source, Shift(scheduled.user_id, a, b, scheduled.index)))
    return [piece for _, piece in pieces]


def _extend(shift: Shift, ends_at: datetime) -> Shift:
    return Shift(shift.user_id, shift.starts_at, ends_at, shift.index, shift.is_override)


def _effective(rotation: Rotation, start: datetime, end: datetime, members: Sequence[str] | None,
               overrides: Sequence[Override]) -> list[Shift]:
    """Who is on call across ``[start, end)``, overrides applied; the pieces keep their full (unclipped) bounds."""
    resolved = _members(rotation, members)
    base = _scheduled(rotation, start, end, resolved)
    if not overrides:
        return base
    # Widen the scheduled window so every override touching the answer lies inside it, then take every override
    # touching that window: then no reported piece is cut short by the window's edges.
    relevant = [o for o in overrides if o.overlaps(start, end)]
    lo = min([base[0].starts_at, *(o.starts_at for o in relevant)])
    hi = max([base[-1].ends_at, *(o.ends_at for o in relevant)])
    base = _scheduled(rotation, lo, hi, resolved)
    active = [o for o in overrides if o.overlaps(base[0].starts_at, base[-1].ends_at)]
    return [p for p in _layer(base, active) if p.starts_at < end and start < p.ends_at]


def on_call_at(rotation: Rotation, at: datetime, members: Sequence[str] | None = None, *,
               overrides: Sequence[Override] = ()) -> Shift:
    """The shift covering ``at`` (exactly one for every instant)."""
    at = _require_aware(at)
    return _effective(rotation, at, at + _TICK, members, overrides)[0]


def next_shift(rotation: Rotation, at: datetime, members: Sequence[str] | None = None, *,
               overrides: Sequence[Override] = ()) -> Shift:
    """The shift after the one covering ``at`` (possibly the same person, e.g. a one-member rotation)."""
    current = on_call_at(rotation, at, members, overrides=overrides)
    return _effective(rotation, current.ends_at, current.ends_at + _TICK, members, overrides)[0]


def shifts_between(rotation: Rotation, start: datetime, end: datetime, members: Sequence[str] | None = None, *,
                   overrides: Sequence[Override] = ()) -> list[Shift]:
    """Consecutive shifts overlapping ``[start, end)``, unclipped; they tile the interval without gaps or overlaps."""
    start, end = _require_aware(start, "start"), _require_aware(end, "end")
    if end <= start:
        return []
    return _effective(rotation, start, end, members, overrides)


def escalation_chain(rotation: Rotation, at: datetime, members: Sequence[str] | None = None, *,
                     overrides: Sequence[Override] = ()) -> tuple[str, ...]:
    """The current on-call, then the people after them in rotation order, each once.

    With an override, the person covering comes first and the scheduled person last: they swapped out for a reason.
    """
    resolved = _members(rotation, members)
    current = on_call_at(rotation, at, resolved, overrides=overrides)
    k = shift_index_at(rotation, at)  # not current.index: an override piece keeps the index it started in
    candidates = [current.user_id, *(resolved[(k + i) % len(resolved)] for i in range(1, len(resolved) + 1))]
    return tuple(dict.fromkeys(candidates))


def format_oncall_table(rotations: Mapping[str, Rotation], now: datetime, *,
                        members: Mapping[str, Sequence[str]] | None = None,
                        overrides: Mapping[str, Sequence[Override]] | None = None) -> str:
    """The ``rfh oncall`` table: team, on call now, until (team-local time), next. One row per team, sorted."""
    header = ("Team", "On call now", "Until", "Next")
    rows = [header] + [_row(team, rotations[team], now, (members or {}).get(team), (overrides or {}).get(team, ()))
                       for team in sorted(rotations)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _row(team: str, rotation: Rotation, now: datetime, members: Sequence[str] | None,
         overrides: Sequence[Override]) -> tuple[str, str, str, str]:
    if rotation.follow_usergroup and not members:
        return team, "(follows its Slack user group)", "-", "-"
    current = on_call_at(rotation, now, members, overrides=overrides)
    after = next_shift(rotation, now, members, overrides=overrides)
    swapped = " (swap)" if current.is_override else ""
    return team, current.user_id + swapped, format_local(current.ends_at, rotation.tz), after.user_id


def format_local(at: datetime, tz: ZoneInfo) -> str:
    """E.g. ``Mon 2024-04-01 09:00 CEST (Europe/Berlin)``."""
    return f"{at.astimezone(tz):%a %Y-%m-%d %H:%M %Z} ({tz.key})"
