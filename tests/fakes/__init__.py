"""Local fake Slack Web API and GitHub REST servers for tests (real HTTP on 127.0.0.1, background thread)."""

from tests.fakes.github_api import SECONDARY_RATE_LIMIT_MESSAGE, FakeGitHub, GitHubCall
from tests.fakes.slack_api import FakeSlack, ResponseUrlPost, SlackCall

__all__ = [
    "SECONDARY_RATE_LIMIT_MESSAGE",
    "FakeGitHub",
    "FakeSlack",
    "GitHubCall",
    "ResponseUrlPost",
    "SlackCall",
]
