"""A fake GitHub REST API over real HTTP, shaped like https://api.github.com.

Point ``Github(auth=Auth.Token(...), base_url=fake.url, seconds_between_requests=None, seconds_between_writes=None)``
(or ``GITHUB_API_URL``) at it. It keeps repositories, issues, labels and comments in memory, builds every URL in its
answers from its own base (PyGithub asserts that), sends rate-limit headers and ``Link`` pagination, records every
call and can inject faults (5xx, 403 secondary rate limit with Retry-After, hangs, connection resets, and errors
*after* the change was made).

Everything public is safe to call from the test thread while the bot talks to the server.

Where things are: ``server`` (FakeGitHub: HTTP, tokens, faults), ``routes`` (the table of routes), one module per
family of routes (``issues``, ``comments``, ``labels``, ``search``, ``hooks`` with the webhook bodies, ``account``),
``store`` (the state they share), ``shapes`` (the JSON GitHub answers with), ``ratelimit``, ``model`` (records,
errors, validation), ``seeding`` / ``recorded`` (what tests set up and read back).
"""

from fakes.github.model import (
    DEFAULT_TOKEN,
    MAX_BODY,
    MAX_LABEL,
    MAX_TITLE,
    SECONDARY_RATE_LIMIT_MESSAGE,
    GitHubCall,
    GitHubError,
    JSONDict,
)
from fakes.github.server import FakeGitHub

__all__ = [
    "DEFAULT_TOKEN",
    "MAX_BODY",
    "MAX_LABEL",
    "MAX_TITLE",
    "SECONDARY_RATE_LIMIT_MESSAGE",
    "FakeGitHub",
    "GitHubCall",
    "GitHubError",
    "JSONDict",
]
