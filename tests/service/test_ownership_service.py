"""Ownership on a real database: simultaneous clicks are decided one after the other, the row mirrors the events,
and every action queues its messages and the SLA jobs of its round."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import select

from bot.core.clock import ManualClock
from bot.ownership.rules import derive_state
from bot.ownership.service import Ownership, event_of
from bot.sla.timers import Timers
from storage import repository as repo
from storage.models import Job, Request, Step
from tests.scenario.ownership.flows import oncall_config

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)




async def new_request(sessions) -> int:
    async with sessions() as session, session.begin():
        request = Request(key="k1", created_at=T0, requester_id="U0REQ", customer="Acme", customer_slug="acme",
                          request_type="help", severity="serious", summary="Pods crash", details={},
                          team_id="distribution", priority="ce/p1", priority_level=1, post_channel="C1",
                          post_ts="1.1", confirm_channel="D1", last_activity_at=T0)
        session.add(request)
        await session.flush()
        return request.id


async def test_two_simultaneous_claims_make_one_owner(sessions):
    request_id = await new_request(sessions)
    config = oncall_config()
    ownership = Ownership(sessions=sessions, config=config, clock=ManualClock(T0), timers=Timers(config))
    outcomes = await asyncio.gather(*(ownership.take(request_id, user) for user in ("U0ANA", "U0BEN", "U0CAR")))
    assert sum(o.ok for o in outcomes) == 1
    refused = [o.message for o in outcomes if not o.ok]
    assert all(m.endswith("already owns this; ask them to hand it over.") for m in refused)
    async with sessions() as session:
        rows = await repo.ownership_events(session, request_id)
        request = await session.get(Request, request_id)
    assert [r.kind for r in rows] == ["claimed"]
    assert request is not None and request.owner_id == derive_state(event_of(r) for r in rows).owner


async def test_each_action_queues_its_messages_and_the_jobs_of_its_round(sessions):
    request_id = await new_request(sessions)
    config = oncall_config()
    ownership = Ownership(sessions=sessions, config=config, clock=ManualClock(T0), timers=Timers(config))
    assert (await ownership.take(request_id, "U0BEN")).ok
    assert (await ownership.hand_over(request_id, actor="U0BEN", new_owner="U0CAR", note="over to you")).ok
    assert (await ownership.release(request_id, "U0CAR")).ok
    async with sessions() as session:
        steps = list((await session.execute(select(Step.kind, Step.payload).order_by(Step.seq))).all())
        jobs = list((await session.execute(select(Job.kind, Job.payload).order_by(Job.id))).all())
        rows = await repo.ownership_events(session, request_id)
    dm = [p for k, p in steps if k == "notify" and p["channel"] == "U0CAR"]
    assert len(dm) == 1 and "over to you" in dm[0]["text"]
    assert [(k, p["round"]) for k, p in jobs] == [("stale_nudge", rows[0].id), ("stale_nudge", rows[1].id),
                                                  ("reping", rows[2].id), ("escalate", rows[2].id)]
    assert [p.get("owner") for k, p in jobs[:2]] == ["U0BEN", "U0CAR"]
