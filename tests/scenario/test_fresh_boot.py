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


class _Search:
    def __init__(self) -> None:
        self.calls: list[tuple[str, ...]] = []

    async def search_open_issues(self, repo: str, terms: Any, limit: int) -> list[dict[str, Any]]:
        self.calls.append(tuple(terms))
        return []


async def test_the_first_tracker_search_runs_right_after_boot(monkeypatch: pytest.MonkeyPatch) -> None:
    """The related-requests search is spaced 2 s apart; 'never searched' must not read as 'searched at boot'."""
    from bot.core.clock import SystemClock
    from bot.core.config import load_config
    from bot.related import service

    started = time.monotonic()
    monkeypatch.setattr(service, "time", SimpleNamespace(monotonic=lambda: 0.5 + time.monotonic() - started))
    search = _Search()
    related = service.RelatedRequests(sessions=None, config=load_config(), clock=SystemClock(),  # type: ignore[arg-type]
                                      search=search)
    related.index.rebuild([(1, "SAML login loops back to the sign-in page after the IdP certificate rotation")])
    task = related.start_issue_search("SAML login loops after the certificate rotation")
    assert task is not None, "the first search of the process was skipped as if one had just run"
    await task
    assert len(search.calls) == 1
    assert related.start_issue_search("SAML sign-in page loops, certificate") is None  # spaced: 2 s apart
