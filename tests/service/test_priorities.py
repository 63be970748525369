"""The priorities lists on a real database (SQLite file, or PostgreSQL with RFH_TEST_POSTGRES_URL): appended last,
moved by leads with a reason, left on resolution, moved on re-route; concurrent moves by two leads on two engines
(two replicas) never lose or duplicate an item."""

from __future__ import annotations

import asyncio
import random
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.core.clock import ManualClock
from bot.core.domain import RequestForm, RequestType, form_to_details
from bot.core.queues import Move
from bot.ownership.reroute import Rerouting
from bot.ownership.service import Ownership
from bot.queues import priorities as plist
from bot.queues.service import SUMMARY_JOB, Priorities
from bot.queues.summaries import Summaries
from bot.sla.timers import Timers
from routing.priority import Severity
from storage.db import make_engine, session_factory
from storage.models import Job, PriorityEvent, PriorityItem, Request, Step
from tests.scenario.queues.flows import CORE_LEAD, LEAD, LEAD2, REQUESTER, queues_config

T0 = datetime(2026, 11, 24, 9, 0, 10, tzinfo=UTC)
CONFIG = queues_config()
DETAILS = form_to_details(RequestForm(customer="Acme", summary="Pods crash", need="Why?", severity=Severity.SERIOUS,
                                      request_type=RequestType.HELP, urgency="today", team_id="distribution"))


async def new_requests(sessions, n: int, team: str = "distribution", clock: ManualClock | None = None) -> list[int]:
    """Requests stored as intake stores them: each appended to its team's list in the same transaction."""
    ids = []
    for k in range(n):
        async with sessions() as session, session.begin():
            request = Request(key=uuid.uuid4().hex, created_at=T0, requester_id=REQUESTER,
                              customer="Acme", customer_slug="acme", request_type="help", severity="serious",
                              summary=f"Request {k}", details=DETAILS, team_id=team, priority="ce/p1", priority_level=1,
                              confirm_channel="D1", confirm_ts=f"1.{k}", last_activity_at=T0)
            session.add(request)
            await session.flush()
            await plist.append(session, request, config=CONFIG, actor=REQUESTER, now=(clock.now() if clock else T0))
            ids.append(request.id)
    return ids


async def order(sessions, team: str = "distribution") -> list[int]:
    async with sessions() as session:
        return [r.request_id for r in await plist.ordered(session, team)]


def service(sessions, clock=None) -> Priorities:
    return Priorities(sessions=sessions, config=CONFIG, clock=clock or ManualClock(T0))


async def test_new_requests_go_last_and_teams_without_a_list_keep_none(sessions):
    ids = await new_requests(sessions, 3)
    other = await new_requests(sessions, 1, team="search-core")
    assert await order(sessions) == ids
    assert await order(sessions, "search-core") == []
    positions = [await service(sessions).position(i) for i in ids]
    assert [(p.position, p.length) for p in positions if p] == [(1, 3), (2, 3), (3, 3)]
    assert await service(sessions).position(other[0]) is None


async def test_a_lead_moves_with_a_reason_and_it_is_recorded_told_and_summarised_once(sessions):
    clock = ManualClock(T0)
    ids = await new_requests(sessions, 4)
    outcome = await service(sessions, clock).move(request_id=ids[3], actor=LEAD, move=Move.TO, to=1,
                                                  reason="Renewal next week")
    assert outcome.ok and "now #1 (was #4)" in outcome.message
    assert await order(sessions) == [ids[3], ids[0], ids[1], ids[2]]
    async with sessions() as session:
        events = (await session.execute(select(PriorityEvent).where(PriorityEvent.kind == "moved"))).scalars().all()
        steps = (await session.execute(select(Step.request_id, Step.kind, Step.payload))).all()
        jobs = (await session.execute(select(Job).where(Job.kind == SUMMARY_JOB))).scalars().all()
    assert [(e.request_id, e.actor, e.from_position, e.to_position, e.reason) for e in events] == [
        (ids[3], LEAD, 4, 1, "Renewal next week")]
    [dm] = [p for r, k, p in steps if k == "notify"]
    assert dm["channel"] == REQUESTER and "now *#1* (was #4)" in dm["text"] and "Renewal next week" in dm["text"]
    assert sorted(r for r, k, _ in steps if k == "refresh_confirmation") == sorted(ids)  # every place changed
    assert len(jobs) == 1

    clock.advance(timedelta(seconds=30))  # same two-minute window: the same summary job
    assert (await service(sessions, clock).move(request_id=ids[0], actor=LEAD2, move=Move.DOWN, to=None,
                                                reason="Waiting on the customer")).ok
    async with sessions() as session:
        [job] = (await session.execute(select(Job).where(Job.kind == SUMMARY_JOB))).scalars().all()

    posted: list[tuple[str, str, str]] = []

    class Chat:
        async def post_once(self, channel, *, key, text, uncertain, blocks=None, thread_ts=None):
            posted.append((channel, key, text))

    summaries = Summaries(sessions=sessions, config=CONFIG, chat=Chat())
    assert (await summaries.run(job)).startswith("summarised 2 move(s)")
    [(channel, _, line)] = posted
    assert channel == "#distribution" and "\n" not in line
    assert f"<@{LEAD}> moved RFH-{ids[3]} from #4 to #1 (Renewal next week)" in line
    assert f"<@{LEAD2}> moved RFH-{ids[0]} from #2 to #3 (Waiting on the customer)" in line
    assert await summaries.run(job) == "summarised 2 move(s) in #distribution"  # a retry: the same moves, same key
    assert posted[0][1] == posted[1][1]


