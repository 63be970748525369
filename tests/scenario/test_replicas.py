"""Two `rfh serve --http` replicas on one PostgreSQL database (issue 5, part 6).

Requests are opened and submitted alternately on both replicas; Slack's retries of a submission and of an event land
on the other replica (sometimes at the same moment); GitHub answers 502 after creating an issue and Slack fails
posts, so uncertain retries may be claimed by either replica. Nothing may be lost, and no issue, team post,
confirmation or notice may exist twice.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.blocks.ids import BlockId
from bot.intake.issue_body import marker
from storage.db import make_engine, session_factory
from storage.models import OwnershipEventRow, Request, Step
from tests.scenario.fault_rows import (
    ISSUES_PATH,
    PRIVATE_REPO,
    SECRETS,
    count_posts,
    fakes,
    open_intake,
    signed,
    submission,
)
from tests.scenario.processes import BotProcess, bot_env
from tests.signing import event_body, message_event

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get("RFH_TEST_POSTGRES_URL"),
                       reason="two replicas share one PostgreSQL database: set RFH_TEST_POSTGRES_URL (CI does)"),
]

REQUESTS = 6
TEAMS = [("distribution", "#distribution"), ("core-application", "#core-application-support")]


async def delivered(sessions, expected: int) -> bool:
    async with sessions() as session:
        requests = (await session.execute(select(Request))).scalars().all()
        open_steps = await session.scalar(select(func.count()).select_from(Step).where(Step.state != "done"))
    return len(requests) == expected and all(r.state == "filed" for r in requests) and open_steps == 0


async def wait_delivered(sessions, expected: int, timeout: float = 45.0) -> None:
    deadline = time.monotonic() + timeout
    while not await delivered(sessions, expected):
        if time.monotonic() > deadline:
            async with sessions() as session:
                rows = (await session.execute(select(Step.request_id, Step.kind, Step.state, Step.attempts,
                                                     Step.last_error))).all()
            raise AssertionError(f"not delivered in {timeout:.0f} s: {rows}")
        await asyncio.sleep(0.2)


async def wait_takeovers(sessions, expected: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    query = select(func.count()).select_from(OwnershipEventRow).where(OwnershipEventRow.kind == "informal")
    while True:
        async with sessions() as session:
            found = await session.scalar(query)
        if found >= expected or time.monotonic() > deadline:
            return
        await asyncio.sleep(0.1)


def duplicated_bot_messages(slack) -> list[tuple[str, str | None, str]]:
    """Bot messages that exist twice in one conversation (same thread, same text)."""
    seen: Counter[tuple[str, str | None, str]] = Counter()
    for channel, messages in slack.all_messages().items():
        for message in messages:
            if message.get("bot_id"):
                seen[(channel, message.get("thread_ts") if message.get("thread_ts") != message["ts"] else None,
                      str(message.get("text")))] += 1
    return [key for key, n in seen.items() if n > 1]


async def test_two_replicas_lose_and_duplicate_nothing(database_url, tmp_path: Path):
    engine = make_engine(database_url)
    sessions = session_factory(engine)
    with fakes() as (slack, github):
        # Uncertain failures, retried by whichever replica claims the step next.
        github.fail("POST", ISSUES_PATH, status=502, after_effect=True, times=2)
        slack.fail("chat.postMessage", status=500, times=2)
        env = bot_env(slack_url=slack.url, github_url=github.url, database_url=database_url,
                      RFH_STEP_LEASE_SECONDS="30")
        replicas = [BotProcess(env, tmp_path / f"replica-{name}.log", f"replica {name}").start() for name in "ab"]
        try:
            await asyncio.gather(*(r.wait_healthy() for r in replicas))

            views = []
            for n in range(REQUESTS):
                here, there = replicas[n % 2], replicas[(n + 1) % 2]
                user, (team, _) = f"U0REQ{n % 3}", TEAMS[n % 2]
                view = await open_intake(here, slack, text=f"Pods crash-loop after upgrade, cluster {n}", user=user)
                body = submission(view, user, **{BlockId.TEAM: team})
                if n % 3 == 0:  # Slack's retry reaches the other replica while the first is still storing it
                    replies = await asyncio.gather(here.slack(body, signed(body)), there.slack(body, signed(body)))
                else:
                    replies = [await here.slack(body, signed(body))]
                if n == 1:  # and once more, long after
                    replies.append(await there.slack(body, signed(body)))
                assert all(r.status == 200 and r.json()["response_action"] == "update" for r in replies), replies
                views.append(view)
            await wait_delivered(sessions, REQUESTS)

            async with sessions() as session:
                requests = (await session.execute(select(Request).order_by(Request.id))).scalars().all()
            assert sorted(r.view_id for r in requests) == sorted(v["id"] for v in views), "one request per modal"

            # Someone replies in each team post's thread; Slack delivers the event to one replica and retries it
            # on the other; for some, the message comes again under a new event id.
            for n, request in enumerate(requests):
                event = message_event("On it", user=f"U0ENG{n}", channel=request.post_channel,
                                      thread_ts=request.post_ts, ts=f"{time.time():.6f}")
                body = event_body(event, event_id=f"Ev0REPLICA{n}")
                retry = dict(signed(body), **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
                replies = await asyncio.gather(replicas[n % 2].slack(body, signed(body)),
                                               replicas[(n + 1) % 2].slack(body, retry))
                if n % 2:
                    again = event_body(event, event_id=f"Ev0REPLICA{n}b")
                    replies.append(await replicas[n % 2].slack(again, signed(again)))
                assert all(r.status == 200 for r in replies)
            await wait_takeovers(sessions, REQUESTS)  # Bolt acks an event before its listener runs
            await wait_delivered(sessions, REQUESTS)

            async with sessions() as session:
                requests = (await session.execute(select(Request).order_by(Request.id))).scalars().all()
                takeovers = Counter((await session.execute(
                    select(OwnershipEventRow.request_id).where(OwnershipEventRow.kind == "informal"))).scalars())
            issues = github.issues(PRIVATE_REPO)
            for request in requests:
                assert sum(marker(request.key) in (i["body"] or "") for i in issues) == 1, request.id
                channel = dict(TEAMS)[request.team_id]
                assert count_posts(slack, request.key, channel) == 1, request.id
                assert takeovers[request.id] == 1, request.id
                assert request.owner_id and request.owner_id.startswith("U0ENG")
                confirmations = [m for m in slack.messages(request.confirm_channel or "")
                                 if f"RFH-{request.id}," in str(m.get("text")) and "Filed" in str(m.get("text"))]
                assert len(confirmations) == 1, request.id
            assert len(issues) == REQUESTS
            assert not github.faults and not slack.faults, "the injected failures all happened"
            assert duplicated_bot_messages(slack) == []
        finally:
            codes = await asyncio.gather(*(r.stop() for r in replicas))
            await engine.dispose()
        assert codes == [0, 0], "both replicas exit cleanly on SIGTERM"
        for replica in replicas:
            output = replica.output()
            assert "Traceback" not in output, output
            for secret in SECRETS:
                assert secret not in output
