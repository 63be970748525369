"""Business time, SLA re-ping/escalation plans, stale-owner nudges and snoozes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.policies import (
    DEFAULT_SLA,
    BusinessHours,
    SlaPolicy,
    add_business_time,
    business_span,
    business_time_between,
    is_business_time,
    next_digest_at,
)
from bot.sla.rules import (
    ActionKind,
    PlannedAction,
    claim_deadline,
    plan_stale,
    plan_unclaimed,
    policy_for,
    priority_key,
    snooze_until,
)

BERLIN, NEW_YORK, SYDNEY = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York"), ZoneInfo("Australia/Sydney")
HOURS = BusinessHours(BERLIN)
H, BD = timedelta(hours=1), timedelta(days=1)  # BD: one business day on business time
FAST = settings(max_examples=80, deadline=None)


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A Berlin wall time, as the UTC instant the functions return."""
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


# 2024-03-22 is a Friday; Berlin switches to CEST on Sunday 2024-03-31.
@pytest.mark.parametrize(
    ("start", "duration", "hours", "expected"),
    [
        (berlin(2024, 3, 22, 16, 30), H, HOURS, berlin(2024, 3, 25, 9, 30)),
        (berlin(2024, 3, 22, 16, 30), 30 * timedelta(minutes=1), HOURS, berlin(2024, 3, 22, 17, 0)),
        (berlin(2024, 3, 23, 10, 0), H, HOURS, berlin(2024, 3, 25, 10, 0)),
        (berlin(2024, 3, 20, 7, 0), H, HOURS, berlin(2024, 3, 20, 10, 0)),
        (berlin(2024, 3, 20, 18, 0), H, HOURS, berlin(2024, 3, 21, 10, 0)),
        (berlin(2024, 3, 20, 8, 0), timedelta(0), HOURS, berlin(2024, 3, 20, 9, 0)),
        (berlin(2024, 3, 19, 11, 0), BD, HOURS, berlin(2024, 3, 20, 11, 0)),
        (berlin(2024, 3, 22, 11, 0), BD, HOURS, berlin(2024, 3, 25, 11, 0)),
        (berlin(2024, 3, 20, 14, 0), 3 * BD, HOURS, berlin(2024, 3, 25, 14, 0)),
        (berlin(2024, 3, 29, 16, 0), 2 * H, HOURS, berlin(2024, 4, 1, 10, 0)),
        (berlin(2024, 3, 28, 16, 0), 2 * H, BusinessHours(BERLIN, holidays=frozenset({date(2024, 3, 29)})),
         berlin(2024, 4, 1, 10, 0)),
        (berlin(2024, 3, 18, 12, 0), BD, BusinessHours(BERLIN, time(10), time(14)), berlin(2024, 3, 19, 12, 0)),
        (berlin(2024, 3, 21, 16, 0), 2 * H, BusinessHours(BERLIN, workdays=frozenset({6, 0, 1, 2, 3})),
         berlin(2024, 3, 24, 10, 0)),
        (berlin(2024, 3, 18, 9, 0), BD + 2 * H, HOURS, berlin(2024, 3, 19, 11, 0)),
    ],
    ids=["friday-1630-plus-1h-is-monday-0930", "ends-exactly-at-close", "saturday-counts-from-monday",
         "before-opening", "after-closing", "zero-outside-hours-is-next-opening", "one-business-day",
         "one-business-day-over-the-weekend", "three-business-days", "across-dst", "holiday-skipped",
         "short-business-day", "sunday-to-thursday-week", "day-plus-hours"],
)
def test_add_business_time(start: datetime, duration: timedelta, hours: BusinessHours, expected: datetime) -> None:
    assert add_business_time(hours, start, duration) == expected


