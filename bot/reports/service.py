"""Building a report from the database: the ticket counts, the requests they and the period need, the figures."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.core.config import RfhConfig
from bot.reports import queries
from bot.reports.figures import build_report
from bot.reports.model import Report
from bot.reports.periods import Grain, Period
from storage.db import make_engine, migrate
from storage.models import Request, TicketCount


class ReportError(Exception):
    """A report that cannot be made, with a message fit for one CLI line or an ephemeral reply."""


async def load_report(sessions: async_sessionmaker[AsyncSession], *, config: RfhConfig, period: Period,
                      grain: Grain = Grain.WEEK, team: str | None = None) -> Report:
    if team is not None and config.teams.get(team) is None:
        known = ", ".join(t.id for t in config.teams.teams)
        raise ReportError(f"no team {team!r} in {config.source}; teams: {known}")
    async with sessions() as session:
        tickets = await queries.ticket_counts(session, since=period.since, until=period.until)
        # A ticket count's period may reach past the report's: its requests are read too, for the ratio.
        created_from = min([period.since, *(_midnight(start) for start, _, _ in tickets)])
        created_to = max([period.until, *(_midnight(end) for _, end, _ in tickets)])
    rows = await queries.load_rows(sessions, created_from=created_from, created_to=created_to, as_of=period.until)
    return build_report(rows, tickets, config=config, period=period, grain=grain, team=team)


async def open_existing(database_url: str) -> AsyncEngine:
    """An engine on the bot's database, migrated; ReportError when there is none (a report never creates one: a
    wrong DATABASE_URL would otherwise give an empty report)."""
    try:
        url = make_url(database_url)
    except Exception:
        raise ReportError(f"DATABASE_URL {database_url!r} is not a database URL") from None
    if url.get_backend_name() == "sqlite":
        path = url.database or ""
        if path in ("", ":memory:") or not Path(path).expanduser().is_file():
            raise ReportError(f"the database {database_url} does not exist; set DATABASE_URL to the one "
                              "`rfh serve` uses")
    try:
        engine = make_engine(database_url)
    except ValueError as exc:
        raise ReportError(f"DATABASE_URL: {exc}") from None
    try:
        if not await _has_report_schema(engine):
            await migrate(engine)
    except (SQLAlchemyError, OSError) as exc:
        await engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise ReportError(f"cannot open the database {url.render_as_string(hide_password=True)}: {reason}") from None
    return engine


async def _has_report_schema(engine: AsyncEngine) -> bool:
    """Whether the tables and columns a report reads exist: then it need not migrate (nor import alembic)."""
    try:
        async with engine.connect() as conn:
            await conn.execute(select(TicketCount.id).limit(0))
            await conn.execute(select(Request.template_sections).limit(0))
    except (ProgrammingError, OperationalError):
        return False
    return True


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)
