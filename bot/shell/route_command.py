"""`rfh route`: rank teams for a text, route a JSONL batch, or report the prediction log's accuracy."""

from __future__ import annotations

import asyncio
import sys

from bot.core.config import RfhConfig
from bot.learning import router_source
from bot.shell.preflight import DEFAULT_DATABASE_URL, sqlite_file
from routing.report import format_ranking, route_batch
from routing.router import Router
from routing.stats import accuracy_by_team, format_accuracy, misroutes
from storage import repository as repo
from storage.db import make_engine, migrate, session_factory


def make_router(config: RfhConfig) -> Router:
    """The router before any learning (the config's keywords, and the built-in vocabulary for handbook teams)."""
    return router_source.make_router(config.teams, config.routing)


async def learned_router(config: RfhConfig, url: str) -> Router:
    """The router the bot uses: everything learned in the database (history and routing decisions) included; the
    config's alone while there is no database yet (a SQLite file is not created just to route a text)."""
    path = sqlite_file(url)
    if path is not None and not path.exists():
        return make_router(config)
    engine = make_engine(url)
    try:
        await migrate(engine)
        return await router_source.load_router(session_factory(engine), config.teams, config.routing)
    finally:
        await engine.dispose()


def route_command(config: RfhConfig, *, text: str | None, batch: str | None, stats_database: str | None,
                  database: str = DEFAULT_DATABASE_URL) -> int:
    """``stats_database``: print the accuracy from that (existing) database instead of routing; otherwise route
    with what ``database`` has learned."""
    if stats_database:
        outcomes = asyncio.run(_outcomes(stats_database))
        print(format_accuracy(accuracy_by_team(outcomes), misroutes(outcomes)))
        return 0
    router = asyncio.run(learned_router(config, database))
    if batch:
        try:
            stream = sys.stdin if batch == "-" else open(batch, encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            print(f"rfh route: cannot read {batch}: {exc.strerror}", file=sys.stderr)
            return 2
        try:
            with stream:
                route_batch(router, config.teams, stream, sys.stdout)
        except ValueError as exc:
            print(f"rfh route: {exc}", file=sys.stderr)
            return 2
        return 0
    if not text:
        print('rfh route: give a TEXT to route, --batch FILE.jsonl or --stats', file=sys.stderr)
        return 2
    print(format_ranking(router.suggest(text), config.teams))
    return 0


async def _outcomes(database_url: str) -> list[tuple[str | None, str]]:
    engine = make_engine(database_url)
    try:
        await migrate(engine)
        async with session_factory(engine)() as session:
            return await repo.suggestion_outcomes(session)
    finally:
        await engine.dispose()
