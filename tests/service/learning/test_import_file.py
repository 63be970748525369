"""`rfh learn FILE.jsonl` as a service: all or nothing, deduplicated, and the router learns it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.learning.importer import import_lines
from bot.learning.router_source import RouterFeed, load_router, make_router
from routing.history import HistoryError
from routing.teams import Team, TeamKind, TeamTable
from storage import history

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
TABLE = TeamTable(tuple(Team(t, t.title(), TeamKind.ENGINEERING, f"#{t}", label=f"team/{t}")
                        for t in ("payments", "identity", "platform")))


def _line(text: str, team: str, **extra: object) -> str:
    return json.dumps({"text": text, "team": team, **extra})


async def _count(sessions) -> int:  # type: ignore[no-untyped-def]
    async with sessions() as session:
        return sum((await history.count_examples(session)).values())


async def test_a_file_is_stored_and_deduplicated(sessions) -> None:  # type: ignore[no-untyped-def]
    lines = [_line("Card declined at checkout", "payments", id=1), _line("SSO loop after login", "identity"),
             _line("Pods evicted on the build cluster", "platform", id="p-9")]
    report = await import_lines(sessions, lines, source="file:a.jsonl", teams=set(TABLE.ids), now=NOW)
    assert (report.read, report.added, report.duplicates) == (3, 3, 0)
    again = [_line("Card declined at checkout", "payments", id=1),  # same id and content
             _line("sso   LOOP after login", "identity"),  # same text
             _line("Card declined at checkout", "identity", id=1),  # re-labelled: a later line wins
             _line("Refund stuck in pending", "payments", id=2)]
    report = await import_lines(sessions, again, source="file:b.jsonl", teams=set(TABLE.ids), now=NOW)
    assert (report.added, report.updated, report.duplicates) == (1, 1, 1)
    async with sessions() as session:
        assert await history.count_examples(session) == {"identity": 2, "platform": 1, "payments": 1}


@pytest.mark.parametrize(
    ("bad", "message"),
    [('{"text": "Ledger export fails", "team": "billing"}', 'line 3: unknown team "billing"'),
     ("{not json", "line 3: not valid JSON")],
    ids=["unknown-team", "bad-json"],
)
async def test_a_bad_line_stores_nothing(sessions, bad: str, message: str) -> None:  # type: ignore[no-untyped-def]
    lines = [_line("Card declined", "payments"), _line("SSO loop", "identity"), bad, _line("Pods evicted", "platform")]
    with pytest.raises(HistoryError, match=message):
        await import_lines(sessions, lines, source="file:bad.jsonl", teams=set(TABLE.ids), now=NOW)
    assert await _count(sessions) == 0


async def test_the_router_built_from_the_database_uses_the_history(sessions) -> None:  # type: ignore[no-untyped-def]
    cold = make_router(TABLE, None)
    assert cold.suggest("quartermaster ledger mismatch").unsure  # a config of its own: no vocabulary at all
    lines = [_line(f"quartermaster ledger mismatch in the {w} report", "payments") for w in ("daily", "weekly", "q3")]
    lines += [_line(f"badge reader rejects the {w} token", "identity") for w in ("new", "old", "temp")]
    await import_lines(sessions, lines, source="file:h.jsonl", teams=set(TABLE.ids), now=NOW)
    router = await load_router(sessions, TABLE, None)
    assert router.learned == 6
    assert router.suggest("the quartermaster ledger shows a mismatch").candidates[0].team_id == "payments"
    assert router.suggest("badge reader rejects my token").candidates[0].team_id == "identity"


async def test_a_running_router_picks_up_a_later_import(sessions) -> None:  # type: ignore[no-untyped-def]
    feed = RouterFeed(sessions, make_router(TABLE, None))
    await feed.start()
    assert await feed.load() == 0
    await import_lines(sessions, [_line("quartermaster ledger mismatch", "payments")], source="file:x",
                       teams=set(TABLE.ids), now=NOW)
    assert await feed.refresh() == 1
    assert await feed.refresh() == 0
    assert feed.router.learned == 1


async def test_a_running_router_picks_up_a_new_calibration(sessions) -> None:  # type: ignore[no-untyped-def]
    feed = RouterFeed(sessions, make_router(TABLE, None))
    await feed.start()
    assert feed.router.calibration is None
    async with sessions() as session, session.begin():
        await history.save_calibration(session, {"xs": [0.0, 1.0], "ys": [0.2, 0.6], "examples": 500},
                                       examples=500, now=NOW)
    await feed.refresh()
    assert feed.router.calibration is not None and feed.router.calibration(0.5) == 0.4
