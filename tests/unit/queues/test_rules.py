"""The priorities list's rules (ranks with gaps, moves, positions), the lead-only verdicts, and command parsing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.config import load_config
from bot.core.queues import PrioritiesList, PriorityEntry, QueueFilter, QueueItem, QueueKind, StateFilter
from bot.queues.rules import (
    RANK_GAP,
    ListCommand,
    Move,
    append_rank,
    check_reason,
    find_team,
    list_entries,
    paginate,
    parse_list_command,
    parse_position,
    rank_between,
    rank_for_position,
    renumbered,
    target_position,
)
from bot.security.permissions import LeadOnly, lead_check, lead_only_action

TEAMS = load_config().teams


def move_by_ranks(ranks: dict[int, int], item: int, position: int) -> dict[int, int]:
    """What ``bot.queues.priorities.place`` does, on a dict: a rank between the new neighbours, or renumber."""
    order = sorted(ranks, key=ranks.__getitem__)
    others = [i for i in order if i != item]
    rank = rank_for_position([ranks[i] for i in others], position)
    if rank is None:
        ranks = dict(zip(others, renumbered(len(others)), strict=True)) | {item: ranks[item]}
        rank = rank_for_position([ranks[i] for i in others], position)
        assert rank is not None
    return ranks | {item: rank}


@settings(max_examples=300, deadline=None)
@given(size=st.integers(1, 12), moves=st.lists(st.tuples(st.integers(0, 11), st.integers(-2, 15)), max_size=60))
def test_any_sequence_of_moves_keeps_every_item_once_in_the_expected_order(size, moves):
    ranks = {}
    last = None
    for item in range(size):
        last = append_rank(last)
        ranks[item] = last
    expected = list(range(size))
    for item, position in moves:
        item %= size
        ranks = move_by_ranks(ranks, item, position)
        expected.remove(item)
        expected.insert(max(1, min(position, size)) - 1, item)
        order = sorted(ranks, key=ranks.__getitem__)
        assert order == expected
        assert len(set(ranks.values())) == size  # the unique (team, rank) holds


def test_moves_into_the_same_gap_need_a_renumbering_only_when_neighbours_touch():
    assert rank_between(None, None) == RANK_GAP
    assert rank_between(RANK_GAP, None) == 2 * RANK_GAP
    assert rank_between(None, RANK_GAP) == 0
    assert rank_between(10, 12) == 11
    assert rank_between(10, 11) is None
    assert rank_for_position([10, 11], 2) is None
    assert rank_for_position([10, 11], 1) == 10 - RANK_GAP
    assert rank_for_position([10, 11], 99) == 11 + RANK_GAP
    assert renumbered(3) == [RANK_GAP, 2 * RANK_GAP, 3 * RANK_GAP]


@pytest.mark.parametrize(("move", "current", "length", "to", "expected"), [
    (Move.UP, 3, 5, None, 2), (Move.UP, 1, 5, None, 1), (Move.DOWN, 5, 5, None, 5), (Move.DOWN, 2, 5, None, 3),
    (Move.TOP, 4, 5, None, 1), (Move.BOTTOM, 1, 5, None, 5), (Move.TO, 2, 5, 9, 5), (Move.TO, 2, 5, 0, 1),
    (Move.TO, 2, 5, None, 2),
])
def test_target_positions_are_clamped_to_the_list(move, current, length, to, expected):
    assert target_position(move, current=current, length=length, to=to) == expected


def test_typed_positions_and_reasons():
    assert [parse_position(t) for t in ("3", " #2 ", "0", "-1", "two", "", None)] == [3, 2, None, None, None, None,
                                                                                     None]
    assert check_reason("   ") and "short reason" in str(check_reason(""))
    assert "under 300" in str(check_reason("x" * 301))
    assert check_reason("renewal next week") is None


@pytest.mark.parametrize(("words", "expected"), [
    ([], ListCommand(QueueKind.MINE)),
    (["owned"], ListCommand(QueueKind.OWNED)),
    (["team"], ListCommand(QueueKind.TEAM)),
    (["team", "distribution"], ListCommand(QueueKind.TEAM, "distribution")),
    (["TEAM", "Core", "Application"], ListCommand(QueueKind.TEAM, "core-application")),
    (["team", "@distribution-support"], ListCommand(QueueKind.TEAM, "distribution")),
    (["unclaimed"], ListCommand(QueueKind.UNCLAIMED)),
    (["overdue"], ListCommand(QueueKind.OVERDUE)),
])
def test_list_commands(words, expected):
    assert parse_list_command(words, TEAMS) == expected


@pytest.mark.parametrize(("words", "says"), [
    (["everything"], "`everything` is not a list I know"),
    (["team", "nope"], "There is no team `nope`. Teams: `distribution`"),
    (["owned", "distribution"], "takes no team"),
])
def test_bad_list_commands_say_what_is_wrong(words, says):
    answer = parse_list_command(words, TEAMS)
    assert isinstance(answer, str) and says in answer


def test_find_team_by_id_name_or_handle():
    assert find_team(TEAMS, "Distribution").id == "distribution"  # type: ignore[union-attr]
    assert find_team(TEAMS, "core-app-support").id == "core-application"  # type: ignore[union-attr]
    assert find_team(TEAMS, "marketing") is None


# --- lead-only actions --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("kw", "expected"), [
    ({"reorder": True}, LeadOnly.REORDER),
    ({"actor": "A", "owner": "B", "hand_over_to": "C"}, LeadOnly.ASSIGN),  # someone else's request
    ({"actor": "A", "owner": None, "hand_over_to": "C"}, LeadOnly.ASSIGN),  # an unowned one, to someone else
    ({"actor": "A", "owner": "B", "hand_over_to": "A"}, LeadOnly.ASSIGN),  # taking someone else's by hand-over
    ({"actor": "A", "owner": "A", "hand_over_to": "C"}, None),  # the owner hands over their own
    ({"actor": "A", "owner": None, "hand_over_to": "A"}, None),  # that is a claim
    ({"actor": "A", "owner": "B", "reroute": True}, LeadOnly.REROUTE_OWNED),
    ({"actor": "A", "owner": "A", "reroute": True}, None),
    ({"actor": "A", "owner": None, "reroute": True}, None),
    ({"resolution": "wont_fix"}, LeadOnly.WONT_FIX),
    ({"resolution": "fixed"}, None),
])
def test_which_actions_are_lead_only(kw, expected):
    assert lead_only_action(**kw) == expected


def test_lead_only_refusals_name_the_leads_and_what_to_do_instead():
    assert lead_check(LeadOnly.REORDER, is_lead=True, team="Distribution", leads=["U1"]).ok
    assert lead_check(None, is_lead=False, team="Distribution").ok
    refused = lead_check(LeadOnly.REORDER, is_lead=False, team="Distribution", leads=["U1", "U2"])
    assert not refused.ok
    assert refused.reason == ("Only the leads of Distribution (<@U1>, <@U2>) can reorder its priorities list. To ask "
                              "for another place, start a thread with them in the team's channel.")
    nobody = lead_check(LeadOnly.WONT_FIX, is_lead=False, team="Search", leads=[])
    assert "Search has no leads in the config" in nobody.reason


# --- lists and pages ----------------------------------------------------------------------------------------------

def item(n: int, level: int = 1, owner: str | None = None) -> QueueItem:
    return QueueItem(n, "Acme", f"s{n}", "distribution", "Distribution", f"ce/p{level}", level, "open", "filed", "U0",
                     datetime(2026, 1, 1, tzinfo=UTC), owner_id=owner)


def test_list_entries_filter_by_priority_and_state_but_keep_list_positions():
    plist = PrioritiesList("distribution", "Distribution", tuple(
        PriorityEntry(n + 1, it) for n, it in enumerate([item(1, 1), item(2, 2, "U1"), item(3, 1, "U2")])))
    assert [e.position for _, e in list_entries([plist], QueueFilter())] == [1, 2, 3]
    assert [e.position for _, e in list_entries([plist], QueueFilter(priority_level=1))] == [1, 3]
    assert [e.position for _, e in list_entries([plist], QueueFilter(state=StateFilter.OWNED))] == [2, 3]
    assert list_entries([plist], QueueFilter(state=StateFilter.RESOLVED)) == []


def test_pages_are_clamped():
    page = paginate(list(range(25)), 7, 10)
    assert (page.items, page.page, page.pages, page.total, page.start) == (tuple(range(20, 25)), 2, 3, 25, 20)
    assert page.has_previous and not page.has_next
    assert paginate([], 3, 10).pages == 1
