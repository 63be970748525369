"""The real clients (slack_sdk, PyGithub) pointed at the fakes, as the fakes' tests use them."""

from __future__ import annotations

from typing import Any

import pytest
from github import Auth, Github
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from fakes.github import FakeGitHub
from fakes.slack import FakeSlack

BOT_TOKEN = "xoxb-test-token"
GH_TOKEN = "ghp-test-token"
MODAL: dict[str, Any] = {
    "type": "modal", "callback_id": "rfh_form", "title": {"type": "plain_text", "text": "Request help"},
    "submit": {"type": "plain_text", "text": "File"}, "private_metadata": "meta",
    "blocks": [{"type": "input", "block_id": "summary", "label": {"type": "plain_text", "text": "Summary"},
                "element": {"type": "plain_text_input", "action_id": "value"}}],
}


def slack_client(fake: FakeSlack, token: str = BOT_TOKEN, **kwargs: object) -> AsyncWebClient:
    return AsyncWebClient(token=token, base_url=fake.url, **kwargs)  # type: ignore[arg-type]


def github(fake: FakeGitHub, token: str = GH_TOKEN, **kwargs: object) -> Github:
    return Github(auth=Auth.Token(token), base_url=fake.url, seconds_between_requests=None,
                  seconds_between_writes=None, **kwargs)  # type: ignore[arg-type]


async def slack_error(coro: object) -> SlackApiError:
    with pytest.raises(SlackApiError) as info:
        await coro  # type: ignore[misc]
    return info.value
