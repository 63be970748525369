"""The fake Slack and GitHub servers live in the package (``fakes/``, used by `rfh demo` too); tests import them from
here or from ``fakes`` directly. ``tests.fakes.fixtures`` holds the pytest fixtures."""

from fakes import SECONDARY_RATE_LIMIT_MESSAGE, FakeGitHub, FakeSlack, GitHubCall, ResponseUrlPost, SlackCall

__all__ = [
    "SECONDARY_RATE_LIMIT_MESSAGE",
    "FakeGitHub",
    "FakeSlack",
    "GitHubCall",
    "ResponseUrlPost",
    "SlackCall",
]
