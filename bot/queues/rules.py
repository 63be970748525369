"""Rules of the RFH priorities list and the queues (handbook 002, step 5), with no I/O.

The list is kept as ranks with wide gaps (``RANK_GAP``): appending takes the last rank plus the gap, a move takes a
rank between its new neighbours, so one row changes per move. Only when two neighbours' ranks touch is the whole list
renumbered. Positions (1 = top) are always derived from the order of ranks, never stored, so they cannot drift.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from bot.core.queues import (  # noqa: F401  (Move and MAX_REASON: the rules' vocabulary, re-exported)
    MAX_REASON,
    Move,
    Page,
    PrioritiesList,
    PriorityEntry,
    QueueFilter,
    QueueKind,
    StateFilter,
)
from routing.teams import Team, TeamTable

RANK_GAP = 1 << 20
"""Twenty moves into the same gap before a renumbering; a BIGINT never runs out of room."""
T = TypeVar("T")


def append_rank(last: int | None) -> int:
    """The rank of a new item: after the current last one (handbook: newest issue = last priority)."""
    return RANK_GAP if last is None else last + RANK_GAP


def rank_between(before: int | None, after: int | None) -> int | None:
    """A rank strictly between two neighbours (None = no neighbour on that side); None when they touch."""
    if before is None and after is None:
        return RANK_GAP
    if before is None:
        assert after is not None
        return after - RANK_GAP
    if after is None:
        return before + RANK_GAP
    if after - before < 2:
        return None
    return before + (after - before) // 2


def rank_for_position(others: Sequence[int], position: int) -> int | None:
    """The rank that puts an item at ``position`` (1-based, clamped) among ``others`` (the remaining items' ranks,
    in order); None when its neighbours touch and the list must be renumbered first."""
    index = clamp(position, 1, len(others) + 1) - 1
    before = others[index - 1] if index > 0 else None
    after = others[index] if index < len(others) else None
    return rank_between(before, after)


def renumbered(count: int) -> list[int]:
    """Fresh, evenly spaced ranks for a list of ``count`` items."""
    return [(n + 1) * RANK_GAP for n in range(count)]


def clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def target_position(move: Move, *, current: int, length: int, to: int | None = None) -> int:
    """Where ``move`` takes an item now at ``current`` in a list of ``length`` items (clamped to the list)."""
    wanted = {Move.UP: current - 1, Move.DOWN: current + 1, Move.TOP: 1, Move.BOTTOM: length}.get(move)
    if wanted is None:
        wanted = to if to is not None else current
    return clamp(wanted, 1, max(length, 1))


def parse_position(text: str | None) -> int | None:
    """A typed position: ``3``, ``#3``; None when it is not a whole number of at least 1."""
    raw = (text or "").strip().lstrip("#")
    return int(raw) if raw.isdigit() and int(raw) >= 1 else None


def check_reason(reason: str | None) -> str | None:
    """The problem with a move's reason, or None when it is fine."""
    text = (reason or "").strip()
    if not text:
        return "Give a short reason for the move: the team channel and the requester see it."
    if len(text) > MAX_REASON:
        return f"Keep the reason under {MAX_REASON} characters (it is {len(text)})."
    return None


# -- queues ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListCommand:
    """``/rfh list [mine|owned|team [TEAM]|unclaimed|overdue]``, parsed."""

    kind: QueueKind
    team_id: str | None = None
    page: int = 0


def find_team(teams: TeamTable, text: str) -> Team | None:
    """A team by id, name or handle, case-insensitively (``distribution``, ``Core Application``,
    ``@distribution-support``)."""
    wanted = text.strip().lstrip("@").lower()
    for team in teams.teams:
        if wanted in (team.id.lower(), team.name.lower(), (team.handle or "").lower()):
            return team
    return None


def parse_list_command(words: Sequence[str], teams: TeamTable) -> ListCommand | str:
    """The queue the words ask for, or a message saying what is wrong. No words: ``mine``."""
    if not words:
        return ListCommand(QueueKind.MINE)
    head, rest = words[0].lower(), " ".join(words[1:])
    try:
        kind = QueueKind(head)
    except ValueError:
        return (f"`{head}` is not a list I know. Use `/rfh list` with one of: "
                + ", ".join(f"`{k.value}`" for k in QueueKind) + " (`team` takes a team id, e.g. "
                f"`/rfh list team {teams.teams[0].id}`).")
    if kind is not QueueKind.TEAM:
        return ListCommand(kind) if not rest else f"`/rfh list {kind.value}` takes no team; try `/rfh list team …`."
    if not rest:
        return ListCommand(kind)
    team = find_team(teams, rest)
    if team is None:
        return f"There is no team `{rest}`. Teams: " + ", ".join(f"`{t.id}`" for t in teams.teams) + "."
    return ListCommand(kind, team.id)


def teams_of(teams: TeamTable, user: str, rotations: Mapping[str, Sequence[str]] | None = None) -> list[Team]:
    """The teams ``user`` is named in (lead, member or in the on-call rotation). An empty ``members`` list makes a
    team open to anyone for actions, but does not make everyone its member for "my team"."""
    rotations = rotations or {}
    return [t for t in teams.teams if user in t.leads or user in t.members or user in rotations.get(t.id, ())]


def paginate(items: Sequence[T], page: int, size: int) -> Page[T]:
    """``items[page*size : (page+1)*size]``, with the page clamped to the last one."""
    pages = max(1, -(-len(items) // size))
    page = clamp(page, 0, pages - 1)
    start = page * size
    return Page(tuple(items[start:start + size]), page, pages, len(items), start)


def page_window(total: int, page: int, size: int) -> tuple[int, int, int]:
    """(page clamped, offset, pages) for a list of ``total`` rows: SQL's OFFSET for a page."""
    pages = max(1, -(-total // size))
    page = clamp(page, 0, pages - 1)
    return page, page * size, pages


def list_entries(lists: Sequence[PrioritiesList], flt: QueueFilter) -> list[tuple[PrioritiesList, PriorityEntry]]:
    """The entries of these lists, in order, that pass the priority and state filters (positions stay the list's)."""
    def keep(entry: PriorityEntry) -> bool:
        item = entry.item
        if flt.priority_level is not None and item.priority_level != flt.priority_level:
            return False
        if flt.state is StateFilter.UNCLAIMED:
            return item.owner_id is None
        if flt.state is StateFilter.OWNED:
            return item.owner_id is not None
        return flt.state is not StateFilter.RESOLVED  # resolved requests have left the lists

    return [(plist, entry) for plist in lists for entry in plist.entries if keep(entry)]
