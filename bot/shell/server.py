"""The HTTP server: /slack/events, /github/webhook, /healthz, /metrics; Socket Mode; clean shutdown on SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hashlib
import hmac
import json
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Middleware
from prometheus_client import Counter, Histogram
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp

from bot.bridge.github_events import event_label
from bot.core.config import RfhConfig
from bot.core.metrics import Metrics
from bot.services import Services
from bot.shell.app import build_app
from bot.shell.guard import RefusalLog, SlackSignature
from bot.shell.health import ops_routes
from bot.shell.logs import request_ids
from bot.shell.settings import Settings, SettingsError, how_to_fix
from bot.shell.slack_request import to_bolt_request
from bot.shell.wiring import build_services

log = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def make_web_app(app: AsyncApp, services: Services, metrics: Metrics, *, github_secret: str | None,
                 slack_secret: str | None = None) -> web.Application:
    refusals = RefusalLog()
    web_app = web.Application(middlewares=[request_ids, _measured(metrics)], client_max_size=4 * 1024 * 1024)
    web_app.router.add_post("/slack/events", SlackEndpoint(app, slack_secret, refusals).handle)
    web_app.router.add_post("/github/webhook", GitHubEndpoint(services, metrics, github_secret, refusals).handle)
    web_app.router.add_routes(ops_routes(services, metrics))
    return web_app


class SlackEndpoint:
    """POST /slack/events: the signature is checked on the raw body before Bolt parses anything (Bolt checks it
    again), so a forged request costs no parsing and gets 401."""

    def __init__(self, app: AsyncApp, secret: str | None, refusals: RefusalLog):
        self.app, self.refusals = app, refusals
        self.signature = SlackSignature(secret) if secret else None

    async def handle(self, request: web.Request) -> web.StreamResponse:
        refusal = self.signature.refusal(await request.read(), request.headers) if self.signature else None
        if refusal:
            self.refusals.note("/slack/events", refusal)
            return web.Response(status=401, text="")
        try:
            bolt_request = await to_bolt_request(request)
            return await to_aiohttp_response(await self.app.async_dispatch(bolt_request))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:  # signed, yet not a Slack payload
            self.refusals.note("/slack/events", f"unreadable signed body ({type(exc).__name__})")
            return web.Response(status=400, text="")


class GitHubEndpoint:
    """POST /github/webhook: signed deliveries are taken once each (by delivery id) in one transaction."""

    def __init__(self, services: Services, metrics: Metrics, secret: str | None, refusals: RefusalLog):
        self.services, self.metrics, self.secret, self.refusals = services, metrics, secret, refusals

    async def handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        if not self.secret or not _valid_github_signature(self.secret, body,
                                                          request.headers.get("X-Hub-Signature-256", "")):
            self.metrics.webhooks.labels("unknown", "rejected").inc()
            self.refusals.note("/github/webhook", "bad signature")
            return web.json_response({"error": "invalid signature"}, status=401)
        event = request.headers.get("X-GitHub-Event", "")
        payload = _json_object(body)
        if payload is None:  # nothing is marked seen: the real delivery with this id still counts
            self.metrics.webhooks.labels(event_label(event), "malformed").inc()
            return web.json_response({"error": "body is not a JSON object"}, status=400)
        return await self._take(event, request.headers.get("X-GitHub-Delivery", ""), payload)

    async def _take(self, event: str, delivery: str, payload: dict[str, Any]) -> web.StreamResponse:
        assert self.services.github_events is not None
        try:
            outcome = await self.services.github_events.take(event, delivery=delivery, payload=payload)
        except Exception:  # rolled back with the seen mark: GitHub's redelivery is handled
            log.exception("handling GitHub %s delivery %s failed", event_label(event), delivery[:64])
            self.metrics.webhooks.labels(event_label(event), "failed").inc()
            return web.json_response({"error": "not handled; redeliver"}, status=500)
        self.services.worker.wake()
        self.metrics.webhooks.labels(event_label(event), outcome).inc()
        return web.json_response({"ok": True, "outcome": outcome, "duplicate": outcome == "duplicate"})


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        payload = json.loads(body or b"{}")
    except ValueError:
        return None
    return payload if isinstance(payload, dict) else None


def _measured(metrics: Metrics) -> Middleware:
    """Latency and count per route and status; the metric children are looked up once each, not per request."""
    children: dict[tuple[str, int], tuple[Histogram, Counter]] = {}

    @web.middleware
    async def measure(request: web.Request, handler: Handler) -> web.StreamResponse:
        started = time.perf_counter()
        response = await handler(request)
        route = request.path if request.path in ROUTES else "other"
        child = children.get((route, response.status))
        if child is None:
            child = children[route, response.status] = (metrics.http_latency.labels(route),
                                                        metrics.http_requests.labels(route, str(response.status)))
        child[0].observe(time.perf_counter() - started)
        child[1].inc()
        return response

    return measure


ROUTES = {"/slack/events", "/github/webhook", "/healthz", "/readyz", "/metrics"}


def _valid_github_signature(secret: str, body: bytes, header: str) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header)


ROUTER_REFRESH_SECONDS = 30.0


async def _keep_learning(services: Services, stop: asyncio.Event) -> None:
    """Other replicas' requests and re-routes reach this replica's router within half a minute."""
    while not stop.is_set():
        try:
            await services.refresh_router()
            if services.related is not None:
                await services.related.refresh()
        except Exception:  # the database may be away for a moment; the next round retries
            log.exception("refreshing the router from the prediction log failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), ROUTER_REFRESH_SECONDS)


def _runner_tuned_for_requests(web_app: web.Application) -> web.AppRunner:
    """The app's runner, once start-up is over. What start-up built (config, router, SQLAlchemy, Bolt, libraries)
    lives as long as the process: the heap is frozen out of the cyclic collector, whose full collections walked it
    again (more per /rfh than rfh's own work, and ~0.1 s stalls)."""
    gc.collect()
    gc.freeze()
    skip_sdk_debug_lines()
    return web.AppRunner(web_app, handle_signals=False)


def skip_sdk_debug_lines() -> None:
    """slack_sdk builds the debug line of every Web API call (the whole modal, repr'd: 5 % of /rfh) unless its client
    logger has a level of its own above DEBUG. It gets the level it inherits anyway: what is logged does not change."""
    sdk = logging.getLogger("slack_sdk.web.async_base_client")
    if sdk.level == logging.NOTSET:
        sdk.setLevel(sdk.getEffectiveLevel())


async def serve(settings: Settings, config: RfhConfig, *, http: bool, host: str, port: int,
                stop: asyncio.Event | None = None) -> None:
    """Run until SIGTERM/SIGINT (or ``stop`` is set): HTTP mode, or Socket Mode plus the HTTP server for webhooks
    and health."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    services = await build_services(settings, config)
    app = build_app(services, signing_secret=settings.SLACK_SIGNING_SECRET)
    web_app = make_web_app(app, services, services.metrics, github_secret=settings.GITHUB_WEBHOOK_SECRET,
                           slack_secret=settings.SLACK_SIGNING_SECRET or None)
    runner = _runner_tuned_for_requests(web_app)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    worker = asyncio.create_task(services.worker.run_forever(stop))
    scheduler = asyncio.create_task(services.scheduler.run_forever(stop)) if services.scheduler else None
    learner = asyncio.create_task(_keep_learning(services, stop))
    socket_mode = None
    if not http and settings.SLACK_APP_TOKEN:
        from bot.shell.socket_mode import SocketMode

        socket_mode = SocketMode(app, settings.SLACK_APP_TOKEN, stop=stop)
        socket_mode.start()  # connects (and reconnects) beside the server: a stop never waits for Slack
        log.info("connecting to Slack in Socket Mode; webhooks and health on http://%s:%d", host, port)
    else:
        log.info("listening on http://%s:%d (POST /slack/events, /github/webhook; GET /healthz, /readyz, /metrics)",
                 host, port)
    await stop.wait()
    log.info("shutting down")
    if socket_mode is not None:
        await socket_mode.close()
    await _finish([worker, learner, *([scheduler] if scheduler else [])])
    await runner.cleanup()
    await services.close()
    if socket_mode is not None and socket_mode.refused:
        raise SettingsError([f"SLACK_APP_TOKEN was refused by Slack ({socket_mode.refused}); "
                             f"{how_to_fix('SLACK_APP_TOKEN')}"])


SHUTDOWN_GRACE_SECONDS = 6.0
"""The steps in flight get this long to finish; one that does not is taken over as uncertain once its lease ends."""


async def _finish(loops: list[asyncio.Task[None]]) -> None:
    _, late = await asyncio.wait(loops, timeout=SHUTDOWN_GRACE_SECONDS)
    for task in late:
        task.cancel()
    if late:
        log.warning("stopped %d loop(s) that did not finish within %.0f s", len(late), SHUTDOWN_GRACE_SECONDS)
        await asyncio.wait(late, timeout=1.0)
