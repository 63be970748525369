"""A made-up but plausible request history for reports: requests over some weeks with their intake routing
decision, claims, hand-overs, resolutions, re-routes, re-ping and escalation jobs, and weekly ticket counts.

Used by ``bench/report.py`` (100,000 requests) and for the README's example chart (a few hundred: `rfh demo` leaves
one request in a database it deletes, too little to draw a week-by-week chart from):

    python bench/report_history.py sqlite:///example.db --requests 400 --until 2026-11-30
    DATABASE_URL=sqlite:///example.db rfh report --since 2026-11-02 --until 2026-11-29 --charts charts/

Rows are inserted with bulk Core inserts, the way the bot's own code would have stored them (same columns, same
kinds, same job outcomes), so the report reads them exactly as it reads a real database. Deterministic for a given
seed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from a checkout

from sqlalchemy import insert  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncEngine  # noqa: E402

from bot.core.domain import template_sections  # noqa: E402
from storage.db import make_engine, migrate  # noqa: E402
from storage.models import Job, OwnershipEventRow, Request, RouteDecision, TicketCount  # noqa: E402

TEAMS = ("distribution", "core-application", "code-intelligence", "search-core", "search-product",
         "extensibility", "batch-changes", "ce-sales", "bizops")
TEAM_WEIGHTS = (30, 22, 12, 9, 6, 8, 6, 4, 3)
TYPES = (("help", 68), ("defect", 22), ("feature", 10))
LEVELS = ((0, 2), (1, 20), (2, 50), (3, 28))
RESOLUTIONS = (("answered", 45), ("fixed", 20), ("defect_filed", 15), ("docs_needed", 10), ("wont_fix", 5),
               ("moved_to_public", 5))
SECTIONS = ("environment", "steps_to_reproduce", "logs", "recent_changes", "impacted_users")
CHUNK = 5000


@dataclass
class History:
    requests: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    jobs: list[dict[str, Any]] = field(default_factory=list)


def _pick(rnd: random.Random, weighted: tuple[tuple[Any, int], ...]) -> Any:
    return rnd.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _working_time(rnd: random.Random, start: datetime, span: timedelta) -> datetime:
    """A moment in the span, mostly on weekdays between 08:00 and 18:00 UTC."""
    for _ in range(20):
        at = start + timedelta(seconds=rnd.uniform(0, span.total_seconds()))
        if at.weekday() < 5 and 8 <= at.hour < 18:
            return at.replace(microsecond=0)
    return at.replace(microsecond=0)


def _details(rnd: random.Random, *, complete: bool) -> dict[str, Any]:
    details: dict[str, Any] = {"urgency": "This week", "need": "What is wrong here?", "files": [], "people": []}
    for name in SECTIONS:
        details[name] = "filled in by support" if complete or rnd.random() < 0.6 else ""
    return details


def make_history(n: int, *, until: datetime, weeks: int = 5, seed: int = 13) -> History:
    """``n`` requests created over ``weeks`` weeks before ``until``; their ownership events and jobs up to it."""
    rnd, history = random.Random(seed), History()
    start = until - timedelta(weeks=weeks)
    for request_id in range(1, n + 1):
        created = _working_time(rnd, start, until - start)
        team = rnd.choices(TEAMS, TEAM_WEIGHTS)[0]
        level, kind = _pick(rnd, LEVELS), _pick(rnd, TYPES)
        right = rnd.random() < 0.82
        suggested = team if right else rnd.choice([t for t in TEAMS if t != team])
        history.requests.append(_request(request_id, created, team, level, kind, suggested,
                                         _details(rnd, complete=rnd.random() < 0.7)))
        history.decisions.append(_decision(request_id, created, suggested, suggested, "intake"))
        if not right and rnd.random() < 0.6:
            history.decisions.append(_decision(request_id, created + timedelta(hours=2), suggested, team,
                                               "reroute"))
        _lifecycle(rnd, history, request_id, created, level, until)
    return history


def _lifecycle(rnd: random.Random, history: History, request_id: int, created: datetime, level: int,
               until: datetime) -> None:
    claim_after = timedelta(minutes=rnd.expovariate(1 / (20 + 90 * level)))
    claimed = created + claim_after
    if claim_after > timedelta(hours=2 + 4 * level):
        history.jobs.append(_job(request_id, "reping", created + timedelta(hours=1 + 3 * level), "re-pinged U0ANA"))
        if claim_after > timedelta(hours=6 + 8 * level):
            history.jobs.append(_job(request_id, "escalate", created + timedelta(hours=4 + 6 * level),
                                     "escalated to U0BEN, U0LEAD"))
    if claimed >= until or rnd.random() < 0.04:
        return
    kind = "informal" if rnd.random() < 0.15 else "claimed"
    history.events.append(_event(request_id, kind, claimed, to_user="U0ANA"))
    if rnd.random() < 0.1:
        history.events.append(_event(request_id, "handed_over", claimed + timedelta(hours=3), to_user="U0BEN"))
    resolved = claimed + timedelta(hours=rnd.expovariate(1 / (4 + 10 * level)))
    if resolved < until and rnd.random() < 0.85:
        resolution = _pick(rnd, RESOLUTIONS)
        history.events.append(_event(request_id, "resolved", resolved, resolution=resolution))
        request = history.requests[-1]
        request.update(status="resolved", resolved_at=resolved, resolution=resolution)


def _request(request_id: int, created: datetime, team: str, level: int, kind: str, suggested: str,
             details: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": request_id, "key": f"k{request_id:012d}", "created_at": created, "requester_id": "U0REQ",
        "customer": "Acme Corp", "customer_slug": "acme-corp", "tier": 2, "in_sales_process": False,
        "request_type": kind, "severity": "minor", "summary": f"Request {request_id}", "details": details,
        "team_id": team, "suggested_team_id": suggested, "suggestion_confidence": 0.7, "priority": f"ce/p{level}",
        "priority_level": level, "tracker": "private", "state": "filed", "owner_informal": False, "status": "open",
        "resolution": None, "resolved_at": None, "last_activity_at": created,
        "template_sections": template_sections(details),
    }


def _decision(request_id: int, at: datetime, suggested: str, chosen: str, source: str) -> dict[str, Any]:
    return {"request_id": request_id, "at": at, "text": "routing text", "suggested_team_id": suggested,
            "chosen_team_id": chosen, "source": source, "actor": "U0REQ", "note": None}


def _event(request_id: int, kind: str, at: datetime, *, to_user: str | None = None,
           resolution: str | None = None) -> dict[str, Any]:
    return {"request_id": request_id, "kind": kind, "actor": to_user or "U0ANA", "at": at, "from_user": None,
            "to_user": to_user, "note": "done" if resolution else None, "resolution": resolution}


def _job(request_id: int, kind: str, at: datetime, outcome: str) -> dict[str, Any]:
    return {"kind": kind, "request_id": request_id, "due_at": at, "dedupe_key": f"{kind}:{request_id}:0",
            "payload": {"round": 0}, "claimed_by": "bench", "claimed_at": at, "done_at": at, "outcome": outcome,
            "attempts": 1}


def weekly_tickets(until: datetime, *, weeks: int, requests_per_week: float, seed: int = 13) -> list[dict[str, Any]]:
    """Support-desk counts for the complete ISO weeks before ``until``: about 12 tickets per request."""
    rnd = random.Random(seed)
    monday = until.date() - timedelta(days=until.weekday())
    rows = []
    for k in range(weeks, 0, -1):
        start: date = monday - timedelta(weeks=k)
        rows.append({"period_start": start, "period_end": start + timedelta(weeks=1), "source": "bench",
                     "count": int(requests_per_week * rnd.uniform(9, 14)), "recorded_at": until})
    return rows


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), CHUNK):
        yield rows[i:i + CHUNK]


async def store(engine: AsyncEngine, history: History, tickets: list[dict[str, Any]]) -> None:
    """Insert everything (into an empty, migrated database) in a few bulk statements per table."""
    async with engine.begin() as conn:
        for model, rows in ((Request, history.requests), (RouteDecision, history.decisions),
                            (OwnershipEventRow, history.events), (Job, history.jobs), (TicketCount, tickets)):
            for chunk in _chunks(rows):
                await conn.execute(insert(model), chunk)


async def seed(url: str, n: int, *, until: datetime, weeks: int = 4, seed: int = 13) -> tuple[int, int]:
    """A fresh database at ``url``, migrated, with ``n`` requests over the ``weeks`` weeks before ``until`` and the
    weekly ticket counts: (requests, ownership events)."""
    history = make_history(n, until=until, weeks=weeks, seed=seed)
    tickets = weekly_tickets(until, weeks=weeks, requests_per_week=n / weeks, seed=seed)
    engine = make_engine(url)
    try:
        await migrate(engine)
        await store(engine, history, tickets)
    finally:
        await engine.dispose()
    return len(history.requests), len(history.events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database_url", help="a database without requests yet, e.g. sqlite:///example.db")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--until", type=date.fromisoformat, required=True,
                        help="the day after the history's last, e.g. 2026-11-30")
    args = parser.parse_args()
    until = datetime.combine(args.until, datetime.min.time(), tzinfo=UTC)
    requests, events = asyncio.run(seed(args.database_url, args.requests, until=until, weeks=args.weeks))
    print(f"{args.database_url}: {requests} requests and {events} ownership events over the {args.weeks} weeks "
          f"before {until:%Y-%m-%d}", file=sys.stderr)


if __name__ == "__main__":
    main()
