"""`rfh learn --github OWNER/REPO`: import a tracker's labelled issues, page by page, resumable.

Issues are read oldest update first. After each page the cursor moves to the page's last update time (or, when
a whole page shares that instant, one page further at the same instant), and it is stored in the same
transaction as the page's examples: whatever stops the import, the next run starts at the first page not
stored. Examples are keyed by issue, so re-reading a page (the cursor's instant is inclusive) changes nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.learning.importer import MAX_RATE_WAIT, RATE_RESERVE, GitHubImport, ImportReport, Progress, classify
from bot.learning.tracker import IssueSource, TrackerIssue
from storage import history

Sleep = Callable[[float], Awaitable[None]]


async def import_github(sessions: async_sessionmaker[AsyncSession], reader: IssueSource, spec: GitHubImport, *,
                        now: Callable[[], datetime], progress: Callable[[Progress], None] | None = None,
                        sleep: Sleep = asyncio.sleep) -> ImportReport:
    """Import (or resume importing) ``spec``; ``bot.learning.tracker.TrackerReadError`` stops it with the
    pages read so far stored."""
    report = ImportReport(source=spec.source, done=False)
    since, page = spec.since, 0
    async with sessions() as session:
        cursor = await history.get_cursor(session, spec.source)
    if cursor is not None and cursor.options == spec.options() and cursor.since is not None and (
            spec.since is None or cursor.since >= spec.since):
        since, page, report.resumed_from = cursor.since, cursor.page, cursor.since
        if not cursor.done:
            _restore(report, cursor.counts)
    total = await asyncio.to_thread(reader.count, spec.repo, state=spec.state, since=since)
    start_read = report.read
    stored = 0
    seen: set[int] = set()  # the cursor's instant is inclusive: count an issue read twice once
    while True:
        await _mind_the_rate_limit(reader, now, progress, sleep)
        issues = await asyncio.to_thread(reader.page, spec.repo, state=spec.state, since=since, page=page)
        new, gone = classify(spec, [i for i in issues if i.number not in seen], report)
        seen.update(i.number for i in issues)
        last = len(issues) < reader.per_page
        since, page = _advance(issues, since, page, last)
        async with sessions() as session, session.begin():
            counts = await history.store_examples(session, new, source=spec.source, now=now())
            report.removed += await history.remove_examples(session, gone)
            report.added += counts.added
            report.updated += counts.updated
            report.duplicates += counts.duplicates
            await history.save_cursor(session, source=spec.source, options=spec.options(), since=since, page=page,
                                      done=last, counts=report.counts(), now=now())
        stored += counts.added + counts.updated
        if progress is not None:
            progress(Progress(report.read - start_read, total))
        if last or (spec.limit is not None and stored >= spec.limit):
            report.done = last
            return report


def _advance(issues: list[TrackerIssue], since: datetime | None, page: int,
             last: bool) -> tuple[datetime | None, int]:
    """The cursor after storing ``issues``: their last update time, or the next page at the same instant when
    they all share it. The instant is inclusive and a short last page is read again next time (issues updated
    later join its end), so some issues are read twice, harmlessly, and none is skipped."""
    if not issues:
        return since, page
    newest = issues[-1].updated_at
    if since is not None and newest <= since:
        return since, page if last else page + 1
    return newest, 0


def _restore(report: ImportReport, counts: dict[str, int]) -> None:
    for key, value in counts.items():
        if hasattr(report, key) and isinstance(value, int):
            setattr(report, key, value)


async def _mind_the_rate_limit(reader: IssueSource, now: Callable[[], datetime],
                               progress: Callable[[Progress], None] | None, sleep: Sleep) -> None:
    """Wait for the reset when the budget is nearly spent, rather than run into GitHub's 403."""
    budget = await asyncio.to_thread(reader.budget)
    if budget.remaining > RATE_RESERVE:
        return
    wait = (budget.reset_at - now()).total_seconds() + 1
    if 0 < wait <= MAX_RATE_WAIT.total_seconds():
        if progress is not None:
            progress(Progress(-1, None, f"GitHub rate limit: {budget.remaining} requests left, waiting "
                                        f"{wait:.0f} s for the reset at {budget.reset_at:%H:%M:%S} UTC"))
        await sleep(wait)
