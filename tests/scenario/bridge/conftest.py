"""The bot with a team rotation, a people map and named Slack users, against the fakes (no pause between posts)."""

from __future__ import annotations

import pytest

from bot.core.clock import ManualClock
from tests.scenario.harness import BotUnderTest
from tests.scenario.ownership.flows import ANA, BEN, CAR, LEAD, REQUESTER, T0, oncall_config

PEOPLE = f"""
[people]
{ANA} = "ana-gh"
{BEN} = "ben-gh"
"""


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


async def start_bot(fake_slack, fake_github, database_url, clock, extra: str = "", *, private: bool = True):
    fake_github.add_repo("sourcegraph/customer", private=private, assignees=["ana-gh", "ben-gh", "car-gh"])
    fake_slack.add_usergroup("distribution-support", "S0DIST", [ANA])
    fake_slack.add_usergroup("core-app-support", "S0CORE", ["U0CORE"])
    for user, name in ((ANA, "Ana Lopez"), (BEN, "Ben Okafor"), (CAR, "Car Diaz"), (LEAD, "Lea Lead"),
                       (REQUESTER, "Rita Requester")):
        fake_slack.add_user(user, real_name=name, email=f"{name.split()[0].lower()}@example.com")
    return await BotUnderTest.start(slack_url=fake_slack.url, github_url=fake_github.url, database_url=database_url,
                                    clock=clock, config=oncall_config(PEOPLE + extra))


@pytest.fixture
async def bridge_bot(fake_slack, fake_github, database_url, clock, monkeypatch):
    monkeypatch.setattr("bot.adapters.slack_chat.POST_SPACING_SECONDS", 0.0)
    bot = await start_bot(fake_slack, fake_github, database_url, clock)
    yield bot
    await bot.stop()
