"""A machine booted moments ago: ``time.monotonic()`` counts from boot, so it is near zero. Caches and pacing that
took 0 for "never" treated the first minutes after boot as "just loaded": team posts said a plain
``@distribution-support`` (which notifies nobody) for 10 minutes. These tests run the adapter on such a clock."""

from __future__ import annotations

import asyncio
import json
import time
from types import SimpleNamespace
from typing import Any

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters import slack_chat
from bot.adapters.slack_chat import SlackChat
from tests.scenario.test_spine import GOOD_ANSWERS, open_modal, submit


class _AsyncioWithRecordedSleeps:
    """The asyncio module as slack_chat sees it, with every sleep's length recorded (and still slept)."""

    def __init__(self) -> None:
        self.sleeps: list[float] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        await asyncio.sleep(seconds)


@pytest.fixture
def just_booted(monkeypatch: pytest.MonkeyPatch) -> _AsyncioWithRecordedSleeps:
    """slack_chat's monotonic clock reads as if the machine booted half a second before the test."""
    started = time.monotonic()
    monkeypatch.setattr(slack_chat, "time", SimpleNamespace(monotonic=lambda: 0.5 + time.monotonic() - started))
    recorder = _AsyncioWithRecordedSleeps()
    monkeypatch.setattr(slack_chat, "asyncio", recorder)
    return recorder


async def test_user_group_mentions_work_right_after_boot(fake_slack, just_booted) -> None:
    fake_slack.add_usergroup("distribution-support", "S0DIST", ["U0ONCALL"])
    chat = SlackChat(AsyncWebClient(token="xoxb-test-token", base_url=fake_slack.url))
    assert slack_chat.time.monotonic() < 1.0
    assert await chat.usergroup_mention("distribution-support") == "<!subteam^S0DIST|@distribution-support>"
    assert len(fake_slack.calls_to("usergroups.list")) == 1
    # Loaded once, then cached: a second mention asks Slack nothing.
    assert await chat.usergroup_mention("distribution-support") == "<!subteam^S0DIST|@distribution-support>"
    assert len(fake_slack.calls_to("usergroups.list")) == 1


async def test_the_first_post_in_a_channel_does_not_wait_right_after_boot(fake_slack, just_booted) -> None:
    chat = SlackChat(AsyncWebClient(token="xoxb-test-token", base_url=fake_slack.url))
    await chat.post("#distribution", text="first")
    await chat.post("#search", text="first in another channel")
    assert just_booted.sleeps == []
    await chat.post("#distribution", text="second")  # about one message per second per channel
    assert len(just_booted.sleeps) == 1 and 0 < just_booted.sleeps[0] <= 1.0
    assert [m["text"] for m in fake_slack.messages("#distribution")] == ["first", "second"]


async def test_a_request_filed_right_after_boot_pings_the_team(bot, fake_slack, just_booted) -> None:
    call = await open_modal(bot, fake_slack, "Pods crash-loop on our Kubernetes cluster after upgrade")
    await submit(bot, call.args["view"], "V0BOOT", GOOD_ANSWERS)
    await bot.deliver()
    [post] = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "#distribution"]
    rendered = post.args["text"] + json.dumps(post.args["blocks"])
    assert "<!subteam^S0DIST|@distribution-support>" in rendered
