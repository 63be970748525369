"""The fakes' own tests: a fresh fake Slack and fake GitHub per test (``fake_slack``, ``fake_github``)."""

from tests.fakes.fixtures import fake_github, fake_slack  # noqa: F401  (fixtures)
