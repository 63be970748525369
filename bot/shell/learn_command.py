"""`rfh learn`: import a team's labelled history (a JSONL file or a GitHub tracker), then measure the router on
it and calibrate its confidence (`--evaluate` does only that). Thin: parse, call the services, print."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TextIO

from bot.adapters.github_issues import IssueReader
from bot.learning.evaluate import evaluate_history
from bot.learning.github_import import import_github
from bot.learning.importer import GitHubImport, ImportReport, Progress, import_lines
from bot.learning.tracker import TrackerReadError
from routing.evaluation import format_evaluation
from routing.history import HistoryError
from routing.teams import TeamTable
from storage.db import make_engine, migrate, session_factory

EXIT_USAGE = 2
DEFAULT_GITHUB_API_URL = "https://api.github.com"


class LearnUsageError(Exception):
    """A bad argument or setting: one line for the user, exit 2."""


def label_mapping(table: TeamTable, labels: Sequence[str] | None) -> dict[str, str]:
    """``--label 'team/x=TEAM_ID'`` options, or the config's team labels when none is given."""
    if not labels:
        mapping = {t.label: t.id for t in table.teams if t.label}
        if not mapping:
            raise LearnUsageError("no team in the config has a label: give --label 'LABEL=TEAM_ID'")
        return mapping
    mapping = {}
    for option in labels:
        label, sep, team = option.rpartition("=")
        if not sep or not label.strip() or not team.strip():
            raise LearnUsageError(f"--label {option!r}: expected LABEL=TEAM_ID, e.g. 'team/search=search-core'")
        if table.get(team.strip()) is None:
            raise LearnUsageError(f"--label {option!r}: unknown team {team.strip()!r} (the config has: "
                                  f"{', '.join(table.ids)})")
        mapping[label.strip()] = team.strip()
    return mapping


def parse_since(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise LearnUsageError(f"--since {text!r}: expected a date like 2024-01-31") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def learn_command(table: TeamTable, routing: Mapping[str, Any] | None, args: Any, *,
                  environ: Mapping[str, str] = os.environ) -> int:
    """Run `rfh learn` for parsed ``args`` (file, github, label, state, since, limit, evaluate, no_evaluate)."""
    try:
        return asyncio.run(_learn(table, routing, args, environ))
    except LearnUsageError as exc:
        print(f"rfh learn: {exc}", file=sys.stderr)
        return EXIT_USAGE


async def _learn(table: TeamTable, routing: Mapping[str, Any] | None, args: Any, environ: Mapping[str, str]) -> int:
    if not (args.file or args.github or args.evaluate):
        raise LearnUsageError("give FILE.jsonl, --github OWNER/REPO or --evaluate")
    engine = make_engine(environ.get("DATABASE_URL") or "sqlite:///rfh.db")
    try:
        await migrate(engine)
        sessions = session_factory(engine)
        if args.file or args.github:
            started = time.perf_counter()
            report = await (_from_file(sessions, table, args.file) if args.file else
                            _from_github(sessions, table, args, environ))
            if report is None:
                return 1
            print(f"{report.summary()} ({time.perf_counter() - started:.1f} s)")
            if args.no_evaluate:
                return 0
        result = await evaluate_history(sessions, table, routing, now=datetime.now(UTC), folds=args.folds)
        print(format_evaluation(result, {t.id: t.name for t in table.teams}))
        return 0
    finally:
        await engine.dispose()


async def _from_file(sessions: Any, table: TeamTable, path: str) -> ImportReport | None:
    name = "stdin" if path == "-" else os.path.basename(path)
    try:
        stream: TextIO = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise LearnUsageError(f"cannot read {path}: {exc.strerror}") from None
    try:
        with stream:
            return await import_lines(sessions, stream, source=f"file:{name}", teams=set(table.ids),
                                      now=datetime.now(UTC))
    except HistoryError as exc:
        raise LearnUsageError(f"{path} {exc} (nothing was imported)") from None
    except UnicodeDecodeError:
        raise LearnUsageError(f"{path} is not UTF-8 text (nothing was imported)") from None


async def _from_github(sessions: Any, table: TeamTable, args: Any, environ: Mapping[str, str]) -> ImportReport | None:
    token = environ.get("GITHUB_TOKEN")
    if not token:
        raise LearnUsageError("GITHUB_TOKEN is missing: set it to a token that can read the repository's issues")
    if args.github.count("/") != 1 or not all(args.github.split("/")):
        raise LearnUsageError(f"--github {args.github!r}: expected OWNER/REPO")
    spec = GitHubImport(args.github, label_mapping(table, args.label), state=args.state,
                        since=parse_since(args.since), limit=args.limit)
    reader = IssueReader(token=token, base_url=environ.get("GITHUB_API_URL") or DEFAULT_GITHUB_API_URL)
    bar = ProgressBar(sys.stderr)
    try:
        return await import_github(sessions, reader, spec, now=lambda: datetime.now(UTC), progress=bar)
    except TrackerReadError as exc:
        bar.close()
        when = f" (it resets at {exc.reset_at:%H:%M} UTC)" if exc.reset_at else ""
        print(f"rfh learn: stopped: {exc}{when}. What was read is stored; run the same command again to resume.",
              file=sys.stderr)
        return None
    except KeyboardInterrupt:
        bar.close()
        print("rfh learn: interrupted; the pages read are stored: run the same command again to resume.",
              file=sys.stderr)
        raise
    finally:
        bar.close()


class ProgressBar:
    """A one-line progress bar on a terminal (nothing when the output is a file or a pipe)."""

    def __init__(self, stream: TextIO, width: int = 30, clock: Callable[[], float] = time.monotonic):
        self.stream, self.width, self.clock = stream, width, clock
        self.live = stream.isatty()
        self._open = False

    def __call__(self, progress: Progress) -> None:
        if not self.live:
            return
        if progress.note:
            self.stream.write(f"\r\033[K{progress.note}")
        elif progress.total:
            filled = min(self.width, int(self.width * progress.done / progress.total))
            self.stream.write(f"\r\033[K[{'#' * filled}{'-' * (self.width - filled)}] "
                              f"{progress.done:,}/{progress.total:,} issues")
        else:
            self.stream.write(f"\r\033[K{progress.done:,} issues")
        self.stream.flush()
        self._open = True

    def close(self) -> None:
        if self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False
