"""Fixtures of the queues scenarios: the bot with two list-keeping teams and their leads, on a manual clock."""

from __future__ import annotations

import pytest

from bot.core.clock import ManualClock
from tests.scenario.harness import BotUnderTest
from tests.scenario.ownership.flows import T0
from tests.scenario.queues.flows import ANA, queues_config


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


def prepare_fakes(fake_slack, fake_github) -> None:
    fake_github.add_repo("sourcegraph/customer", private=True)
    fake_slack.add_usergroup("distribution-support", "S0DIST", [ANA])
    fake_slack.add_usergroup("core-app-support", "S0CORE", ["U0CORE"])


@pytest.fixture
async def queue_bot(fake_slack, fake_github, database_url, clock, monkeypatch):
    monkeypatch.setattr("bot.adapters.slack_chat.POST_SPACING_SECONDS", 0.0)
    prepare_fakes(fake_slack, fake_github)
    bot = await BotUnderTest.start(slack_url=fake_slack.url, github_url=fake_github.url, database_url=database_url,
                                   clock=clock, config=queues_config())
    yield bot
    await bot.stop()