def test_business_time_accepts_any_aware_zone_and_returns_utc() -> None:
    start = datetime(2024, 3, 22, 10, 30, tzinfo=NEW_YORK)  # 15:30 Berlin, Friday
    result = add_business_time(HOURS, start, 2 * H)
    assert result.tzinfo is UTC and result == berlin(2024, 3, 25, 9, 30)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: add_business_time(HOURS, datetime(2024, 1, 1), H), "aware"),
        (lambda: add_business_time(HOURS, berlin(2024, 1, 1), -H), "negative"),
        (lambda: add_business_time(HOURS, berlin(2024, 1, 1), 23 * H), "more than a business day"),
        (lambda: BusinessHours(BERLIN, time(17), time(9)), "start before they end"),
        (lambda: BusinessHours(BERLIN, workdays=frozenset()), "non-empty"),
        (lambda: BusinessHours(BERLIN, workdays=frozenset({7})), "0 \\(Monday\\) to 6"),
        (lambda: SlaPolicy(timedelta(0), True, timedelta(0), H, BD), "positive"),
        (lambda: SlaPolicy(H, True, 2 * H, H, BD), "before the re-ping"),
    ],
    ids=["naive-start", "negative-duration", "23-business-hours", "inverted-hours", "no-workdays", "bad-workday",
         "zero-claim", "escalate-before-reping"],
)
def test_invalid_input_is_refused(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


def test_is_business_time_is_half_open() -> None:
    assert not is_business_time(HOURS, berlin(2024, 3, 20, 8, 59))
    assert is_business_time(HOURS, berlin(2024, 3, 20, 9, 0))
    assert not is_business_time(HOURS, berlin(2024, 3, 20, 17, 0))
    assert not is_business_time(HOURS, berlin(2024, 3, 23, 12, 0))


# --- properties ---------------------------------------------------------------------------------------------------

instants = st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC))
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=6))


def business_durations(hours: BusinessHours) -> st.SearchStrategy[timedelta]:
    """Whole business days plus at most one business day of hours (more is refused, see the module docstring)."""
    return st.builds(lambda days, part: timedelta(days=days) + part,
                     st.integers(0, 5), st.timedeltas(timedelta(0), hours.day_length))


@st.composite
def business_hours(draw: st.DrawFn) -> BusinessHours:
    start = draw(st.integers(0, 22))
    end = draw(st.integers(start + 1, 23))
    holidays = draw(st.lists(st.dates(date(2015, 1, 1), date(2030, 1, 1)), max_size=20))
    return BusinessHours(
        tz=draw(st.sampled_from([BERLIN, NEW_YORK, SYDNEY])),
        start=time(start),
        end=time(end, draw(st.sampled_from([0, 30]))),
        workdays=frozenset(draw(st.lists(st.integers(0, 6), min_size=1, max_size=7))),
        holidays=frozenset(holidays),
    )


def _within_a_window(hours: BusinessHours, at: datetime) -> bool:
    window = hours.window(at.astimezone(hours.tz).date())
    return window is not None and window[0] <= at <= window[1]


@FAST
@given(hours=business_hours(), start=instants, data=st.data())
def test_business_time_addition_lands_in_hours_and_measures_back(
    hours: BusinessHours, start: datetime, data: st.DataObject
) -> None:
    duration = data.draw(business_durations(hours))
    due = add_business_time(hours, start, duration)
    assert due >= start
    assert _within_a_window(hours, due)
    assert business_time_between(hours, start, due) == business_span(hours, duration)


@FAST
@given(hours=business_hours(), start=instants, shift=durations, data=st.data())
def test_business_time_addition_is_monotone(
    hours: BusinessHours, start: datetime, shift: timedelta, data: st.DataObject
) -> None:
    short, long = sorted([data.draw(business_durations(hours)), data.draw(business_durations(hours))])
    assert add_business_time(hours, start, short) <= add_business_time(hours, start, long)
    assert add_business_time(hours, start, short) <= add_business_time(hours, start + shift, short)


# --- SLA defaults and lookup -------------------------------------------------------------------------------------


def test_default_sla_is_the_documented_table() -> None:
    assert {k: (p.claim_within, p.business_time, p.reping_after, p.escalate_after, p.stale_after)
            for k, p in DEFAULT_SLA.items()} == {
        "p0": (15 * timedelta(minutes=1), False, timedelta(0), 15 * timedelta(minutes=1), 2 * H),
        "p1": (H, True, timedelta(0), H, BD),
        "p2": (BD, True, timedelta(0), BD, 3 * BD),
        "p3": (3 * BD, True, timedelta(0), 3 * BD, 5 * BD),
    }


@pytest.mark.parametrize(
    ("priority", "key"), [("p1", "p1"), ("ce/p2", "p2"), ("P3", "p3"), (0, "p0"), (" user/p1 ", "p1")],
    ids=["plain", "ce-label", "upper-case", "int", "user-label"],
)
def test_priority_key(priority: str | int, key: str) -> None:
    assert priority_key(priority) == key


@pytest.mark.parametrize("priority", ["urgent", "p", "", "ce/px"], ids=["word", "bare-p", "empty", "letters"])
def test_priority_key_refuses_non_priorities(priority: str) -> None:
    with pytest.raises(ValueError, match="not a priority"):
        priority_key(priority)


