"""What a report reads: one row per request with its claims, re-routes, re-pings and escalations (counted in SQL),
and the support desk's ticket counts. Times come back as whole epoch milliseconds computed by the database, so
100,000 rows need no datetime parsing in Python, and numpy parses them as integers (a tenth of parsing floats).

Everything is "as of ``until``": events, decisions and jobs after it do not count, so a report over a past period
gives the same figures whenever it is run. Resolution is the request's current one when it happened by ``until``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, Row, Select, String, case, cast, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from bot.core.domain import TEMPLATE_SECTIONS
from bot.reports.rows import CLAIM_KINDS, RequestRows, split_ints, split_millis
from storage.models import Job, OwnershipEventRow, Request, RouteDecision, RouteSource, TicketCount

NONE = -1
"""A time that has not happened (by the report's end): NULL would be dropped from a joined column."""
AnyRow = tuple[Any, ...]
AnySelect = Select[*AnyRow]
ESCALATED, REPINGED = "escalated to", "re-pinged"
"""How ``bot.sla.jobs`` words the outcome of a re-ping or escalation that was sent (others did nothing)."""


class epoch_ms(FunctionElement[int]):  # noqa: N801  (reads like the SQL function it stands for)
    """Whole milliseconds since 1970 (UTC) of a timestamp column; NULL stays NULL."""

    type = BigInteger()
    inherit_cache = True


@compiles(epoch_ms, "sqlite")
def _epoch_ms_sqlite(element: epoch_ms, compiler: Any, **kw: Any) -> str:
    # The stored text is UTC without an offset (storage.models.UtcDateTime); julianday keeps milliseconds.
    column = compiler.process(element.clauses, **kw)
    return f"CAST(round((julianday({column}) - 2440587.5) * 86400000.0) AS INTEGER)"


@compiles(epoch_ms, "postgresql")
def _epoch_ms_postgresql(element: epoch_ms, compiler: Any, **kw: Any) -> str:
    # date_part gives a double; EXTRACT would give a numeric, twice as slow to compute and print.
    return f"CAST(round(date_part('epoch', {compiler.process(element.clauses, **kw)}) * 1000) AS BIGINT)"


def _filled(name: str) -> ColumnElement[bool]:
    text = func.coalesce(func.trim(Request.details[name].as_string()), "")
    if name == "logs":  # logs pasted, or files attached
        files = func.coalesce(Request.details["files"].as_string(), "[]")
        return (text != "") | files.not_in(["[]", ""])
    return text != ""


def _sections() -> ColumnElement[int]:
    """``requests.template_sections``, or for requests stored before that column the same bits from the JSON."""
    bits = [case((_filled(name), literal(1 << i)), else_=literal(0)) for i, name in enumerate(TEMPLATE_SECTIONS)]
    total: ColumnElement[int] = bits[0]
    for bit in bits[1:]:
        total = total + bit
    return func.coalesce(Request.template_sections, total)  # COALESCE is lazy: the JSON is read only for old rows


async def load_rows(sessions: async_sessionmaker[AsyncSession], *, created_from: datetime, created_to: datetime,
                    as_of: datetime) -> RequestRows:
    """Every request created in [created_from, created_to), with what had happened to it by ``as_of``. Four plain
    queries (the requests, their claims, then per request its re-routes and sent reminders) joined by id in numpy:
    cheaper than one query with three grouped joins on both databases. They run at the same time on their own
    connections, so the database works on the claims while Python reads the requests.

    The two big ones come back as ONE row of comma-joined columns (``_joined``): the database concatenates in C
    what Python would otherwise box value by value (100,000 requests × 9 columns, half a second), and numpy
    parses each column in a few milliseconds."""
    resolved = (Request.status == "resolved") & (Request.resolved_at <= as_of)
    right = case((Request.suggested_team_id.is_(None), -1), (Request.suggested_team_id == Request.team_id, 1),
                 else_=0)
    requests = select(*(_joined(column).label(name) for name, column in (
        ("id", Request.id), ("team", Request.team_id), ("request_type", Request.request_type),
        ("level", Request.priority_level), ("created", epoch_ms(Request.created_at)),
        ("resolved", case((resolved, epoch_ms(Request.resolved_at)), else_=NONE)),
        ("resolution", case((resolved, Request.resolution), else_="")), ("suggested_right", right),
        ("sections", _sections())))).where(Request.created_at >= created_from, Request.created_at < created_to)
    # Nothing happens to a request before it exists, so events before ``created_from`` are skipped. Every claim,
    # not each request's first: numpy finds the first one (a GROUP BY here spills to disk on PostgreSQL).
    claims = (select(_joined(OwnershipEventRow.request_id), _joined(epoch_ms(OwnershipEventRow.at)))
              .where(OwnershipEventRow.kind.in_(CLAIM_KINDS), OwnershipEventRow.at >= created_from,
                     OwnershipEventRow.at <= as_of))
    reroutes = (select(RouteDecision.request_id, func.count())
                .where(RouteDecision.source == RouteSource.REROUTE, RouteDecision.at >= created_from,
                       RouteDecision.at <= as_of)
                .group_by(RouteDecision.request_id))
    sent = (select(Job.request_id, func.sum(case((Job.outcome.startswith(REPINGED), 1), else_=0)),
                   func.sum(case((Job.outcome.startswith(ESCALATED), 1), else_=0)))
            .where(Job.kind.in_(("reping", "escalate")), Job.done_at >= created_from, Job.done_at <= as_of)
            .group_by(Job.request_id))
    found = await asyncio.gather(*(_all(sessions, query) for query in (requests, claims, reroutes, sent)))
    rows = RequestRows.from_columns(dict(found[0][0]._mapping))
    ids, at = found[1][0]
    return rows.with_claim_events(split_ints(ids), split_millis(at)).with_counts(reroutes=found[2], sent=found[3])


def _joined(column: Any) -> ColumnElement[str]:
    """Every row's value of ``column`` as text, joined with commas, in the order all of the query's aggregates see
    the rows (the same order for every column). Give NULL a value first: the join skips NULLs."""
    return func.aggregate_strings(cast(column, String), ",")


async def _all(sessions: async_sessionmaker[AsyncSession], query: AnySelect) -> Sequence[Row[*AnyRow]]:
    """``query``'s rows, on a connection of its own, through Core: the ORM's row loading costs a third more here."""
    async with sessions() as session:
        connection = await session.connection()
        return (await connection.execute(query)).all()


async def ticket_counts(session: AsyncSession, *, since: datetime, until: datetime) -> list[tuple[date, date, int]]:
    """(start, end, count) of every recorded ticket count whose period overlaps [since, until)."""
    last_day = (until - timedelta(microseconds=1)).date()
    query = (select(TicketCount.period_start, TicketCount.period_end, TicketCount.count)
             .where(TicketCount.period_start <= last_day, TicketCount.period_end > since.date())
             .order_by(TicketCount.period_start))
    return [(start, end, int(count)) for start, end, count in (await session.execute(query)).all()]
