"""Fixtures of the security scenarios: the bot with a team that lists its members and leads, a known customer
with aliases, an admin, and no per-channel pause between posts."""

from __future__ import annotations

import pytest

from bot.core.config import RfhConfig, parse_config
from tests.scenario.harness import BotUnderTest
from tests.scenario.ownership.flows import CONFIG

ADMIN = "U0ADMIN"
SECURITY_CONFIG = CONFIG.replace('[trackers]\nprivate = "sourcegraph/customer"',
                                 '[trackers]\nprivate = "sourcegraph/customer"\npublic = "sourcegraph/sourcegraph"')
SECURITY_CONFIG += """
[[customers]]
name = "Acme Corp"
tier = 1
aliases = ["Acme", "ACME Industries"]
domains = ["acme.com", "acme-corp.io"]

[security]
admins = ["U0ADMIN"]
requests_per_user_per_minute = 3

[privacy]
customer_channel_patterns = ["ext-*", "*-shared"]
public_links = ["https://docs.sourcegraph.com/"]
"""


def security_config(extra: str = "") -> RfhConfig:
    return parse_config(SECURITY_CONFIG + extra, source="security test config")


@pytest.fixture
async def secure_bot(fake_slack, fake_github, database_url, clock, monkeypatch):
    monkeypatch.setattr("bot.adapters.slack_chat.POST_SPACING_SECONDS", 0.0)
    fake_github.add_repo("sourcegraph/customer", private=True)
    fake_github.add_repo("sourcegraph/sourcegraph", private=False)
    fake_slack.add_usergroup("distribution-support", "S0DIST", ["U0ANA"])
    fake_slack.add_usergroup("core-app-support", "S0CORE", ["U0CORE"])
    bot = await BotUnderTest.start(slack_url=fake_slack.url, github_url=fake_github.url, database_url=database_url,
                                   clock=clock, config=security_config())
    yield bot
    await bot.stop()