async def test_refusals_change_nothing(sessions):
    ids = await new_requests(sessions, 2)
    other = await new_requests(sessions, 1, team="search-core")
    svc = service(sessions)
    refused = await svc.move(request_id=ids[1], actor=REQUESTER, move=Move.TOP, to=None, reason="mine first")
    assert not refused.ok and refused.message.startswith("Only the leads of Distribution (<@U0LEAD>, <@U0LEAD2>)")
    assert not (await svc.move(request_id=ids[1], actor=CORE_LEAD, move=Move.TOP, to=None, reason="x")).ok
    blank = await svc.move(request_id=ids[1], actor=LEAD, move=Move.TOP, to=None, reason="  ")
    assert not blank.ok and "short reason" in blank.message
    assert "not on a priorities list" in (await svc.move(request_id=other[0], actor=LEAD, move=Move.TOP, to=None,
                                                         reason="x")).message
    same = await svc.move(request_id=ids[0], actor=LEAD, move=Move.UP, to=None, reason="already top")
    assert same.ok and "already #1" in same.message
    assert await order(sessions) == ids
    async with sessions() as session:
        assert await session.scalar(select(func.count()).where(PriorityEvent.kind == "moved")) == 0


async def test_resolved_requests_leave_reopened_ones_go_last_and_rerouted_ones_move_last(sessions):
    clock = ManualClock(T0)
    ids = await new_requests(sessions, 3)
    core = await new_requests(sessions, 1, team="core-application")
    ownership = Ownership(sessions=sessions, config=CONFIG, clock=clock, timers=Timers(CONFIG))
    assert (await ownership.resolve(ids[0], actor=REQUESTER, kind="answered", note="Docs link sent")).ok
    assert await order(sessions) == ids[1:]
    assert (await ownership.reopen(ids[0], REQUESTER)).ok
    assert await order(sessions) == [ids[1], ids[2], ids[0]]

    async def learn() -> int:
        return 0

    rerouting = Rerouting(sessions=sessions, config=CONFIG, learn=learn, clock=clock, ownership=ownership)
    moved = await rerouting.reroute(ids[1], actor=REQUESTER, new_team_id="core-application", note="SAML, not deploys")
    assert moved is None
    assert await order(sessions) == [ids[2], ids[0]]
    assert await order(sessions, "core-application") == [core[0], ids[1]]
    assert await rerouting.reroute(ids[1], actor=REQUESTER, new_team_id="search-core", note="zoekt") is None
    assert await order(sessions, "core-application") == [core[0]]
    async with sessions() as session:
        kinds = (await session.execute(select(PriorityEvent.kind, PriorityEvent.team_id)
                                       .where(PriorityEvent.request_id == ids[1]).order_by(PriorityEvent.id))).all()
    assert [tuple(k) for k in kinds] == [("added", "distribution"), ("rerouted", "distribution"),
                                         ("added", "core-application"), ("rerouted", "core-application")]


async def test_many_moves_into_one_gap_renumber_the_list_without_breaking_it(sessions):
    ids = await new_requests(sessions, 5)
    svc, expected = service(sessions), list(ids)
    for n in range(30):  # the last item always to #2: halves the same gap until it is used up
        item = expected[-1]
        assert (await svc.move(request_id=item, actor=LEAD, move=Move.TO, to=2, reason=f"round {n}")).ok
        expected.remove(item)
        expected.insert(1, item)
    assert await order(sessions) == expected
    async with sessions() as session:
        ranks = (await session.execute(select(PriorityItem.rank))).scalars().all()
    assert len(set(ranks)) == len(ranks) == 5


async def test_two_leads_on_two_replicas_moving_at_once_never_lose_or_duplicate_an_item(sessions, database_url):
    """Two engines on one database are two replicas. 40 moves at once, plus new requests arriving meanwhile."""
    ids = await new_requests(sessions, 8)
    other_engine = make_engine(database_url)
    replica = session_factory(other_engine)
    try:
        leads = [service(sessions), service(replica)]
        rng = random.Random(12)
        moves = [leads[n % 2].move(request_id=rng.choice(ids), actor=(LEAD, LEAD2)[n % 2], move=Move.TO,
                                   to=rng.randint(1, 8), reason=f"move {n}") for n in range(40)]
        arrivals = [new_requests(replica, 1) for _ in range(4)]
        results = await asyncio.gather(*moves, *arrivals)
    finally:
        await other_engine.dispose()
    assert all(r.ok for r in results[:40])
    final = await order(sessions)
    added = [i for batch in results[40:] for i in batch]
    assert sorted(final) == sorted(ids + added)  # every item once: nothing lost, nothing duplicated
    positions = [await service(sessions).position(i) for i in final]
    assert [p.position for p in positions if p] == list(range(1, len(final) + 1))
    async with sessions() as session:
        moved = (await session.execute(select(PriorityEvent.from_position, PriorityEvent.to_position)
                                       .where(PriorityEvent.kind == "moved"))).all()
    assert all(1 <= f <= 12 and 1 <= t <= 12 and f != t for f, t in moved)
