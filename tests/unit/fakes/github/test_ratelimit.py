"""GitHub's primary rate limits as the fake counts them, alone and over HTTP."""

from __future__ import annotations

import pytest
from github.GithubException import RateLimitExceededException

from fakes.github import FakeGitHub
from fakes.github.ratelimit import RateLimits
from tests.unit.fakes.clients import github


def test_calls_are_counted_per_resource() -> None:
    limits = RateLimits()
    for path in ("/repos/o/r", "/search/issues", "/rate_limit", "/user"):
        limits.count(path)
    assert (limits.core_used, limits.search_used) == (2, 1)
    assert limits.headers("/user")["x-ratelimit-remaining"] == "4998"
    assert limits.headers("/search/issues")["x-ratelimit-resource"] == "search"
    assert limits.refusal("/user") is None  # counted, not enforced
    limits.spend(remaining=0, reset_in=30)
    limits.count("/user")
    refused = limits.refusal("/user")
    assert refused is not None and refused.status == 403 and refused.headers == {"x-ratelimit-remaining": "0"}
    assert limits.refusal("/rate_limit") is None and limits.refusal("/search/issues") is None


def test_a_spent_budget_is_enforced_until_the_reset(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("o/r")
    fake_github.set_rate_limit(remaining=1, reset_in=600)
    g = github(fake_github, retry=None)
    assert g.get_repo("o/r").full_name == "o/r"
    with pytest.raises(RateLimitExceededException):
        g.get_user().login  # noqa: B018
    assert g.get_rate_limit().resources.core.remaining == 0
