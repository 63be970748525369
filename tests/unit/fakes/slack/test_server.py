"""FakeSlack over HTTP, through the real clients: its URL and lifetime, tokens, injected faults (429, ok:false,
5xx, hangs, resets), form bodies and mention flags, response URLs, a Bolt app, another process."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import aiohttp
import pytest
import requests
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.webhook.async_client import AsyncWebhookClient

from fakes.slack import FakeSlack
from tests import signing
from tests.unit.fakes.clients import BOT_TOKEN, MODAL, slack_client, slack_error


def test_slack_url_shape_and_lifecycle() -> None:
    fake = FakeSlack()
    with pytest.raises(RuntimeError):
        _ = fake.url
    with fake:
        assert fake.url.startswith("http://127.0.0.1:") and fake.url.endswith("/api/")
        port = fake.port
    with pytest.raises(requests.ConnectionError):
        requests.post(f"http://127.0.0.1:{port}/api/auth.test", timeout=2)


async def test_auth_test_and_token_checks(fake_slack: FakeSlack) -> None:
    response = await slack_client(fake_slack).auth_test()
    assert response["user_id"] == "UBOT" and response["bot_id"] == "BBOT" and response["team_id"] == "T111"
    assert response["url"].startswith("https://")

    assert (await slack_error(slack_client(fake_slack, "xoxb-wrong").auth_test())).response["error"] == "invalid_auth"
    assert (await slack_error(slack_client(fake_slack, "").auth_test())).response["error"] == "not_authed"
    apps = await slack_client(fake_slack, "xapp-test-token").apps_connections_open(app_token="xapp-test-token")
    assert apps["url"].startswith("ws://127.0.0.1:")
    error = await slack_error(slack_client(fake_slack).apps_connections_open(app_token=BOT_TOKEN))
    assert error.response["error"] == "not_allowed_token_type"
    assert fake_slack.calls_to("auth.test")[0].headers["Authorization"] == f"Bearer {BOT_TOKEN}"


async def test_rate_limit_is_retried_by_the_async_handler(fake_slack: FakeSlack) -> None:
    fake_slack.fail("chat.postMessage", status=429, retry_after=0)
    plain = await slack_error(slack_client(fake_slack).chat_postMessage(channel="#general", text="hi"))
    assert plain.response.status_code == 429 and plain.response["error"] == "ratelimited"
    assert plain.response.headers["Retry-After"] in ("0", ["0"])

    fake_slack.fail("chat.postMessage", status=429, retry_after=0)
    client = slack_client(fake_slack, retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)])
    response = await client.chat_postMessage(channel="#general", text="hi")
    assert response["ok"]
    statuses = [c.status for c in fake_slack.calls_to("chat.postMessage")]
    assert statuses == [429, 429, 200]
    assert len(fake_slack.messages("#general")) == 1


async def test_error_faults_hangs_and_resets(fake_slack: FakeSlack) -> None:
    client = slack_client(fake_slack)
    fake_slack.fail("chat.postMessage", status=200, error="channel_not_found")
    error = await slack_error(client.chat_postMessage(channel="#gone", text="hi"))
    assert error.response.status_code == 200 and error.response["error"] == "channel_not_found"
    assert (await client.chat_postMessage(channel="#gone", text="hi"))["ok"]  # times=1 by default

    fake_slack.fail("*", status=503, times=None)
    assert (await slack_error(client.auth_test())).response.status_code == 503
    assert (await slack_error(client.auth_test())).response.status_code == 503
    fake_slack.clear_faults()
    assert (await client.auth_test())["ok"]

    # a hang alone delays the answer; the call still takes effect after the client gave up (like a slow Slack)
    fake_slack.fail("chat.postMessage", hang=0.5)
    with pytest.raises(asyncio.TimeoutError):
        await slack_client(fake_slack, timeout=0.2).chat_postMessage(channel="#slow", text="slow")
    for _ in range(100):
        if fake_slack.messages("#slow"):
            break
        await asyncio.sleep(0.02)
    assert [m["text"] for m in fake_slack.messages("#slow")] == ["slow"]

    # the default AsyncConnectionErrorRetryHandler retries once after a reset connection
    fake_slack.fail("chat.postMessage", reset_connection=True)
    assert (await client.chat_postMessage(channel="#general", text="after reset"))["ok"]
    fake_slack.fail("chat.postMessage", reset_connection=True)
    with pytest.raises(aiohttp.ClientError):
        await slack_client(fake_slack, retry_handlers=[]).chat_postMessage(channel="#general", text="lost")
    assert [m["text"] for m in fake_slack.messages("#general")] == ["after reset"]
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")][-3:] == [0, 200, 0]


async def test_form_bodies_and_mention_flags(fake_slack: FakeSlack) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]
    form = {"token": BOT_TOKEN, "channel": "#general", "text": "hi", "blocks": json.dumps(blocks), "link_names": "1"}
    async with aiohttp.ClientSession() as session, session.post(fake_slack.url + "chat.postMessage",
                                                                data=form) as response:
        body = await response.json()
    assert response.status == 200 and body["ok"] and response.content_type == "application/json"
    call = fake_slack.calls_to("chat.postMessage")[0]
    assert call.args["blocks"] == blocks and "token" not in call.args
    await slack_client(fake_slack).chat_postMessage(channel="#general", text="<!here>", parse="full")
    await slack_client(fake_slack).chat_postMessage(channel="#general", text="fine", link_names=False)
    assert [c.flags for c in fake_slack.flagged()] == [("link_names",), ("parse=full",)]


async def test_response_url_records_posts(fake_slack: FakeSlack) -> None:
    url = fake_slack.response_url("cmd1")
    response = await AsyncWebhookClient(url).send(text="working on it", response_type="ephemeral")
    assert response.status_code == 200 and response.body == "ok"
    assert [p.body for p in fake_slack.response_posts(url)] == [{"text": "working on it",
                                                                 "response_type": "ephemeral"}]


async def test_response_url_refuses_invalid_blocks_as_slack_does(fake_slack: FakeSlack) -> None:
    url = fake_slack.response_url()
    bad = [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]
    response = await AsyncWebhookClient(url).send(text="x", blocks=bad)
    assert (response.status_code, response.body) == (400, "invalid_blocks")
    [post] = fake_slack.response_posts(url)
    assert post.errors == ["[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]"]


async def test_bolt_app_against_the_fake(fake_slack: FakeSlack) -> None:
    """A real AsyncApp: signed slash command in, ack + views.open out (with auth.test on the first request)."""
    app = AsyncApp(client=slack_client(fake_slack), signing_secret="secret")

    @app.command("/rfh")
    async def open_form(ack, body, client) -> None:  # type: ignore[no-untyped-def]
        await ack()
        await client.views_open(trigger_id=body["trigger_id"], view=MODAL)

    trigger = fake_slack.new_trigger_id()
    raw = signing.slash_command_body(text="help", trigger_id=trigger, response_url=fake_slack.response_url())
    response = await app.async_dispatch(AsyncBoltRequest(body=raw.decode(),
                                                         headers=signing.slack_signature_headers("secret", raw)))
    assert response.status == 200
    for _ in range(100):
        if fake_slack.calls_to("views.open"):
            break
        await asyncio.sleep(0.01)
    assert fake_slack.calls_to("auth.test") and fake_slack.calls_to("views.open")[0].ok

    bad = await app.async_dispatch(AsyncBoltRequest(body=raw.decode(),
                                                    headers=signing.slack_signature_headers("other", raw)))
    assert bad.status == 401


def test_fake_serves_other_processes(fake_slack: FakeSlack) -> None:
    code = (
        "import json, sys, urllib.request\n"
        "req = urllib.request.Request(sys.argv[1] + 'chat.postMessage', data=b'channel=%23ops&text=from+child',"
        " headers={'Authorization': 'Bearer xoxb-test-token'})\n"
        "print(json.load(urllib.request.urlopen(req, timeout=5))['ok'])\n"
    )
    out = subprocess.run([sys.executable, "-c", code, fake_slack.url], capture_output=True, text=True, timeout=20)
    assert out.stdout.strip() == "True", out.stderr
    assert fake_slack.messages("#ops")[0]["text"] == "from child"
