"""FakeGitHub over HTTP: tokens and 404s, faults before and after the change, rate limits, hangs and resets."""

from __future__ import annotations

import pytest
import requests
from github import BadCredentialsException, GithubException, UnknownObjectException
from github.GithubException import RateLimitExceededException

from fakes.github import SECONDARY_RATE_LIMIT_MESSAGE, FakeGitHub
from tests.unit.fakes.clients import GH_TOKEN, github


def test_github_auth_and_not_found(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("o/r")
    with pytest.raises(BadCredentialsException) as bad:
        github(fake_github, "ghp-wrong").get_repo("o/r")
    assert bad.value.status == 401 and bad.value.data["message"] == "Bad credentials"  # type: ignore[index]
    with pytest.raises(UnknownObjectException):
        github(fake_github).get_repo("o/missing")
    with pytest.raises(UnknownObjectException):
        github(fake_github).get_repo("o/r").get_issue(99)


def test_github_after_effect_fault_creates_the_issue_then_fails(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("o/r")
    fake_github.fail("POST", r"^/repos/o/r/issues$", status=502, after_effect=True)
    repo = github(fake_github, retry=None).get_repo("o/r")
    with pytest.raises(GithubException) as info:
        repo.create_issue(title="once", body="marker rfh42")
    assert info.value.status == 502
    assert [i["title"] for i in fake_github.issues("o/r")] == ["once"]

    # PyGithub's default GithubRetry retries a POST on 5xx: that files the issue twice (github.md section 2)
    fake_github.fail("POST", r"^/repos/o/r/issues$", status=502, after_effect=True)
    github(fake_github).get_repo("o/r").create_issue(title="twice")
    assert [i["title"] for i in fake_github.issues("o/r")] == ["once", "twice", "twice"]


def test_github_secondary_rate_limit_and_resets(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("o/r")
    fake_github.fail("POST", r"/issues$", status=403, message=SECONDARY_RATE_LIMIT_MESSAGE, retry_after=1)
    repo = github(fake_github, retry=None).get_repo("o/r")
    with pytest.raises(RateLimitExceededException) as info:
        repo.create_issue(title="t")
    assert info.value.status == 403 and info.value.headers["retry-after"] == "1"  # type: ignore[index]
    assert fake_github.issues("o/r") == []

    fake_github.fail("GET", r"^/repos/o/r$", reset_connection=True)
    with pytest.raises(requests.ConnectionError):
        github(fake_github, retry=None).get_repo("o/r")
    fake_github.fail("GET", r"^/repos/o/r$", hang=2.0, status=502)
    with pytest.raises(requests.Timeout):
        requests.get(f"{fake_github.url}/repos/o/r", headers={"Authorization": f"token {GH_TOKEN}"}, timeout=0.3)
    fake_github.fail("*", r"^/user$", status=500, times=None)
    for _ in range(2):
        with pytest.raises(GithubException):
            github(fake_github, retry=None).get_user().login  # noqa: B018
    fake_github.clear_faults()
    assert github(fake_github).get_user().login == "rfh-bot"
    fake_github.fail("GET", r"^/user$", status=403, message="API rate limit exceeded for user ID 1.")
    with pytest.raises(RateLimitExceededException) as primary:
        github(fake_github, retry=None).get_user().login  # noqa: B018
    assert primary.value.headers["x-ratelimit-remaining"] == "0"  # type: ignore[index]
