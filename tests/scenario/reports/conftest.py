"""The bot with weekly reports configured (all teams in #support-leads, and each team in its channel), the
on-call scenario's teams, and a manual clock."""

from __future__ import annotations

import pytest

from bot.core.clock import ManualClock
from tests.scenario.harness import BotUnderTest
from tests.scenario.ownership.flows import ANA, berlin, oncall_config

REPORTS = """
[reports]
channel = "#support-leads"
per_team = true
weekday = "monday"
at = "09:00"
timezone = "Europe/Berlin"
"""


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(berlin(17, 10))  # Tuesday of week 47


@pytest.fixture
async def report_bot(fake_slack, fake_github, database_url, clock, monkeypatch):
    monkeypatch.setattr("bot.adapters.slack_chat.POST_SPACING_SECONDS", 0.0)
    fake_github.add_repo("sourcegraph/customer", private=True)
    fake_slack.add_usergroup("distribution-support", "S0DIST", [ANA])
    fake_slack.add_channel("support-leads")
    bot = await BotUnderTest.start(slack_url=fake_slack.url, github_url=fake_github.url, database_url=database_url,
                                   clock=clock, config=oncall_config(REPORTS))
    yield bot
    await bot.stop()
