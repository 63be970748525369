"""Local stand-ins for the Slack Web API and GitHub's REST API, over real HTTP on 127.0.0.1 (a background thread).

Shipped with the package so that `rfh demo` can show a request's whole life without a workspace; the tests use the
same servers (``tests/fakes`` re-exports them). They answer the methods the bot calls with realistic bodies, keep
channels, messages, views, user groups, repositories and issues in memory, record every call, and inject faults.
"""

from fakes.github import SECONDARY_RATE_LIMIT_MESSAGE, FakeGitHub, GitHubCall
from fakes.slack import FakeSlack, ResponseUrlPost, SlackCall

__all__ = [
    "SECONDARY_RATE_LIMIT_MESSAGE",
    "FakeGitHub",
    "FakeSlack",
    "GitHubCall",
    "ResponseUrlPost",
    "SlackCall",
]
