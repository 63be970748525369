from __future__ import annotations

from tests.fakes.fixtures import fake_github  # noqa: F401
