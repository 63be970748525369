"""Socket Mode on the fake: apps.connections.open, the hello, envelopes out and acks back."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from fakes.slack import FakeSlack
from tests.unit.fakes.clients import slack_client


async def test_socket_mode_url_says_hello(fake_slack: FakeSlack) -> None:
    apps = await slack_client(fake_slack, "xapp-test-token").apps_connections_open(app_token="xapp-test-token")
    async with aiohttp.ClientSession() as session, session.ws_connect(apps["url"]) as ws:
        assert (await ws.receive_json(timeout=2))["type"] == "hello"


async def test_envelopes_go_out_and_acks_come_back(fake_slack: FakeSlack) -> None:
    with pytest.raises(RuntimeError, match="no Socket Mode connection"):
        await asyncio.to_thread(fake_slack.send_envelope, "events_api", {"type": "event_callback"})
    apps = await slack_client(fake_slack, "xapp-test-token").apps_connections_open(app_token="xapp-test-token")
    async with aiohttp.ClientSession() as session, session.ws_connect(apps["url"]) as ws:
        assert (await ws.receive_json(timeout=2))["connection_info"] == {"app_id": "A111"}
        assert fake_slack.socket_connections == 1
        sent = await asyncio.to_thread(fake_slack.send_envelope, "slash_commands", {"command": "/rfh"})
        envelope = await ws.receive_json(timeout=2)
        assert envelope["envelope_id"] == sent and envelope["payload"] == {"command": "/rfh"}
        assert envelope["accepts_response_payload"] is True
        await ws.send_json({"envelope_id": sent})
        for _ in range(100):
            if fake_slack.socket_acks():
                break
            await asyncio.sleep(0.01)
        assert fake_slack.socket_acks() == [{"envelope_id": sent}]
        assert await asyncio.to_thread(fake_slack.close_socket_connections) == 1
        assert (await ws.receive(timeout=2)).type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
