"""Submissions stored together (bot/intake/writer.py): one transaction for those that arrive together, yet each with
its own outcome, exactly as when stored one by one; on a real database (SQLite file, or PostgreSQL in CI)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from bot.core.clock import ManualClock
from bot.core.config import load_config
from bot.core.domain import Origin, RequestForm, RequestType
from bot.intake import service
from bot.intake.service import Submission, Submitted, Suggested, TooManyRequests, store, submit
from bot.intake.writer import IntakeWriter
from bot.queues import priorities
from routing.priority import Severity
from storage import repository as repo
from storage.models import PriorityEvent, PriorityItem, Request, RouteDecision, Step

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
FORM = RequestForm(customer="Initech", summary="Helm upgrade fails on 5.2", need="Tell us how to roll back",
                   severity=Severity.SERIOUS, request_type=RequestType.HELP, urgency="this week",
                   team_id="distribution", tier=1)


def sub(n: int, *, requester: str = "U0REQ", team: str = "distribution", view: str | None = None) -> Submission:
    return Submission(form=replace(FORM, summary=f"Request {n}", team_id=team), requester=requester,
                      origin=Origin(channel_id="C0SUPPORT"), view_id=view or f"V{n}",
                      suggested=Suggested("distribution", 0.9), requester_name="Req")


async def count(sessions, model) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_batch_stores_each_request_with_its_steps_decision_and_place_on_the_list(sessions):
    config, clock = load_config(), ManualClock(T0)
    subs = [sub(1), sub(2, team="core-application", requester="U2"), sub(3, team="search-core", requester="U3"),
            sub(4, requester="U4")]
    outcomes = await store(sessions=sessions, config=config, clock=clock, submissions=subs)

    assert all(isinstance(o, Submitted) and not o.duplicate for o in outcomes)
    ids = [o.request.id for o in outcomes if isinstance(o, Submitted)]
    assert len(set(ids)) == 4
    async with sessions() as session:
        rows = {r.id: r for r in (await session.execute(select(Request))).scalars()}
        steps = (await session.execute(select(Step.request_id, Step.kind, Step.seq).order_by(Step.id))).all()
        decisions = (await session.execute(select(RouteDecision))).scalars().all()
        listed = await priorities.ordered(session, "distribution")
        events = (await session.execute(select(PriorityEvent).order_by(PriorityEvent.id))).scalars().all()
    assert [rows[i].summary for i in ids] == ["Request 1", "Request 2", "Request 3", "Request 4"]
    assert rows[ids[0]].details["requester_name"] == "Req"
    assert [(s.kind, s.seq) for s in steps if s.request_id == ids[0]] == [
        ("file_issue", 0), ("post_team", 1), ("confirm_requester", 2), ("ping_oncall", 3)]
    assert {(d.request_id, d.chosen_team_id, d.actor, d.source) for d in decisions} == {
        (ids[0], "distribution", "U0REQ", "intake"), (ids[1], "core-application", "U2", "intake"),
        (ids[2], "search-core", "U3", "intake"), (ids[3], "distribution", "U4", "intake")}
    # Handbook 002: last on the team's list, in the order they came; search-core keeps no list.
    assert [item.request_id for item in listed] == [ids[0], ids[3]]
    assert [(e.request_id, e.team_id, e.to_position, e.actor) for e in events] == [
        (ids[1], "core-application", 1, "U2"), (ids[0], "distribution", 1, "U0REQ"),
        (ids[3], "distribution", 2, "U4")]


async def test_a_batch_appends_after_what_the_list_already_holds_like_one_by_one(sessions):
    config, clock = load_config(), ManualClock(T0)
    first = await submit(sessions=sessions, config=config, form=FORM, requester="U1", origin=Origin("C1"),
                         view_id="V0", suggested=Suggested(None, None), clock=clock)
    await store(sessions=sessions, config=config, clock=clock, submissions=[sub(1, requester="U2"),
                                                                           sub(2, requester="U3")])
    async with sessions() as session:
        listed = await priorities.ordered(session, "distribution")
        positions = (await session.execute(select(PriorityEvent.to_position).order_by(PriorityEvent.id))).scalars()
        assert await session.scalar(select(func.count()).select_from(PriorityItem)) == 3
        assert list(positions) == [1, 2, 3]
    assert listed[0].request_id == first.request.id
    assert [i.rank for i in listed] == sorted(i.rank for i in listed) and len({i.rank for i in listed}) == 3


async def test_a_view_submitted_twice_in_one_batch_or_again_later_is_one_request(sessions):
    config, clock = load_config(), ManualClock(T0)
    outcomes = await store(sessions=sessions, config=config, clock=clock,
                           submissions=[sub(1), sub(1), sub(2, requester="U2")])
    again = await store(sessions=sessions, config=config, clock=clock, submissions=[sub(1), sub(3)])

    a, b, c = outcomes
    assert isinstance(a, Submitted) and isinstance(b, Submitted) and isinstance(c, Submitted)
    assert not a.duplicate and b.duplicate and b.request.id == a.request.id
    assert isinstance(again[0], Submitted) and again[0].duplicate and again[0].request.id == a.request.id
    assert isinstance(again[1], Submitted) and not again[1].duplicate
    assert await count(sessions, Request) == 3
    assert await count(sessions, Step) == 12


async def test_the_flood_limit_counts_the_batch_too_and_refuses_only_the_extra_ones(sessions):
    config = load_config()
    config = replace(config, security=config.security.model_copy(update={"requests_per_user_per_minute": 3}))
    clock = ManualClock(T0)
    await submit(sessions=sessions, config=config, form=FORM, requester="U0REQ", origin=Origin("C1"),
                 view_id="V0", suggested=Suggested(None, None), clock=clock)
    outcomes = await store(sessions=sessions, config=config, clock=clock,
                           submissions=[sub(1), sub(2), sub(9, requester="U9"), sub(3), sub(1)])

    kinds = [type(o).__name__ if isinstance(o, TooManyRequests) else ("dup" if o.duplicate else "new")
             for o in outcomes]
    assert kinds == ["new", "new", "new", "TooManyRequests", "dup"]  # Slack repeating a filed one is not refused
    assert await count(sessions, Request) == 4


async def test_a_view_stored_by_another_replica_meanwhile_is_answered_as_filed(sessions, monkeypatch):
    config, clock = load_config(), ManualClock(T0)
    [first] = await store(sessions=sessions, config=config, clock=clock, submissions=[sub(1)])
    real = repo.requests_by_views
    calls = []

    async def blind_once(session, views):  # the other replica's insert lands between our look-up and our insert
        calls.append(views)
        return [] if len(calls) == 1 else await real(session, views)

    monkeypatch.setattr(service.repo, "requests_by_views", blind_once)
    outcomes = await store(sessions=sessions, config=config, clock=clock, submissions=[sub(1), sub(2)])

    assert isinstance(first, Submitted)
    assert isinstance(outcomes[0], Submitted) and outcomes[0].duplicate
    assert outcomes[0].request.id == first.request.id
    assert isinstance(outcomes[1], Submitted) and not outcomes[1].duplicate
    assert await count(sessions, Request) == 2


async def test_submissions_arriving_together_share_transactions_and_each_gets_its_own_answer(sessions, monkeypatch):
    config, clock = load_config(), ManualClock(T0)
    writer = IntakeWriter(sessions=sessions, config=config, clock=clock)
    batches: list[int] = []
    real = service.store

    async def counted(**kwargs):
        batches.append(len(kwargs["submissions"]))
        return await real(**kwargs)

    monkeypatch.setattr("bot.intake.writer.store", counted)
    results = await asyncio.gather(*(writer.submit(sub(n, requester=f"U{n}")) for n in range(30)))

    assert [r.request.summary for r in results] == [f"Request {n}" for n in range(30)]
    assert len({r.request.id for r in results}) == 30
    assert sum(batches) == 30 and len(batches) < 30  # the first alone, the others behind it together
    assert await count(sessions, Request) == 30


async def test_a_failed_batch_fails_each_of_its_submissions_and_the_next_ones_are_stored(sessions, monkeypatch):
    config, clock = load_config(), ManualClock(T0)
    writer = IntakeWriter(sessions=sessions, config=config, clock=clock)
    real, failures = service.store, [1]

    async def fails_once(**kwargs):
        if failures:
            failures.pop()
            await asyncio.sleep(0.01)  # the others queue meanwhile
            raise OperationalError("INSERT", None, Exception("database is locked"))
        return await real(**kwargs)

    monkeypatch.setattr("bot.intake.writer.store", fails_once)
    first = asyncio.ensure_future(writer.submit(sub(0)))
    await asyncio.sleep(0)
    later = await asyncio.gather(*(writer.submit(sub(n, requester=f"U{n}")) for n in range(1, 4)))
    with pytest.raises(OperationalError):
        await first
    assert len({r.request.id for r in later}) == 3
    assert await count(sessions, Request) == 3
