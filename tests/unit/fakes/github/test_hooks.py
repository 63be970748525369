"""Webhooks: the bodies GitHub would deliver, built from the fake's state; the hooks API."""

from __future__ import annotations

import pytest
from github import GithubException

from fakes.github import FakeGitHub
from tests import signing
from tests.unit.fakes.clients import github


def test_github_webhook_payload_from_state(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("o/r")
    fake_github.add_issue("o/r", "t")
    fake_github.close_issue("o/r", 1, by="octocat")
    payload = fake_github.webhook_payload("issues", "closed", "o/r", 1)
    fixture = signing.github_fixture("issues.closed.json")
    assert set(fixture) - set(payload) <= {"installation"}
    assert payload["issue"]["state"] == "closed" and payload["issue"]["closed_at"]
    assert payload["sender"]["login"] == "octocat" and payload["repository"]["full_name"] == "o/r"
    fake_github.add_comment("o/r", 1, "thanks")
    comment = fake_github.webhook_payload("issue_comment", "created", "o/r", 1)
    assert comment["comment"]["body"] == "thanks"


def test_the_hooks_api_keeps_the_secret_to_itself(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("o/r")
    repo = github(fake_github).get_repo("o/r")
    hook = repo.create_hook("web", {"url": "https://rfh.example/github/webhook", "content_type": "json",
                                    "secret": "s3cret"}, events=["issues", "issue_comment"], active=True)
    assert hook.config["secret"] == "********" and hook.events == ["issues", "issue_comment"]
    assert fake_github.hooks("o/r")[0]["config"]["secret"] == "s3cret"
    with pytest.raises(GithubException) as twice:
        repo.create_hook("web", {"url": "https://rfh.example/github/webhook"})
    assert twice.value.status == 422
    hook.edit("web", {"url": "https://rfh.example/github/webhook"}, events=["issues"], active=False)
    assert [(h.events, h.active) for h in repo.get_hooks()] == [(["issues"], False)]
    hook.delete()
    assert fake_github.hooks("o/r") == []
