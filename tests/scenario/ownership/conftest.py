"""Fixtures of the ownership, on-call and SLA scenarios: the bot with a team rotation, and a clock at ``T0``."""

from __future__ import annotations

import pytest

from bot.core.clock import ManualClock
from tests.scenario.harness import BotUnderTest
from tests.scenario.ownership.flows import ANA, T0, oncall_config


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
async def team_bot(fake_slack, fake_github, database_url, clock, monkeypatch):
    """The bot with the on-call config, a manual clock at ``T0``, and no per-channel pause between posts."""
    monkeypatch.setattr("bot.adapters.slack_chat.POST_SPACING_SECONDS", 0.0)
    fake_github.add_repo("sourcegraph/customer", private=True)
    fake_slack.add_usergroup("distribution-support", "S0DIST", [ANA])
    fake_slack.add_usergroup("core-app-support", "S0CORE", ["U0CORE"])
    bot = await BotUnderTest.start(slack_url=fake_slack.url, github_url=fake_github.url, database_url=database_url,
                                   clock=clock, config=oncall_config())
    yield bot
    await bot.stop()
