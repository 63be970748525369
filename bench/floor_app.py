"""The framework floor for bench/load.py: a bare Bolt AsyncApp that only acks /rfh and opens a modal.

Served exactly like `rfh serve --http` (aiohttp, POST /slack/events, the same slack_sdk client and retry handlers),
so the difference between the two is what rfh itself adds. With RFH_FLOOR_TUNED=1 it also makes the two process
settings rfh makes at start (the start-up heap frozen out of the garbage collector, slack_sdk's unused debug lines
skipped), so that the difference is rfh's own work alone.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import os
import signal
from pathlib import Path
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack_client import make_web_client

SMALL_MODAL = {"type": "modal", "callback_id": "floor", "title": {"type": "plain_text", "text": "Floor"},
               "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hello"}}]}


def build(client: AsyncWebClient, secret: str, modal: dict[str, Any]) -> web.Application:
    app = AsyncApp(client=client, signing_secret=secret)

    @app.command("/rfh")
    async def open_modal(ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await client.views_open(trigger_id=command["trigger_id"], view=modal)

    async def events(request: web.Request) -> web.StreamResponse:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    web_app = web.Application()
    web_app.router.add_post("/slack/events", events)
    web_app.router.add_get("/healthz", lambda _: web.json_response({"ok": True}))
    return web_app


async def main(port: int) -> None:
    client = make_web_client(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    # The same modal rfh opens, pre-built, so both send the same bytes and only rfh's own work differs.
    path = os.environ.get("RFH_FLOOR_MODAL")
    modal = json.loads(Path(path).read_text()) if path else SMALL_MODAL
    runner = web.AppRunner(build(client, os.environ["SLACK_SIGNING_SECRET"], modal))
    if os.environ.get("RFH_FLOOR_TUNED"):  # the two process settings rfh makes (bot/shell/server.py), for comparison
        gc.collect()
        gc.freeze()
        sdk = logging.getLogger("slack_sdk.web.async_base_client")
        sdk.setLevel(sdk.getEffectiveLevel())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await runner.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    asyncio.run(main(parser.parse_args().port))