def test_unknown_priority_names_the_config_section() -> None:
    with pytest.raises(ValueError, match=r"no SLA policy for p4; configure \[sla.p4\]"):
        policy_for(DEFAULT_SLA, "ce/p4")


# --- unclaimed: re-ping, then escalate ---------------------------------------------------------------------------

CHAIN = ("ONCALL", "NEXT", "AFTER")
LEADS = ("LEAD1", "LEAD2")


@pytest.mark.parametrize(
    ("created", "priority", "reping", "escalate"),
    [
        (berlin(2024, 3, 23, 3, 0), "p0", berlin(2024, 3, 23, 3, 15), berlin(2024, 3, 23, 3, 30)),
        (berlin(2024, 3, 22, 16, 30), "p1", berlin(2024, 3, 25, 9, 30), berlin(2024, 3, 25, 10, 30)),
        (berlin(2024, 3, 19, 10, 0), "p2", berlin(2024, 3, 20, 10, 0), berlin(2024, 3, 21, 10, 0)),
        (berlin(2024, 3, 18, 10, 0), "ce/p3", berlin(2024, 3, 21, 10, 0), berlin(2024, 3, 26, 10, 0)),
    ],
    ids=["p0-ignores-business-hours", "p1-over-the-weekend", "p2-business-days", "p3-business-days"],
)
def test_unclaimed_request_is_repinged_then_escalated(
    created: datetime, priority: str, reping: datetime, escalate: datetime
) -> None:
    plan = plan_unclaimed(created, priority, DEFAULT_SLA, HOURS, CHAIN, leads=LEADS)
    assert plan == [
        PlannedAction(ActionKind.REPING, reping, ("ONCALL",)),
        PlannedAction(ActionKind.ESCALATE, escalate, ("NEXT", "LEAD1", "LEAD2")),
    ]
    assert claim_deadline(created, priority, DEFAULT_SLA, HOURS) == reping


@pytest.mark.parametrize(
    ("chain", "leads", "expected"),
    [
        (("ONCALL",), ("LEAD",), [("ONCALL",), ("LEAD",)]),
        (("ONCALL",), (), [("ONCALL",)]),
        ((), ("LEAD",), [(), ("LEAD",)]),
        (("ONCALL", "NEXT"), ("NEXT", "ONCALL", "LEAD"), [("ONCALL",), ("NEXT", "LEAD")]),
    ],
    ids=["one-member-escalates-to-leads", "nobody-new-no-escalation", "no-rotation-pings-team-handle",
         "leads-deduplicated-and-on-call-not-repeated"],
)
def test_escalation_targets(chain: tuple[str, ...], leads: tuple[str, ...], expected: list[tuple[str, ...]]) -> None:
    plan = plan_unclaimed(berlin(2024, 3, 20, 10), "p1", DEFAULT_SLA, HOURS, chain, leads=leads)
    assert [a.targets for a in plan] == expected
    assert [a.kind for a in plan] == [ActionKind.REPING, ActionKind.ESCALATE][: len(expected)]


def test_custom_policy_repings_after_the_deadline_on_its_own_clock() -> None:
    policy = {"p1": SlaPolicy(H, True, 30 * timedelta(minutes=1), 2 * H, BD)}
    plan = plan_unclaimed(berlin(2024, 3, 22, 15, 45), "p1", policy, HOURS, CHAIN)
    assert [(a.kind, a.due_at) for a in plan] == [
        (ActionKind.REPING, berlin(2024, 3, 25, 9, 15)),  # deadline Fri 16:45, +30 business minutes
        (ActionKind.ESCALATE, berlin(2024, 3, 25, 10, 45)),
    ]


@FAST
@given(created=instants, priority=st.sampled_from(sorted(DEFAULT_SLA)))
def test_escalation_never_comes_before_the_reping(created: datetime, priority: str) -> None:
    reping, escalate = plan_unclaimed(created, priority, DEFAULT_SLA, HOURS, CHAIN, leads=LEADS)
    assert created < reping.due_at <= escalate.due_at


