"""`rfh learn`: store a team's labelled history, from a JSONL file or from its tracker's issues.

A file is read and checked whole, then stored in one transaction: a bad line or an unknown team names its
line and stores nothing. A tracker import stores page by page, each page in one transaction together with the
cursor that says how far it got, so an interrupted import (Ctrl-C, a network failure, the rate limit) resumes
where it stopped when the same command runs again, and a later run picks up only issues updated since.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.learning.tracker import TrackerIssue
from routing.history import HistoryExample, issue_text, parse_history, team_for_labels, text_hash
from storage import history

RATE_RESERVE = 5
"""Requests kept in hand: below this many left, the import waits for the rate limit's reset."""
MAX_RATE_WAIT = timedelta(hours=1, minutes=5)


@dataclass
class ImportReport:
    source: str
    read: int = 0
    """Lines or issues read."""
    added: int = 0
    updated: int = 0
    duplicates: int = 0
    removed: int = 0
    """Examples forgotten because their issue no longer maps to one team."""
    unlabelled: int = 0
    """Issues with no label that maps to a team."""
    ambiguous: int = 0
    """Issues whose labels map to two or more teams (skipped)."""
    pull_requests: int = 0
    resumed_from: datetime | None = None
    done: bool = True
    per_team: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("read", "added", "updated", "duplicates", "removed", "unlabelled",
                                              "ambiguous", "pull_requests")}

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.updated} updated", f"{self.duplicates} already known"]
        parts += [f"{n} {what}" for n, what in ((self.removed, "removed (label gone)"),
                                                (self.unlabelled, "without a team label"),
                                                (self.ambiguous, "skipped: labels of two teams"),
                                                (self.pull_requests, "pull requests skipped")) if n]
        return f"{self.source}: {self.read} read; " + ", ".join(parts)


@dataclass(frozen=True)
class Progress:
    done: int
    total: int | None
    note: str = ""


def _new(example: HistoryExample) -> history.NewExample:
    return history.NewExample(example.key, text_hash(example.text), example.text, example.team)


async def import_lines(sessions: async_sessionmaker[AsyncSession], lines: Iterable[str], *, source: str,
                       teams: Collection[str], now: datetime) -> ImportReport:
    """Check every line (raises ``routing.history.HistoryError`` naming the first bad one), then store all."""
    examples = parse_history(lines, teams)
    report = ImportReport(source=source, read=len(examples))
    async with sessions() as session, session.begin():
        counts = await history.store_examples(session, [_new(e) for e in examples], source=source, now=now)
    report.added, report.updated, report.duplicates = counts.added, counts.updated, counts.duplicates
    for e in examples:
        report.per_team[e.team] = report.per_team.get(e.team, 0) + 1
    return report


@dataclass(frozen=True)
class GitHubImport:
    repo: str
    labels: Mapping[str, str]
    """Label → team id."""
    state: str = "closed"
    since: datetime | None = None
    limit: int | None = None
    """Stop after the page on which this many new (or changed) examples have been stored."""

    @property
    def source(self) -> str:
        return f"github:{self.repo}"

    def options(self) -> str:
        return json.dumps({"state": self.state, "labels": sorted((k.casefold(), v) for k, v in self.labels.items())})


def classify(spec: GitHubImport, issues: list[TrackerIssue], report: ImportReport
             ) -> tuple[list[history.NewExample], list[str]]:
    """The page's examples to store and the keys to forget (issues whose label no longer maps to one team)."""
    new: list[history.NewExample] = []
    gone: list[str] = []
    labels = dict(spec.labels)
    for issue in issues:
        report.read += 1
        if issue.pull_request:
            report.pull_requests += 1
            continue
        team, ambiguous = team_for_labels(issue.labels, labels)
        example = HistoryExample(issue_text(issue.title, issue.body), team or "", f"github:{spec.repo}#{issue.number}")
        if team is None:
            report.ambiguous += ambiguous
            report.unlabelled += not ambiguous
            gone.append(example.key)
            continue
        new.append(_new(example))
        report.per_team[team] = report.per_team.get(team, 0) + 1
    return new, gone
