"""/healthz, /readyz and /metrics: the database answers, the loops run, what is waiting."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy.exc import SQLAlchemyError

from bot.core.metrics import Metrics
from bot.core.polling import PollingWorker
from bot.oncall.rotations import business_hours
from bot.services import Services
from bot.sla.rules import claim_deadline
from storage import backlog as backlog_repo

log = logging.getLogger(__name__)
DATABASE_TIMEOUT_SECONDS = 2.0
MIN_STALL_SECONDS = 60.0
"""A loop counts as stuck after this long without a pass (or ten poll intervals, if longer): a pass waits at most
one poll interval, but may spend a while on slow calls."""
BACKLOG_TTL_SECONDS = 10.0


async def database_problem(services: Services) -> str | None:
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS), services.sessions() as session:
            await backlog_repo.ping(session)
    except TimeoutError:
        return f"no answer in {DATABASE_TIMEOUT_SECONDS:.0f} s"
    except (OSError, SQLAlchemyError) as exc:
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'unavailable'}"
    return None


def loop_problems(services: Services) -> dict[str, str]:
    loops: dict[str, PollingWorker[Any]] = {"worker": services.worker}
    if services.scheduler is not None:
        loops["scheduler"] = services.scheduler
    problems = {}
    for name, loop in loops.items():
        problem = loop.stalled(after=max(MIN_STALL_SECONDS, 10 * loop.poll_seconds))
        if problem:
            problems[name] = problem
    return problems


async def health(services: Services, *, loops: bool) -> tuple[bool, dict[str, str]]:
    """(healthy, what was checked → "ok" or the reason). ``loops=False`` for readiness: can a request be stored?"""
    checks = {"database": await database_problem(services) or "ok"}
    if loops:
        problems = loop_problems(services)
        checks["worker"] = problems.get("worker", "ok")
        if services.scheduler is not None:
            checks["scheduler"] = problems.get("scheduler", "ok")
    return all(v == "ok" for v in checks.values()), checks


@dataclass
class BacklogGauges:
    """Sets the backlog gauges from the database, at most every ``ttl`` seconds (each /metrics scrape asks)."""

    services: Services
    ttl: float = BACKLOG_TTL_SECONDS
    _read_at: float | None = field(default=None, init=False)  # None = never read (time.monotonic() starts near 0)

    async def refresh(self) -> None:
        if self._read_at is not None and time.monotonic() - self._read_at < self.ttl:
            return
        self._read_at = time.monotonic()
        async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS), self.services.sessions() as session:
            backlog = await backlog_repo.backlog(session)
        self._set(backlog, self.services.clock.now())

    def _set(self, backlog: backlog_repo.Backlog, now: datetime) -> None:
        metrics, config = self.services.metrics, self.services.config
        metrics.requests_by_state.clear()
        for (state, status), count in backlog.requests.items():
            metrics.requests_by_state.labels(state, status).set(count)
        metrics.steps_by_state.clear()
        for state in ("pending", "running", "failed"):
            metrics.steps_by_state.labels(state).set(backlog.steps.get(state, 0))
        oldest: dict[str, float] = {}
        breaches = dict.fromkeys(config.teams.ids, 0)
        for item in backlog.unowned:
            oldest[item.team_id] = max(oldest.get(item.team_id, 0.0), (now - item.created_at).total_seconds())
            key = f"p{item.priority_level}"
            if key in config.sla and now > claim_deadline(item.created_at, key, config.sla,
                                                          business_hours(config, item.team_id)):
                breaches[item.team_id] = breaches.get(item.team_id, 0) + 1
        metrics.oldest_unclaimed.clear()
        for team in config.teams.ids:
            metrics.oldest_unclaimed.labels(team).set(oldest.get(team, 0.0))
        metrics.sla_breaches.clear()
        for team, count in breaches.items():
            metrics.sla_breaches.labels(team).set(count)


def ops_routes(services: Services, metrics: Metrics) -> list[web.RouteDef]:
    backlog = BacklogGauges(services)

    async def healthz(_: web.Request) -> web.StreamResponse:
        """Alive: the database answers and the worker and scheduler loops keep passing (else 503 and why)."""
        ok, checks = await health(services, loops=True)
        return web.json_response({"ok": ok, **checks}, status=200 if ok else 503)

    async def readyz(_: web.Request) -> web.StreamResponse:
        """Ready for Slack's traffic: a submission can be stored (the loops may still be starting)."""
        ok, checks = await health(services, loops=False)
        return web.json_response({"ok": ok, **checks}, status=200 if ok else 503)

    async def metrics_page(_: web.Request) -> web.StreamResponse:
        try:
            await backlog.refresh()
        except (OSError, TimeoutError, SQLAlchemyError) as exc:  # the rest of the page is still worth serving
            log.warning("backlog metrics not refreshed: %s", type(exc).__name__)
        return web.Response(body=generate_latest(metrics.registry), headers={"Content-Type": CONTENT_TYPE_LATEST})

    return [web.get("/healthz", healthz), web.get("/readyz", readyz), web.get("/metrics", metrics_page)]
