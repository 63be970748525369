"""Re-export: the fake GitHub lives in ``fakes.github_api`` (one copy for the tests and `rfh demo`)."""

from fakes.github_api import *  # noqa: F403
from fakes.github_api import SECONDARY_RATE_LIMIT_MESSAGE, FakeGitHub, GitHubCall  # noqa: F401
