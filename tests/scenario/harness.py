"""The bot under test: built like `rfh serve --http`, served on a loopback port, driven by signed HTTP requests."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

from bot.app import build_app
from bot.clock import Clock
from bot.config import RfhConfig, load_config
from bot.metrics import Metrics
from bot.server import make_web_app
from bot.services import Services, build_services
from bot.settings import load_settings

SIGNING_SECRET = "test-signing-secret"
WEBHOOK_SECRET = "test-webhook-secret"


@dataclass
class Reply:
    status: int
    text: str
    elapsed: float

    def json(self) -> Any:
        import json

        return json.loads(self.text) if self.text else None


class BotUnderTest:
    def __init__(self, services: Services, runner: web.AppRunner, url: str):
        self.services, self.runner, self.url = services, runner, url
        self.http = aiohttp.ClientSession()

    @classmethod
    async def start(cls, *, slack_url: str, github_url: str, database_url: str, clock: Clock | None = None,
                    config: RfhConfig | None = None, env: dict[str, str] | None = None) -> BotUnderTest:
        settings = load_settings({
            "SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack_url, "GITHUB_TOKEN": "ghp-test-token", "GITHUB_API_URL": github_url,
            "GITHUB_WEBHOOK_SECRET": WEBHOOK_SECRET, "DATABASE_URL": database_url,
            "RFH_GITHUB_WRITE_SPACING": "0", **(env or {}),
        })
        services = await build_services(settings, config or load_config(), clock=clock)
        runner = web.AppRunner(make_web_app(build_app(services), services, Metrics()))
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return cls(services, runner, f"http://127.0.0.1:{port}")

    async def stop(self) -> None:
        await self.http.close()
        await self.runner.cleanup()
        await self.services.close()

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> Reply:
        started = time.perf_counter()
        async with self.http.post(self.url + path, data=body, headers=headers) as response:
            text = await response.text()
        return Reply(response.status, text, time.perf_counter() - started)

    async def slack(self, body: bytes, headers: dict[str, str]) -> Reply:
        return await self.post("/slack/events", body, headers)

    async def get(self, path: str) -> Reply:
        started = time.perf_counter()
        async with self.http.get(self.url + path) as response:
            text = await response.text()
        return Reply(response.status, text, time.perf_counter() - started)

    async def deliver(self) -> list[Any]:
        """Let the worker perform every step that is due now."""
        return await self.services.worker.drain()
