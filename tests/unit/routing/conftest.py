from __future__ import annotations

import pytest

from routing.builtin import builtin_team_table
from routing.router import Router
from routing.teams import TeamTable


@pytest.fixture(scope="session")
def table() -> TeamTable:
    return builtin_team_table()


@pytest.fixture(scope="session")
def cold_router(table: TeamTable) -> Router:
    """A router that never learns (shared: do not call learn on it)."""
    return Router(table, learning=False)


@pytest.fixture
def router(table: TeamTable) -> Router:
    """A fresh router per test, free to learn."""
    return Router(table)
