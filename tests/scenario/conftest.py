"""Scenario fixtures: fake Slack and GitHub on loopback, and the bot served over HTTP against them."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime

import pytest
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.listener.async_listener import AsyncCustomListener

from bot.core.clock import ManualClock
from tests.fakes.fixtures import fake_github, fake_slack  # noqa: F401  (fixtures)
from tests.scenario.harness import BotUnderTest

PRIVATE_REPO = "sourcegraph/customer"
PUBLIC_REPO = "sourcegraph/sourcegraph"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime.now(UTC))


@pytest.fixture
async def bot(fake_slack, fake_github, database_url, clock):  # noqa: F811
    fake_github.add_repo(PRIVATE_REPO, private=True)
    fake_github.add_repo(PUBLIC_REPO, private=False)
    fake_slack.add_usergroup("distribution-support", "S0DIST", ["U0ONCALL"])
    fake_slack.add_usergroup("core-app-support", "S0CORE", ["U0CORE"])
    bot = await BotUnderTest.start(slack_url=fake_slack.url, github_url=fake_github.url, database_url=database_url,
                                   clock=clock)
    yield bot
    await bot.stop()


SLOW_LISTENERS = float(os.environ.get("RFH_TEST_SLOW_LISTENERS") or 0)


@pytest.fixture(autouse=True)
def slow_listeners_after_the_ack(monkeypatch: pytest.MonkeyPatch) -> None:
    """``RFH_TEST_SLOW_LISTENERS=0.3``: every Bolt listener pauses that long right after its ack (events: before
    running, as Bolt acks them itself). The HTTP answer is not delayed, so a test that reads an effect of a listener
    without ``wait_for`` fails at once instead of now and then on a loaded machine. CI runs the scenarios so."""
    if not SLOW_LISTENERS:
        return
    run, call = AsyncCustomListener.run_ack_function, AsyncAck.__call__

    async def slow_run(self: AsyncCustomListener, *, request, response):  # type: ignore[no-untyped-def]
        if self.auto_acknowledgement:
            await asyncio.sleep(SLOW_LISTENERS)
        else:
            request.context.ack.slow_after = SLOW_LISTENERS
        return await run(self, request=request, response=response)

    async def slow_ack(self: AsyncAck, *args, **kwargs):  # type: ignore[no-untyped-def]
        answer = await call(self, *args, **kwargs)
        if getattr(self, "slow_after", 0):
            await asyncio.sleep(self.slow_after)
        return answer

    monkeypatch.setattr(AsyncCustomListener, "run_ack_function", slow_run)
    monkeypatch.setattr(AsyncAck, "__call__", slow_ack)
