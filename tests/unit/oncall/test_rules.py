"""Rotation math: one on-call per instant, shifts tile time, hand-offs at local wall time across DST, overrides."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.policies import Rotation, local_to_utc
from bot.oncall.rules import (
    Override,
    escalation_chain,
    format_oncall_table,
    handoff_at,
    next_shift,
    on_call_at,
    shift_index_at,
    shifts_between,
)

BERLIN, NEW_YORK, SYDNEY = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York"), ZoneInfo("Australia/Sydney")
DST_ZONES = [BERLIN, NEW_YORK, SYDNEY]
# Half-hour jumps (Lord Howe) and a whole skipped day (Samoa, 2011-12-30) stress the "hand-offs never go back" rule.
ODD_ZONES = [ZoneInfo("Australia/Lord_Howe"), ZoneInfo("Pacific/Apia")]
TICK = timedelta(microseconds=1)
FAST = settings(max_examples=60, deadline=None)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def weekly(tz: ZoneInfo = BERLIN, members: tuple[str, ...] = ("U1", "U2", "U3"), **kw: object) -> Rotation:
    return Rotation(members, timedelta(days=7), 0, time(9, 0), tz, **kw)  # type: ignore[arg-type]


instants = st.datetimes(min_value=datetime(2005, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC))
member_lists = st.lists(st.sampled_from(["U1", "U2", "U3", "U4", "U5"]), min_size=1, max_size=5).map(tuple)


@st.composite
def rotations(draw: st.DrawFn, zones: list[ZoneInfo] = DST_ZONES + ODD_ZONES) -> Rotation:
    return Rotation(
        members=draw(member_lists),
        shift=timedelta(hours=draw(st.sampled_from([1, 2, 5, 8, 12, 24, 48, 24 * 7, 24 * 14]))),
        handoff_weekday=draw(st.integers(0, 6)),
        handoff_time=draw(st.times()).replace(second=0, microsecond=0),
        tz=draw(st.sampled_from(zones)),
    )


# --- local wall time → UTC ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wall", "tz", "expected"),
    [
        (datetime(2024, 1, 15, 9, 0), BERLIN, utc(2024, 1, 15, 8, 0)),
        (datetime(2024, 7, 15, 9, 0), BERLIN, utc(2024, 7, 15, 7, 0)),
        (datetime(2024, 3, 31, 2, 30), BERLIN, utc(2024, 3, 31, 1, 0)),  # nonexistent: the jump (03:00 CEST)
        (datetime(2024, 10, 27, 2, 30), BERLIN, utc(2024, 10, 27, 0, 30)),  # ambiguous: first occurrence (CEST)
        (datetime(2024, 3, 10, 2, 15), NEW_YORK, utc(2024, 3, 10, 7, 0)),
        (datetime(2024, 11, 3, 1, 30), NEW_YORK, utc(2024, 11, 3, 5, 30)),
        (datetime(2024, 10, 6, 2, 45), SYDNEY, utc(2024, 10, 5, 16, 0)),
        (datetime(2024, 4, 7, 2, 30), SYDNEY, utc(2024, 4, 6, 15, 30)),
        (datetime(2011, 12, 30, 12, 0), ZoneInfo("Pacific/Apia"), utc(2011, 12, 30, 10, 0)),  # a skipped day
    ],
    ids=["berlin-winter", "berlin-summer", "berlin-gap", "berlin-fold", "ny-gap", "ny-fold", "sydney-gap",
         "sydney-fold", "samoa-skipped-day"],
)
def test_local_to_utc(wall: datetime, tz: ZoneInfo, expected: datetime) -> None:
    assert local_to_utc(wall, tz) == expected


def test_local_to_utc_refuses_aware_times() -> None:
    with pytest.raises(ValueError, match="naive"):
        local_to_utc(utc(2024, 1, 1), BERLIN)


# --- properties ---------------------------------------------------------------------------------------------------


@FAST
@given(rotation=rotations(), at=instants)
def test_every_instant_has_exactly_one_on_call(rotation: Rotation, at: datetime) -> None:
    shift = on_call_at(rotation, at)
    assert shift.starts_at <= at < shift.ends_at
    assert shift.user_id == rotation.members[shift.index % len(rotation.members)]
    # The neighbours meet it exactly: no instant is covered twice or not at all.
    assert on_call_at(rotation, shift.starts_at - TICK).ends_at == shift.starts_at
    assert next_shift(rotation, at).starts_at == shift.ends_at


@FAST
@given(rotation=rotations(), start=instants, days=st.integers(1, 20))
def test_consecutive_shifts_tile_time_and_cycle_through_members(rotation: Rotation, start: datetime, days: int) -> None:
    end = start + timedelta(days=days)
    shifts = shifts_between(rotation, start, end)
    assert shifts[0].starts_at <= start and shifts[-1].ends_at >= end
    for before, after in zip(shifts, shifts[1:], strict=False):
        assert before.ends_at == after.starts_at
        # Indices advance one at a time; only a shift swallowed whole by a DST gap (empty) is skipped.
        assert all(handoff_at(rotation, k) == handoff_at(rotation, k + 1) for k in range(before.index + 1, after.index))
    for s in shifts:
        assert s.starts_at < s.ends_at
        assert s.user_id == rotation.members[s.index % len(rotation.members)]


@FAST
@given(
    tz=st.sampled_from(DST_ZONES),
    weeks=st.integers(1, 3),
    weekday=st.integers(0, 6),
    # Every DST change in these zones happens between 02:00 and 03:00 local, so these wall times always exist.
    handoff=st.times(min_value=time(4, 0)).map(lambda t: t.replace(second=0, microsecond=0)),
    year=st.integers(2010, 2030),
    month=st.sampled_from([3, 4, 10, 11]),
)
def test_handoffs_fall_at_the_local_wall_time_across_dst(
    tz: ZoneInfo, weeks: int, weekday: int, handoff: time, year: int, month: int
) -> None:
    rotation = Rotation(("A", "B"), timedelta(weeks=weeks), weekday, handoff, tz)
    start = utc(year, month, 1)
    for s in shifts_between(rotation, start, start + timedelta(days=45)):
        local = s.starts_at.astimezone(tz)
        assert (local.weekday(), local.time()) == (weekday, handoff)


@FAST
@given(rotation=rotations(ODD_ZONES + DST_ZONES), at=instants)
def test_escalation_chain_starts_with_the_on_call_and_names_everyone_once(rotation: Rotation, at: datetime) -> None:
    chain = escalation_chain(rotation, at)
    assert chain[0] == on_call_at(rotation, at).user_id
    assert sorted(chain) == sorted(set(rotation.members))


# --- DST and shift boundaries, by example ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "handoffs_utc"),
    [
        (BERLIN, [utc(2024, 3, 25, 8), utc(2024, 4, 1, 7), utc(2024, 4, 8, 7)]),  # CET → CEST on 31 March
        (NEW_YORK, [utc(2024, 3, 4, 14), utc(2024, 3, 11, 13), utc(2024, 3, 18, 13)]),  # EST → EDT on 10 March
        (SYDNEY, [utc(2024, 3, 31, 22), utc(2024, 4, 7, 23), utc(2024, 4, 14, 23)]),  # AEDT → AEST on 7 April
    ],
    ids=["berlin", "new-york", "sydney"],
)
def test_weekly_monday_0900_hands_off_at_0900_local_on_both_sides_of_dst(
    tz: ZoneInfo, handoffs_utc: list[datetime]
) -> None:
    rotation = weekly(tz)
    shifts = shifts_between(rotation, handoffs_utc[0], handoffs_utc[-1])
    assert [s.starts_at for s in shifts] == handoffs_utc[:2]
    assert shifts[0].ends_at - shifts[0].starts_at != timedelta(days=7)  # the shift spanning the change is ±1 h


def test_weekly_rotation_members_take_turns_from_the_anchor() -> None:
    rotation = weekly(anchor=date(2024, 1, 1))
    assert on_call_at(rotation, utc(2024, 1, 1, 8)).user_id == "U1"  # 09:00 CET on the anchor Monday
    assert on_call_at(rotation, utc(2024, 1, 1, 8) - TICK).user_id == "U3"
    assert on_call_at(rotation, utc(2024, 1, 8, 8)).user_id == "U2"
    assert on_call_at(rotation, utc(2024, 1, 15, 8)).user_id == "U3"
    assert on_call_at(rotation, utc(2024, 1, 22, 8)).user_id == "U1"


def test_default_anchor_is_a_handoff_weekday() -> None:
    rotation = Rotation(("A", "B"), timedelta(days=14), 2, time(10, 0), BERLIN)
    assert rotation.anchor_date == date(2024, 1, 3)
    assert on_call_at(rotation, utc(2024, 1, 3, 9)).user_id == "A"
    assert on_call_at(rotation, utc(2024, 1, 17, 9)).user_id == "B"


def test_shift_index_is_exact_at_the_handoff_instant() -> None:
    rotation = weekly()
    k = shift_index_at(rotation, utc(2024, 4, 1, 7))
    assert handoff_at(rotation, k) == utc(2024, 4, 1, 7)
    assert shift_index_at(rotation, utc(2024, 4, 1, 7) - TICK) == k - 1


def test_twelve_hour_shifts_keep_local_0900_and_2100_across_the_fall_back() -> None:
    rotation = Rotation(("DAY", "NIGHT"), timedelta(hours=12), 0, time(9, 0), BERLIN)
    shifts = shifts_between(rotation, utc(2024, 10, 26, 12), utc(2024, 10, 28, 12))
    assert [s.starts_at.astimezone(BERLIN).hour for s in shifts] == [9, 21, 9, 21, 9]
    night = next(s for s in shifts if s.starts_at == utc(2024, 10, 26, 19))
    assert (night.user_id, night.ends_at - night.starts_at) == ("NIGHT", timedelta(hours=13))


def test_hourly_shift_inside_the_spring_gap_is_empty_and_skipped() -> None:
    rotation = Rotation(("A", "B", "C"), timedelta(hours=1), 0, time(0, 0), BERLIN, anchor=date(2024, 3, 31))
    shifts = shifts_between(rotation, utc(2024, 3, 30, 23), utc(2024, 3, 31, 2))
    # 00:00 A, 01:00 B, 02:00 (does not exist) C is skipped, 03:00 CEST A, 04:00 B.
    assert [(s.user_id, s.starts_at) for s in shifts] == [
        ("A", utc(2024, 3, 30, 23)), ("B", utc(2024, 3, 31, 0)), ("A", utc(2024, 3, 31, 1))
    ]


def test_handoff_time_inside_the_gap_happens_when_the_clock_jumps() -> None:
    rotation = Rotation(("A", "B"), timedelta(days=1), 0, time(2, 30), BERLIN)
    shift = on_call_at(rotation, utc(2024, 3, 31, 12))
    assert shift.starts_at.astimezone(BERLIN).time() == time(3, 0)
    assert shift.ends_at.astimezone(BERLIN).time() == time(2, 30)


# --- overrides ------------------------------------------------------------------------------------------------------


def test_override_covers_part_of_a_shift_and_the_rest_stays_scheduled() -> None:
    rotation = weekly()  # U? on call 2024-01-08 08:00 → 2024-01-15 08:00 UTC
    swap = Override("SUB", utc(2024, 1, 10), utc(2024, 1, 11))
    scheduled = on_call_at(rotation, utc(2024, 1, 9)).user_id
    shifts = shifts_between(rotation, utc(2024, 1, 9), utc(2024, 1, 12), overrides=[swap])
    assert [(s.user_id, s.starts_at, s.ends_at, s.is_override) for s in shifts] == [
        (scheduled, utc(2024, 1, 8, 8), utc(2024, 1, 10), False),
        ("SUB", utc(2024, 1, 10), utc(2024, 1, 11), True),
        (scheduled, utc(2024, 1, 11), utc(2024, 1, 15, 8), False),
    ]
    assert on_call_at(rotation, utc(2024, 1, 10, 12), overrides=[swap]).user_id == "SUB"
    assert next_shift(rotation, utc(2024, 1, 10, 12), overrides=[swap]).user_id == scheduled


def test_later_override_wins_and_an_override_may_span_a_handoff() -> None:
    rotation = weekly()
    first = Override("X", utc(2024, 1, 14), utc(2024, 1, 17))
    second = Override("Y", utc(2024, 1, 15), utc(2024, 1, 16))
    shifts = shifts_between(rotation, utc(2024, 1, 14), utc(2024, 1, 17), overrides=[first, second])
    assert [(s.user_id, s.starts_at, s.ends_at) for s in shifts] == [
        ("X", utc(2024, 1, 14), utc(2024, 1, 15)),
        ("Y", utc(2024, 1, 15), utc(2024, 1, 16)),
        ("X", utc(2024, 1, 16), utc(2024, 1, 17)),
    ]


@FAST
@given(rotation=rotations(DST_ZONES), start=instants, offsets=st.lists(
    st.tuples(st.sampled_from(["S1", "S2"]), st.integers(-48, 200), st.integers(1, 100)), max_size=4))
def test_overrides_keep_exactly_one_on_call(rotation: Rotation, start: datetime,
                                            offsets: list[tuple[str, int, int]]) -> None:
    overrides = [Override(u, start + timedelta(hours=a), start + timedelta(hours=a + n)) for u, a, n in offsets]
    end = start + timedelta(days=7)
    shifts = shifts_between(rotation, start, end, overrides=overrides)
    assert shifts[0].starts_at <= start and shifts[-1].ends_at >= end
    for before, after in zip(shifts, shifts[1:], strict=False):
        assert before.ends_at == after.starts_at
    for s in shifts:
        assert on_call_at(rotation, s.starts_at, overrides=overrides) == s


def test_escalation_chain_follows_rotation_order_without_duplicates() -> None:
    rotation = Rotation(("A", "B", "A", "C"), timedelta(days=1), 0, time(9), BERLIN, anchor=date(2024, 1, 1))
    assert escalation_chain(rotation, utc(2024, 1, 2, 12)) == ("B", "A", "C")  # shift 1 is B
    assert escalation_chain(rotation, utc(2024, 1, 4, 12)) == ("C", "A", "B")


def test_escalation_chain_puts_the_swapped_out_person_last() -> None:
    rotation = Rotation(("A", "B", "C"), timedelta(days=1), 0, time(9), BERLIN, anchor=date(2024, 1, 1))
    swap = Override("B", utc(2024, 1, 1, 12), utc(2024, 1, 1, 20))
    assert escalation_chain(rotation, utc(2024, 1, 1, 13), overrides=[swap]) == ("B", "C", "A")


# --- configuration and the usergroup mode ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"shift": timedelta(0)}, "positive whole number of hours"),
        ({"shift": timedelta(minutes=90)}, "positive whole number of hours"),
        ({"shift": -timedelta(days=7)}, "positive whole number of hours"),
        ({"handoff_weekday": 7}, "0 \\(Monday\\) to 6"),
        ({"handoff_time": time(9, tzinfo=UTC)}, "without a time zone"),
        ({"members": ()}, "at least one member"),
        ({"anchor": date(2024, 1, 2)}, "is a Tuesday, but hand-offs are on Mondays"),
    ],
    ids=["zero-shift", "fractional-hours", "negative-shift", "bad-weekday", "aware-time", "no-members", "anchor-day"],
)
def test_invalid_rotations_are_refused(kwargs: dict[str, object], message: str) -> None:
    values: dict[str, object] = {"members": ("A",), "shift": timedelta(days=7)} | kwargs
    with pytest.raises(ValueError, match=message):
        Rotation(**values)  # type: ignore[arg-type]


def test_usergroup_rotation_takes_the_resolved_members() -> None:
    rotation = Rotation((), follow_usergroup=True, sync_usergroup=True)
    with pytest.raises(ValueError, match="pass the group's current members"):
        on_call_at(rotation, utc(2024, 1, 1, 12))
    assert on_call_at(rotation, utc(2024, 1, 8, 12), ["G1", "G2"]).user_id == "G2"


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        on_call_at(weekly(), datetime(2024, 1, 1))


def test_format_oncall_table() -> None:
    table = format_oncall_table(
        {"search": Rotation(("S1",), timedelta(days=1), 0, time(8), NEW_YORK), "distribution": weekly(),
         "batchers": Rotation((), follow_usergroup=True)},
        utc(2024, 3, 28, 12),
    )
    lines = table.splitlines()
    assert lines[0].split() == ["Team", "On", "call", "now", "Until", "Next"]
    assert [line.split()[0] for line in lines[2:]] == ["batchers", "distribution", "search"]
    assert "Mon 2024-04-01 09:00 CEST (Europe/Berlin)" in lines[3]
    assert "Fri 2024-03-29 08:00 EDT (America/New_York)" in lines[4] and lines[4].split()[-1] == "S1"
    assert "follows its Slack user group" in lines[2]


def test_format_oncall_table_marks_swaps_and_uses_resolved_group_members() -> None:
    swap = Override("SUB", utc(2024, 3, 28), utc(2024, 3, 29))
    table = format_oncall_table({"distribution": weekly(), "batchers": Rotation((), follow_usergroup=True)},
                                utc(2024, 3, 28, 12), members={"batchers": ["G1"]},
                                overrides={"distribution": [swap]})
    assert "SUB (swap)" in table
    assert table.splitlines()[2].split()[1] == "G1"
