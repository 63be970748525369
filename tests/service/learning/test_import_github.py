"""`rfh learn --github` against the fake GitHub: pagination, label mapping, rate-limit answers, resume."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import pytest

from bot.adapters.github_issues import IssueReader
from bot.learning.github_import import import_github
from bot.learning.importer import GitHubImport, Progress
from bot.learning.tracker import TrackerReadError
from fakes.github import DEFAULT_TOKEN, FakeGitHub
from storage import history

REPO = "acme/app"
LABELS = {"team/payments": "payments", "team/identity": "identity", "team/checkout": "payments"}
SPEC = GitHubImport(REPO, LABELS)


def _now() -> datetime:
    return datetime.now(UTC)


def _reader(fake: FakeGitHub, per_page: int = 5) -> IssueReader:
    return IssueReader(token=DEFAULT_TOKEN, base_url=fake.url, per_page=per_page, max_rate_limit_wait=10)


def _tracker(fake: FakeGitHub, *, distinct_times: bool = True) -> dict[str, int]:
    """23 closed issues (payments 12, identity 6, 2 with both teams' labels, 3 without a team label) and 4 open
    payments issues; returns the expected examples per team."""
    fake.add_repo(REPO)
    base = time.time() - 10_000
    plan = (["team/payments"] * 10 + ["team/checkout"] * 2 + ["team/identity"] * 6 + ["both"] * 2 + ["bug"] * 3)
    for n, label in enumerate(plan):
        labels = ["team/payments", "team/identity"] if label == "both" else [label, "customer/x"]
        fake.add_issue(REPO, f"Issue {n} about {label}", f"Body of {n}", labels=labels, state="closed",
                       created_at=base + 60 * n if distinct_times else None)
    for n in range(4):
        fake.add_issue(REPO, f"Open {n}", "", labels=["team/payments"])
    return {"payments": 12, "identity": 6}


async def _stored(sessions) -> dict[str, int]:  # type: ignore[no-untyped-def]
    async with sessions() as session:
        return await history.count_examples(session)


@pytest.mark.parametrize("distinct_times", [True, False], ids=["distinct-update-times", "all-in-one-second"])
async def test_pages_through_closed_issues_and_maps_labels(sessions, fake_github: FakeGitHub,  # type: ignore[no-untyped-def]
                                                           distinct_times: bool) -> None:
    expected = _tracker(fake_github, distinct_times=distinct_times)
    seen: list[Progress] = []
    report = await import_github(sessions, _reader(fake_github), SPEC, now=_now, progress=seen.append)
    assert report.done and report.added == 18
    assert (report.ambiguous, report.unlabelled) == (2, 3)
    assert await _stored(sessions) == expected
    pages = fake_github.calls_matching("GET", rf"^/repos/{REPO}/issues$")
    assert all(c.query["state"] == "closed" and c.query["sort"] == "updated" for c in pages)
    assert len(pages) >= 1 + 23 // 5  # the count for the progress bar, then five pages of at most five
    assert seen[-1].done >= 23 and seen[-1].total == 23
    # A second run reads only what changed since (here: nothing new, the last page once more).
    again = await import_github(sessions, _reader(fake_github), SPEC, now=_now)
    assert again.resumed_from is not None and again.added == 0 and await _stored(sessions) == expected


async def test_limit_and_a_relabelled_issue(sessions, fake_github: FakeGitHub) -> None:  # type: ignore[no-untyped-def]
    _tracker(fake_github)
    report = await import_github(sessions, _reader(fake_github), GitHubImport(REPO, LABELS, limit=7), now=_now)
    assert 7 <= report.added < 7 + 5 and not report.done  # whole pages of five
    full = await import_github(sessions, _reader(fake_github), SPEC, now=_now)
    assert full.done and await _stored(sessions) == {"payments": 12, "identity": 6}
    # Issue 1 moves from payments to identity; issue 2 loses its team label.
    _relabel(fake_github, 1, ["team/identity"])
    _relabel(fake_github, 2, ["bug"])
    later = await import_github(sessions, _reader(fake_github), SPEC, now=_now)
    assert (later.updated, later.removed) == (1, 1)
    assert await _stored(sessions) == {"payments": 10, "identity": 7}


def _relabel(fake: FakeGitHub, number: int, labels: list[str]) -> None:
    import json
    import urllib.request

    request = urllib.request.Request(f"{fake.url}/repos/{REPO}/issues/{number}", method="PATCH",
                                     data=json.dumps({"labels": labels}).encode(),
                                     headers={"Authorization": f"token {DEFAULT_TOKEN}"})
    time.sleep(1.01)  # GitHub's update times have one-second resolution: the change must come after the cursor
    with urllib.request.urlopen(request) as answer:
        assert answer.status == 200


async def test_secondary_rate_limit_answer_is_retried(sessions, fake_github: FakeGitHub) -> None:  # type: ignore[no-untyped-def]
    _tracker(fake_github)
    fake_github.fail("GET", rf"^/repos/{REPO}/issues$", status=403, retry_after=1, times=1)
    report = await import_github(sessions, _reader(fake_github, per_page=100), SPEC, now=_now)
    assert report.done and report.added == 18
    assert [c.status for c in fake_github.calls_matching("GET", r"/issues$")][:2] == [403, 200]


async def test_waits_for_the_reset_before_running_dry(sessions, fake_github: FakeGitHub) -> None:  # type: ignore[no-untyped-def]
    _tracker(fake_github)
    fake_github.set_rate_limit(remaining=7, reset_in=1.5)
    waits: list[float] = []
    notes: list[str] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        await asyncio.sleep(seconds)

    report = await import_github(sessions, _reader(fake_github), SPEC, now=_now, sleep=sleep,
                                 progress=lambda p: notes.append(p.note) if p.note else None)
    assert report.done and report.added == 18
    assert waits and all(0 < w <= 3 for w in waits)
    assert any("waiting" in n for n in notes)
    assert not [c for c in fake_github.calls if c.status == 403]


async def test_interrupted_by_the_rate_limit_then_resumed(sessions, fake_github: FakeGitHub) -> None:  # type: ignore[no-untyped-def]
    _tracker(fake_github)
    fake_github.set_rate_limit(remaining=3, reset_in=3000)

    async def no_wait(_: float) -> None:  # the reset is far: the import runs into GitHub's 403 and stops
        return None

    with pytest.raises(TrackerReadError) as stopped:
        await import_github(sessions, _reader(fake_github), SPEC, now=_now, sleep=no_wait)
    assert stopped.value.reset_at is not None and stopped.value.reset_at > _now()
    first = await _stored(sessions)
    assert 0 < sum(first.values()) < 18  # the pages read before the limit are stored
    async with sessions() as session:
        cursor = await history.get_cursor(session, SPEC.source)
    assert cursor is not None and not cursor.done and cursor.since is not None
    fake_github.set_rate_limit(remaining=5000, reset_in=3600)
    calls_before = len(fake_github.calls_matching("GET", r"/issues$"))
    report = await import_github(sessions, _reader(fake_github), SPEC, now=_now)
    assert report.done and report.resumed_from == cursor.since
    assert await _stored(sessions) == {"payments": 12, "identity": 6}
    resumed = fake_github.calls_matching("GET", r"/issues$")[calls_before:]
    assert all("since" in c.query for c in resumed)  # it did not start over
