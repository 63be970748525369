"""`rfh report` and `rfh tickets`: the arguments and the commands ``bot.shell.cli`` calls. Parse, call, print; bad
input is one line on stderr and exit code 2. Reports go to stdout, messages about files to stderr, so
`rfh report --format json --charts DIR` prints nothing but the JSON."""

from __future__ import annotations

import argparse
import asyncio
import atexit
import gc
import multiprocessing
import os
import sys
import threading
from concurrent.futures import Executor, ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.config import RfhConfig

if TYPE_CHECKING:
    from bot.reports.model import Report
    from bot.reports.periods import Grain, Period

EXIT_USAGE = 2
HELPER_NICENESS = 5
"""The chart helper loads matplotlib beside the command's own work, a little behind it (0, 5 and 10 measured alike
on the bench's shared machine; 19 left the helper still loading when the report was ready)."""


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", help="first day (2026-11-02), ISO week (2026-W45) or time; default 4 weeks ago")
    parser.add_argument("--until", help="last day or week (included), or a time (excluded); default now")
    parser.add_argument("--team", help="one team's figures (team id from the config)")
    parser.add_argument("--by", choices=("week", "day"), default="week", help="bucket size (UTC)")
    parser.add_argument("--format", choices=("table", "md", "csv", "json"), default="table")
    parser.add_argument("--charts", metavar="DIR", help="also write PNG charts into DIR")


def add_tickets_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    record = sub.add_parser("record", help="record the support desk's ticket count for a week or a day")
    when = record.add_mutually_exclusive_group(required=True)
    when.add_argument("--week", help="ISO week, e.g. 2026-W48")
    when.add_argument("--day", help="a day, e.g. 2026-11-30")
    record.add_argument("--count", required=True, help="number of support tickets")
    imported = sub.add_parser("import", help="import daily counts from a CSV file of date,count rows")
    imported.add_argument("file")
    sub.add_parser("list", help="print the recorded counts")


def report_command(args: argparse.Namespace, *, config: RfhConfig, database_url: str,
                   now: datetime | None = None) -> int:
    # A short-lived command: the garbage collector's passes over every object the libraries made cost a tenth of a
    # second while it runs and as much again at exit. Off meanwhile (the chart processes forked below inherit that),
    # and frozen at exit, so the interpreter's last passes skip them; a caller that goes on gets it back as it was.
    collecting = gc.isenabled()
    gc.disable()
    atexit.register(gc.freeze)
    # Charts: matplotlib takes ~0.35 s to import and each chart ~0.07 s to draw. A helper process, forked now while
    # this process has one thread, imports it while the database works, then forks a second drawer: the two draw
    # the charts side by side once the report is ready.
    helper = _chart_helper() if args.charts else None
    try:
        return _report(args, config=config, database_url=database_url, now=now or datetime.now(UTC), helper=helper)
    finally:
        if helper is not None:
            helper.shutdown(cancel_futures=True)
        if collecting:
            gc.enable()


def _report(args: argparse.Namespace, *, config: RfhConfig, database_url: str, now: datetime,
            helper: Executor | None) -> int:
    from bot.reports.periods import Grain
    from bot.reports.service import ReportError

    try:
        period = _period(args.since, args.until, now)
        charts = _writable_dir(args.charts) if args.charts else None
        report = asyncio.run(_load(config, database_url, period, Grain(args.by), args.team))
    except (ValueError, ReportError) as exc:
        return _usage("rfh report", str(exc))
    from bot.reports.render import render

    sys.stdout.write(render(report, args.format))
    if charts is not None:
        from bot.reports.charts import write_charts

        paths = write_charts(report, charts, helper=helper)
        print(f"rfh report: wrote {len(paths)} charts to {charts}", file=sys.stderr)
    return 0


def _chart_helper() -> Executor | None:
    """The chart helper process, where the platform forks and nothing else runs yet."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return None
    from bot.reports.charts import prepare_helper

    helper = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    helper.submit(prepare_helper, HELPER_NICENESS)
    return helper


def _period(since: str | None, until: str | None, now: datetime) -> Period:
    """--since and --until (either may be left out): the last four weeks up to now by default."""
    from bot.reports.periods import DEFAULT_WEEKS, Period, parse_instant

    end = parse_instant(until, end=True) if until else now
    return Period(parse_instant(since) if since else end - timedelta(weeks=DEFAULT_WEEKS), end)


def _writable_dir(path: str) -> Path:
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(f"--charts {path}: cannot create the folder ({exc.strerror or exc})") from None
    if not os.access(folder, os.W_OK):
        raise ValueError(f"--charts {path}: the folder is not writable")
    return folder


async def _load(config: RfhConfig, database_url: str, period: Period, grain: Grain, team: str | None) -> Report:
    from bot.reports.service import load_report, open_existing
    from storage.db import session_factory

    engine = await open_existing(database_url)
    try:
        return await load_report(session_factory(engine), config=config, period=period, grain=grain, team=team)
    finally:
        await engine.dispose()


def tickets_command(args: argparse.Namespace, *, database_url: str, now: datetime | None = None) -> int:
    from bot.reports.service import ReportError
    from bot.reports.tickets import import_days, list_counts, record

    now = now or datetime.now(UTC)
    try:
        if args.action == "record":
            message = asyncio.run(record(database_url, week=args.week, day=args.day, count=args.count, at=now))
        elif args.action == "import":
            message = asyncio.run(import_days(database_url, Path(args.file), at=now))
        else:
            message = asyncio.run(list_counts(database_url))
    except (ValueError, ReportError) as exc:
        return _usage(f"rfh tickets {args.action}", str(exc))
    print(message)
    return 0


def _usage(command: str, message: str) -> int:
    print(f"{command}: {message}", file=sys.stderr)
    return EXIT_USAGE
