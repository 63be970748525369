"""Scenario fixtures: fake Slack and GitHub on loopback, and the bot served over HTTP against them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

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