# --- stale ownership: nudge and snooze ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last_activity", "priority", "due"),
    [
        (berlin(2024, 3, 23, 10, 0), "p0", berlin(2024, 3, 23, 12, 0)),
        (berlin(2024, 3, 19, 10, 0), "p1", berlin(2024, 3, 20, 10, 0)),
        (berlin(2024, 3, 22, 10, 0), "p1", berlin(2024, 3, 25, 10, 0)),
        (berlin(2024, 3, 19, 10, 0), "p2", berlin(2024, 3, 22, 10, 0)),
        (berlin(2024, 3, 19, 10, 0), "p3", berlin(2024, 3, 26, 10, 0)),
        (berlin(2024, 3, 23, 10, 0), "p1", berlin(2024, 3, 25, 17, 0)),
    ],
    ids=["p0-two-hours-even-on-saturday", "p1-next-day", "p1-friday-to-monday", "p2-three-days", "p3-a-week",
         "weekend-activity-counts-from-monday"],
)
def test_stale_owner_is_nudged(last_activity: datetime, priority: str, due: datetime) -> None:
    assert plan_stale(last_activity, priority, DEFAULT_SLA, HOURS, owner="OWNER") == PlannedAction(
        ActionKind.STALE_NUDGE, due, ("OWNER",)
    )


@pytest.mark.parametrize(
    ("priority", "snoozed_until", "due"),
    [
        ("p1", berlin(2024, 3, 21, 11, 0), berlin(2024, 3, 21, 11, 0)),
        ("p1", berlin(2024, 3, 19, 12, 0), berlin(2024, 3, 20, 10, 0)),
        ("p1", berlin(2024, 3, 23, 11, 0), berlin(2024, 3, 25, 9, 0)),
        ("p0", berlin(2024, 3, 23, 11, 0), berlin(2024, 3, 23, 11, 0)),
    ],
    ids=["snooze-moves-the-nudge", "expired-snooze-changes-nothing", "snooze-ending-saturday-waits-for-monday",
         "p0-snooze-ends-on-the-wall-clock"],
)
def test_snooze_moves_the_nudge(priority: str, snoozed_until: datetime, due: datetime) -> None:
    assert plan_stale(berlin(2024, 3, 19, 10), priority, DEFAULT_SLA, HOURS, snoozed_until).due_at == due


@pytest.mark.parametrize(
    ("now", "priority", "until"),
    [
        (berlin(2024, 3, 20, 11, 0), "p1", berlin(2024, 3, 21, 11, 0)),
        (berlin(2024, 3, 22, 11, 0), "p2", berlin(2024, 3, 25, 11, 0)),
        (berlin(2024, 3, 22, 11, 0), "p0", berlin(2024, 3, 23, 11, 0)),
    ],
    ids=["one-business-day", "friday-to-monday", "p0-twenty-four-hours"],
)
def test_snooze_one_day(now: datetime, priority: str, until: datetime) -> None:
    assert snooze_until(now, priority, DEFAULT_SLA, HOURS) == until


def test_nudge_snooze_nudge_again() -> None:
    """The owner goes quiet, is nudged, snoozes a day from the DM, and is nudged again when the snooze ends."""
    claimed = berlin(2024, 3, 19, 10)
    first = plan_stale(claimed, "p1", DEFAULT_SLA, HOURS, owner="OWNER")
    assert first.due_at == berlin(2024, 3, 20, 10)
    snoozed = snooze_until(first.due_at + timedelta(minutes=5), "p1", DEFAULT_SLA, HOURS)
    second = plan_stale(claimed, "p1", DEFAULT_SLA, HOURS, snoozed, owner="OWNER")
    assert second.due_at == berlin(2024, 3, 21, 10, 5)
    # No reaction to the second nudge either: the next one is a full stale period after it.
    assert plan_stale(second.due_at, "p1", DEFAULT_SLA, HOURS).due_at == berlin(2024, 3, 22, 10, 5)


# --- the morning digest --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "hours", "expected"),
    [
        (berlin(2024, 3, 22, 10, 0), HOURS, berlin(2024, 3, 25, 9, 30)),
        (berlin(2024, 3, 25, 8, 0), HOURS, berlin(2024, 3, 25, 9, 30)),
        (berlin(2024, 3, 25, 9, 30), HOURS, berlin(2024, 3, 26, 9, 30)),
        (berlin(2024, 3, 29, 12, 0), BusinessHours(BERLIN, holidays=frozenset({date(2024, 4, 1)})),
         berlin(2024, 4, 2, 9, 30)),
    ],
    ids=["friday-to-monday", "later-this-morning", "strictly-after-now", "skips-holiday-across-dst"],
)
def test_next_digest_at(now: datetime, hours: BusinessHours, expected: datetime) -> None:
    assert next_digest_at(hours, now) == expected


def test_next_digest_at_custom_time() -> None:
    assert next_digest_at(HOURS, berlin(2024, 3, 20, 9, 0), time(8, 45)) == berlin(2024, 3, 21, 8, 45)
