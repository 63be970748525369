"""The support desk's ticket counts as people give them (an ISO week or a day with a count, or a CSV of days), and
`rfh tickets` storing them."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.reports.periods import iso_week
from storage import tickets as store
from storage.db import session_factory


def week_period(text: str) -> tuple[date, date]:
    return iso_week(text)


def day_period(text: str) -> tuple[date, date]:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a day; write it like 2026-11-30") from None
    return day, day + timedelta(days=1)


def parse_count(text: str) -> int:
    try:
        count = int(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a number of tickets") from None
    if count < 0:
        raise ValueError(f"a ticket count cannot be negative (got {count})")
    return count


def parse_daily_csv(text: str) -> list[tuple[date, int]]:
    """``date,count`` rows (a header row and blank lines are skipped); each day once. ValueError names the line."""
    days: dict[date, int] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or (number == 1 and cells[:1] == ["date"]):
            continue
        if len(cells) != 2:
            raise ValueError(f"line {number}: expected date,count, got {','.join(row)!r}")
        try:
            day, count = day_period(cells[0])[0], parse_count(cells[1])
        except ValueError as exc:
            raise ValueError(f"line {number}: {exc}") from None
        if day in days:
            raise ValueError(f"line {number}: {day.isoformat()} appears twice")
        days[day] = count
    if not days:
        raise ValueError("no date,count rows found")
    return sorted(days.items())


async def record(database_url: str, *, week: str | None, day: str | None, count: str, at: datetime) -> str:
    """`rfh tickets record --week 2026-W48 --count 412` (or --day)."""
    start, end = week_period(week) if week else day_period(day or "")
    tickets = parse_count(count)
    async with _session(database_url) as session, session.begin():
        replaced = await store.record_count(session, start=start, end=end, count=tickets,
                                            source="rfh tickets record", at=at)
    what = week.strip().upper() if week else start.isoformat()
    return (f"{'Replaced the count for' if replaced else 'Recorded'} {what}: {tickets} support tickets "
            f"({_span(start, end)}).")


async def import_days(database_url: str, path: Path, *, at: datetime) -> str:
    """`rfh tickets import FILE.csv`: every day in one transaction, or none."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from None
    days = parse_daily_csv(text)
    async with _session(database_url) as session, session.begin():
        for day, count in days:
            await store.record_count(session, start=day, end=day + timedelta(days=1), count=count,
                                     source=f"rfh tickets import {path.name}", at=at)
    total = sum(count for _, count in days)
    return (f"Imported {len(days)} daily counts ({total} tickets, {days[0][0].isoformat()} to "
            f"{days[-1][0].isoformat()}) from {path}.")


async def list_counts(database_url: str) -> str:
    async with _session(database_url) as session:
        rows = await store.all_counts(session)
    if not rows:
        return "No ticket counts recorded yet: `rfh tickets record --week 2026-W48 --count 412`."
    return "\n".join(f"{_span(r.period_start, r.period_end):<26} {r.count:>7}  ({r.source})" for r in rows)


@asynccontextmanager
async def _session(database_url: str) -> AsyncIterator[AsyncSession]:
    from bot.reports.service import open_existing

    engine = await open_existing(database_url)
    try:
        async with session_factory(engine)() as session:
            yield session
    except store.OverlappingCount as exc:
        raise ValueError(str(exc)) from None
    finally:
        await engine.dispose()


def _span(start: date, end: date) -> str:
    last = end - timedelta(days=1)
    return start.isoformat() if last == start else f"{start.isoformat()} to {last.isoformat()}"
