"""Service tests run on a real, freshly migrated database (SQLite file, or PostgreSQL in CI)."""

from __future__ import annotations

import pytest

from storage.db import make_engine, migrate, session_factory


@pytest.fixture
async def sessions(database_url):
    engine = make_engine(database_url)
    await migrate(engine)
    yield session_factory(engine)
    await engine.dispose()
