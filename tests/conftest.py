"""Shared fixtures: a database per test (SQLite file, or PostgreSQL when RFH_TEST_POSTGRES_URL is set)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("RFH_TEST_POSTGRES_URL")


def _admin(admin_url: str, statement: str) -> None:
    import asyncpg

    async def run() -> None:
        url = make_url(admin_url)
        conn = await asyncpg.connect(host=url.host, port=url.port or 5432, user=url.username,
                                     password=url.password, database=url.database)
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    asyncio.run(run())


@pytest.fixture
def database_url(tmp_path) -> Iterator[str]:
    """A fresh, empty database for one test."""
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'rfh.db'}"
        return
    name = f"rfh_t_{uuid.uuid4().hex[:12]}"
    _admin(POSTGRES_URL, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        _admin(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
