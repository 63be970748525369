"""The bot under test: built like `rfh serve --http`, served on a loopback port, driven by signed HTTP requests."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

from bot.core.clock import Clock
from bot.core.config import RfhConfig, load_config
from bot.services import Services
from bot.shell.app import build_app
from bot.shell.server import make_web_app
from bot.shell.settings import load_settings
from bot.shell.wiring import build_services

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
        app = build_app(services, signing_secret=settings.SLACK_SIGNING_SECRET)
        runner = web.AppRunner(make_web_app(app, services, services.metrics,
                                            github_secret=settings.GITHUB_WEBHOOK_SECRET,
                                            slack_secret=settings.SLACK_SIGNING_SECRET))
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


async def wait_for(probe: Callable[[], Any], timeout: float = 5.0) -> Any:
    """Listeners run on after Bolt's ack, so their calls may land just after the HTTP answer: poll ``probe`` (a
    plain function, or one returning an awaitable) until it returns something truthy, or the timeout passes."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if inspect.isawaitable(found):
            found = await found
        if found or time.monotonic() >= deadline:
            return found
        await asyncio.sleep(0.005)


def modal_values(view: dict[str, Any], **answers: Any) -> dict[str, Any]:
    """Fill the modal the bot opened as a person would: keep what it pre-filled, add the answers."""
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        if block.get("type") != "input":
            continue
        element, block_id = block["element"], block["block_id"]
        kind, answer = element["type"], answers.get(block["block_id"])
        if kind == "plain_text_input":
            values[block_id] = {"value": {"type": kind, "value": answer if answer is not None
                                          else element.get("initial_value")}}
        elif kind == "external_select":  # the customer type-ahead: the option Slack's options load offered
            option = {"text": {"type": "plain_text", "text": str(answer)}, "value": str(answer)} if answer else None
            values[block_id] = {"value": {"type": kind, "selected_option": option}}
        elif kind in ("static_select", "radio_buttons"):
            option = {"value": answer} if answer else element.get("initial_option")
            values[block_id] = {"value": {"type": kind, "selected_option": option}}
        elif kind == "checkboxes":
            values[block_id] = {"value": {"type": kind, "selected_options": [{"value": "yes"}] if answer else []}}
        elif kind == "datepicker":
            values[block_id] = {"value": {"type": kind, "selected_date": answer}}
        elif kind == "multi_users_select":
            values[block_id] = {"value": {"type": kind, "selected_users": answer or []}}
        elif kind == "file_input":
            values[block_id] = {"value": {"type": kind, "files": answer or []}}
    return values
