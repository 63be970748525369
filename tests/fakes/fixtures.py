"""pytest fixtures for the fakes. Import them into a conftest.py::

    from tests.fakes.fixtures import fake_github, fake_slack  # noqa: F401

Each test gets fresh servers (they start in a few milliseconds); at teardown the fixture fails the test if the fake
itself crashed on a request (``internal_errors``). ``fake_slack.url`` / ``fake_github.url`` go into
``SLACK_API_URL`` / ``GITHUB_API_URL``; the default tokens are ``xoxb-test-token`` and ``ghp-test-token``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fakes.github import FakeGitHub
from fakes.slack import FakeSlack


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake
    assert not fake.internal_errors, fake.internal_errors


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        yield fake
    assert not fake.internal_errors, fake.internal_errors
