"""The fakes behave like the real Slack Web API and GitHub REST API, as seen through the real clients."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl

import aiohttp
import pytest
import requests
from github import Auth, BadCredentialsException, Github, GithubException, UnknownObjectException
from github.GithubException import RateLimitExceededException
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from fakes import SECONDARY_RATE_LIMIT_MESSAGE, FakeGitHub, FakeSlack
from fakes.slack_api import REQUIRED_ARGS
from tests import signing
from tests.fakes import fixtures

fake_slack = fixtures.fake_slack
fake_github = fixtures.fake_github

BOT_TOKEN = "xoxb-test-token"
GH_TOKEN = "ghp-test-token"
MODAL = {
    "type": "modal", "callback_id": "rfh_form", "title": {"type": "plain_text", "text": "Request help"},
    "submit": {"type": "plain_text", "text": "File"}, "private_metadata": "meta",
    "blocks": [{"type": "input", "block_id": "summary", "label": {"type": "plain_text", "text": "Summary"},
                "element": {"type": "plain_text_input", "action_id": "value"}}],
}


def slack_client(fake: FakeSlack, token: str = BOT_TOKEN, **kwargs: object) -> AsyncWebClient:
    return AsyncWebClient(token=token, base_url=fake.url, **kwargs)  # type: ignore[arg-type]


def github(fake: FakeGitHub, token: str = GH_TOKEN, **kwargs: object) -> Github:
    return Github(auth=Auth.Token(token), base_url=fake.url, seconds_between_requests=None,
                  seconds_between_writes=None, **kwargs)  # type: ignore[arg-type]


async def slack_error(coro: object) -> SlackApiError:
    with pytest.raises(SlackApiError) as info:
        await coro  # type: ignore[misc]
    return info.value


# -- Slack ------------------------------------------------------------------------------------------------------------
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


async def test_socket_mode_url_says_hello(fake_slack: FakeSlack) -> None:
    apps = await slack_client(fake_slack, "xapp-test-token").apps_connections_open(app_token="xapp-test-token")
    async with aiohttp.ClientSession() as session, session.ws_connect(apps["url"]) as ws:
        assert (await ws.receive_json(timeout=2))["type"] == "hello"


async def test_views_open_trigger_ids(fake_slack: FakeSlack) -> None:
    client = slack_client(fake_slack)
    trigger = fake_slack.new_trigger_id()
    view = (await client.views_open(trigger_id=trigger, view=MODAL))["view"]
    assert view["id"].startswith("V") and view["hash"] and view["state"] == {"values": {}}
    assert view["callback_id"] == "rfh_form" and view["private_metadata"] == "meta"
    assert view["root_view_id"] == view["id"]
    assert view["blocks"] == MODAL["blocks"]

    assert (await slack_error(client.views_open(trigger_id=trigger, view=MODAL))).response["error"] == \
        "exchanged_trigger_id"
    expired = fake_slack.new_trigger_id(age=3.5)
    assert (await slack_error(client.views_open(trigger_id=expired, view=MODAL))).response["error"] == \
        "expired_trigger_id"
    assert (await slack_error(client.views_open(trigger_id="111.222.xxx", view=MODAL))).response["error"] == \
        "invalid_trigger_id"
    missing = await slack_error(client.api_call("views.open", json={"trigger_id": fake_slack.new_trigger_id()}))
    assert missing.response["error"] == "invalid_arguments"
    assert "view" in missing.response["response_metadata"]["messages"][0]
    assert [v["id"] for v in fake_slack.open_views()] == [view["id"]]


async def test_views_update_push_and_validation(fake_slack: FakeSlack) -> None:
    client = slack_client(fake_slack)
    opened = (await client.views_open(trigger_id=fake_slack.new_trigger_id(),
                                      view={**MODAL, "external_id": "rfh-1"}))["view"]
    updated = (await client.views_update(view_id=opened["id"], hash=opened["hash"], view=MODAL))["view"]
    assert updated["id"] == opened["id"] and updated["hash"] != opened["hash"]
    stale = await slack_error(client.views_update(view_id=opened["id"], hash=opened["hash"], view=MODAL))
    assert stale.response["error"] == "hash_conflict"
    by_external = await client.views_update(external_id="rfh-1", view={**MODAL, "private_metadata": "v3"})
    assert by_external["view"]["id"] == opened["id"] and fake_slack.view(opened["id"])["private_metadata"] == "v3"

    pushed = (await client.views_push(trigger_id=fake_slack.new_trigger_id(view_id=opened["id"]), view=MODAL))["view"]
    assert pushed["root_view_id"] == opened["id"] and pushed["previous_view_id"] == opened["id"]
    await client.views_push(trigger_id=fake_slack.new_trigger_id(view_id=pushed["id"]), view=MODAL)
    too_many = await slack_error(client.views_push(trigger_id=fake_slack.new_trigger_id(view_id=pushed["id"]),
                                                   view=MODAL))
    assert too_many.response["error"] == "push_limit_reached"

    fake_slack.close_view(opened["id"])
    assert (await slack_error(client.views_update(view_id=opened["id"], view=MODAL))).response["error"] == "not_found"

    long_title = {**MODAL, "title": {"type": "plain_text", "text": "x" * 25}}
    bad = await slack_error(client.views_open(trigger_id=fake_slack.new_trigger_id(), view=long_title))
    assert bad.response["error"] == "invalid_arguments"
    assert bad.response["response_metadata"]["messages"] == [
        "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"]
    no_submit = {k: v for k, v in MODAL.items() if k != "submit"}
    bad = await slack_error(client.views_open(trigger_id=fake_slack.new_trigger_id(), view=no_submit))
    assert "submit" in bad.response["response_metadata"]["messages"][0]

    home = (await client.views_publish(user_id="U111", view={"type": "home", "blocks": []}))["view"]
    conflict = await slack_error(client.views_publish(user_id="U111", view={"type": "home", "blocks": []},
                                                      hash="stale"))
    assert conflict.response["error"] == "hash_conflict"
    assert fake_slack.home_view("U111")["id"] == home["id"]  # type: ignore[index]


async def test_post_update_threads_and_history(fake_slack: FakeSlack) -> None:
    client = slack_client(fake_slack)
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*RFH*"}}]
    metadata = {"event_type": "rfh_posted", "event_payload": {"key": "rfh-1"}}
    first = await client.chat_postMessage(channel="#distribution", text="RFH", blocks=blocks, metadata=metadata)
    assert first["channel"].startswith("C") and first["message"]["bot_id"] == "BBOT"
    second = await client.chat_postMessage(channel="distribution", text="again")
    assert second["channel"] == first["channel"] == fake_slack.channel_id("#distribution")
    assert float(second["ts"]) > float(first["ts"])
    reply = await client.chat_postMessage(channel=first["channel"], text="in thread", thread_ts=first["ts"])
    assert reply["message"]["thread_ts"] == first["ts"]

    user_ts = fake_slack.add_message(first["channel"], "a user reply", user="U222", thread_ts=first["ts"])
    replies = (await client.conversations_replies(channel=first["channel"], ts=first["ts"]))["messages"]
    assert [m["text"] for m in replies] == ["RFH", "in thread", "a user reply"]
    assert replies[0]["reply_count"] == 2 and replies[-1]["ts"] == user_ts

    history = await client.conversations_history(channel=first["channel"], limit=1)
    assert [m["text"] for m in history["messages"]] == ["again"] and history["has_more"]
    page2 = await client.conversations_history(channel=first["channel"], limit=1,
                                               cursor=history["response_metadata"]["next_cursor"])
    assert page2["messages"][0]["ts"] == first["ts"] and "metadata" not in page2["messages"][0]
    with_meta = await client.conversations_history(channel=first["channel"], include_all_metadata=True)
    assert with_meta["messages"][-1]["metadata"] == metadata

    updated = await client.chat_update(channel=first["channel"], ts=first["ts"], text="RFH (taken)", blocks=blocks)
    assert updated["ts"] == first["ts"] and fake_slack.message("#distribution", first["ts"])["text"] == "RFH (taken)"
    assert (await slack_error(client.chat_update(channel=first["channel"], ts="1.000001", text="x"))).response[
        "error"] == "message_not_found"
    assert (await slack_error(client.chat_update(channel=first["channel"], ts=user_ts, text="x"))).response[
        "error"] == "cant_update_message"

    link = await client.chat_getPermalink(channel=first["channel"], message_ts=reply["ts"])
    assert f"/archives/{first['channel']}/p" in link["permalink"] and "thread_ts=" in link["permalink"]
    await client.reactions_add(channel=first["channel"], name="eyes", timestamp=first["ts"])
    assert (await slack_error(client.reactions_add(channel=first["channel"], name="eyes", timestamp=first["ts"])))\
        .response["error"] == "already_reacted"
    ephemeral = await client.chat_postEphemeral(channel=first["channel"], user="U111", text="only you")
    assert fake_slack.ephemerals(user="U111")[0]["message_ts"] == ephemeral["message_ts"]
    await client.chat_delete(channel=second["channel"], ts=second["ts"])
    assert [m["text"] for m in fake_slack.messages("#distribution")] == ["RFH (taken)", "in thread", "a user reply"]

    dm = await client.chat_postMessage(channel="U111", text="your request")
    opened = await client.conversations_open(users="U111")
    assert dm["channel"].startswith("D") and opened["channel"]["id"] == dm["channel"]

    no_text = await slack_error(client.api_call("chat.postMessage", json={"channel": "#distribution"}))
    assert no_text.response["error"] == "no_text"
    missing = await slack_error(client.api_call("chat.postMessage", json={"text": "no channel"}))
    assert missing.response["error"] == "invalid_arguments"
    assert missing.response["response_metadata"]["messages"] == ["[ERROR] missing required field: channel"]
    too_many = await slack_error(client.chat_postMessage(channel="#distribution", text="x", blocks=blocks * 51))
    assert too_many.response["error"] == "invalid_blocks"


async def test_the_bot_posts_only_where_it_is_a_member(fake_slack: FakeSlack) -> None:
    client = slack_client(fake_slack)
    fake_slack.add_channel("eng", is_member=False)
    fake_slack.add_channel("secret-eng", is_private=True, is_member=False)
    assert (await slack_error(client.chat_postMessage(channel="#eng", text="x"))).response["error"] == \
        "not_in_channel"
    assert (await slack_error(client.chat_postMessage(channel="#secret-eng", text="x"))).response["error"] == \
        "channel_not_found"
    assert (await client.chat_postMessage(channel="U0ANA", text="a DM needs no membership"))["ok"]


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


async def test_usergroups(fake_slack: FakeSlack) -> None:
    client = slack_client(fake_slack)
    assert (await client.usergroups_list())["usergroups"] == []
    group_id = fake_slack.add_usergroup("distribution-support", users=["U1", "U2"])
    listed = (await client.usergroups_list(include_users=True))["usergroups"]
    assert [(g["id"], g["handle"], g["users"]) for g in listed] == [(group_id, "distribution-support", ["U1", "U2"])]
    assert "users" not in (await client.usergroups_list())["usergroups"][0]
    assert (await client.usergroups_users_list(usergroup=group_id))["users"] == ["U1", "U2"]
    await client.usergroups_users_update(usergroup=group_id, users=["U3"])
    assert fake_slack.usergroup_users("distribution-support") == ["U3"]
    assert (await slack_error(client.usergroups_users_list(usergroup="S404"))).response["error"] == "no_such_subteam"
    fake_slack.fail("usergroups.users.update", error="upgrade_required")
    error = await slack_error(client.usergroups_users_update(usergroup=group_id, users=["U1"]))
    assert error.response["error"] == "upgrade_required" and fake_slack.usergroup_users(group_id) == ["U3"]


async def test_users_conversations_and_unknown_method(fake_slack: FakeSlack) -> None:
    client = slack_client(fake_slack)
    fake_slack.add_user("U111", name="ana", real_name="Ana Lyst", email="ana@example.com")
    assert (await client.users_info(user="U111"))["user"]["profile"]["email"] == "ana@example.com"
    assert (await client.users_lookupByEmail(email="ana@example.com"))["user"]["id"] == "U111"
    assert (await slack_error(client.users_info(user="U404"))).response["error"] == "user_not_found"
    channel = fake_slack.add_channel("rfh-admin", is_private=True)
    assert (await client.conversations_info(channel=channel))["channel"]["is_private"] is True
    assert (await slack_error(client.api_call("nope.nothing"))).response["error"] == "unknown_method"
    fake_slack.on("team.info", {"ok": True, "team": {"id": "T111"}})
    assert (await client.team_info())["team"]["id"] == "T111"


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


async def test_duplicate_block_and_action_ids_are_refused(fake_slack: FakeSlack) -> None:
    button = {"type": "button", "action_id": "go", "text": {"type": "plain_text", "text": "Go"}}
    twice = [{"type": "actions", "block_id": "a", "elements": [button]},
             {"type": "actions", "block_id": "a", "elements": [button, button]}]
    error = await slack_error(slack_client(fake_slack).views_publish(user_id="U1", view={"type": "home",
                                                                                          "blocks": twice}))
    assert error.response["error"] == "invalid_arguments"
    assert error.response["response_metadata"]["messages"] == [
        "[ERROR] duplicate block_id 'a' [json-pointer:/view/blocks/1/block_id]",
        "[ERROR] duplicate action_id 'go' in a block [json-pointer:/view/blocks/1]"]


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


def test_required_args_cover_the_openapi_spec() -> None:
    spec = json.loads(signing.fixture_file("slack_web_openapi_v2.json").read_text())
    for method, required in REQUIRED_ARGS.items():
        path = spec["paths"].get(f"/{method}")
        if path is None:
            continue
        for operation in path.values():
            wanted = {p["name"] for p in operation.get("parameters", []) if p.get("required")} - {"token"}
            assert wanted <= set(required), (method, wanted)


# -- GitHub ------------------------------------------------------------------------------------------------------------
def test_github_repo_issue_labels_and_comments(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("sourcegraph/customer")
    g = github(fake_github)
    repo = g.get_repo("sourcegraph/customer")
    assert repo.full_name == "sourcegraph/customer" and repo.private and repo.url.startswith(fake_github.url)

    issue = repo.create_issue(title="Customer X: deploy fails", body="details\n<!-- rfh-id: rfh1 -->",
                              labels=["rfh", "ce/p1"])
    assert issue.number == 1 and issue.html_url == f"{fake_github.url}/sourcegraph/customer/issues/1"
    assert [label.name for label in issue.labels] == ["rfh", "ce/p1"]
    assert {(label["name"], label["color"]) for label in fake_github.labels("sourcegraph/customer")} == {
        ("rfh", "ededed"), ("ce/p1", "ededed")}
    post = fake_github.calls_matching("POST", r"/issues$")[0]
    assert post.json == {"title": "Customer X: deploy fails", "body": "details\n<!-- rfh-id: rfh1 -->",
                         "labels": ["rfh", "ce/p1"]}
    assert post.headers["Authorization"] == f"token {GH_TOKEN}" and post.status == 201

    issue.edit(state="closed", state_reason="not_planned")
    assert issue.state == "closed" and issue.state_reason == "not_planned" and issue.closed_at is not None
    again = repo.get_issue(1)
    again.edit(state="open")
    assert again.state == "open" and again.state_reason == "reopened" and again.closed_at is None

    comment = again.create_comment("Taken by @ana in Slack")
    assert comment.html_url.endswith(f"#issuecomment-{comment.id}")
    assert [c["body"] for c in fake_github.comments("sourcegraph/customer", 1)] == ["Taken by @ana in Slack"]
    assert again.get_comments().totalCount == 1 and repo.get_issue(1).comments == 1

    again.set_labels("rfh", "ce/p0")
    again.remove_from_labels("ce/p0")
    again.add_to_labels("team/distribution")
    assert [lab["name"] for lab in fake_github.issue("sourcegraph/customer", 1)["labels"]] == ["rfh",
                                                                                               "team/distribution"]
    repo.create_label("ce/p3", "c5def5", "lowest")
    with pytest.raises(GithubException) as info:
        repo.create_label("ce/p3", "c5def5")
    assert info.value.status == 422 and info.value.data["errors"][0]["code"] == "already_exists"  # type: ignore[index]

    user = g.get_user()
    assert user.login == "rfh-bot"
    core = g.get_rate_limit().resources.core
    assert core.limit == 5000 and 0 < core.remaining < 5000
    headers = fake_github.calls[-1].headers
    assert "Authorization" in headers


def test_github_pagination_across_pages(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("o/r")
    for n in range(1, 36):
        fake_github.add_issue("o/r", f"issue {n}", state="closed" if n % 5 == 0 else "open")
    repo = github(fake_github).get_repo("o/r")
    numbers = [i.number for i in repo.get_issues(state="all", sort="created", direction="desc")]
    assert numbers == list(range(35, 0, -1))
    pages = fake_github.calls_matching("GET", r"/repos/o/r/issues$")
    assert [c.query.get("page") for c in pages] == [None, "2"]
    assert len([i for i in repo.get_issues(state="open")]) == 28
    assert repo.get_issues(state="closed").totalCount == 7
    first_page = requests.get(f"{fake_github.url}/repos/o/r/issues?state=all&per_page=10",
                              headers={"Authorization": f"Bearer {GH_TOKEN}"}, timeout=5)
    assert f'<{fake_github.url}/repos/o/r/issues?state=all&per_page=10&page=2>; rel="next"' in \
        first_page.headers["Link"]
    assert 'page=4>; rel="last"' in first_page.headers["Link"]
    assert int(first_page.headers["x-ratelimit-remaining"]) < 5000 and first_page.headers["x-ratelimit-reset"]


def test_github_auth_and_not_found(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("o/r")
    with pytest.raises(BadCredentialsException) as bad:
        github(fake_github, "ghp-wrong").get_repo("o/r")
    assert bad.value.status == 401 and bad.value.data["message"] == "Bad credentials"  # type: ignore[index]
    with pytest.raises(UnknownObjectException):
        github(fake_github).get_repo("o/missing")
    with pytest.raises(UnknownObjectException):
        github(fake_github).get_repo("o/r").get_issue(99)


def test_github_validation_errors(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("o/r")
    repo = github(fake_github).get_repo("o/r")
    with pytest.raises(GithubException) as too_long:
        repo.create_issue(title="t", body="x" * 65_537)
    assert too_long.value.status == 422
    assert too_long.value.data["errors"] == [{  # type: ignore[index]
        "resource": "Issue", "field": "body", "code": "custom",
        "message": "body is too long (maximum is 65536 characters)"}]
    repo.create_issue(title="t" * 256, body="x" * 65_536)
    with pytest.raises(GithubException) as long_title:
        repo.create_issue(title="t" * 257)
    assert long_title.value.status == 422
    with pytest.raises(GithubException) as empty:
        repo.create_issue(title="")
    assert empty.value.data["errors"][0]["code"] == "missing_field"  # type: ignore[index]
    assert len(fake_github.issues("o/r")) == 1


def test_github_after_effect_fault_creates_the_issue_then_fails(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("o/r")
    fake_github.fail("POST", r"^/repos/o/r/issues$", status=502, after_effect=True)
    repo = github(fake_github, retry=None).get_repo("o/r")
    with pytest.raises(GithubException) as info:
        repo.create_issue(title="once", body="marker rfh42")
    assert info.value.status == 502
    assert [i["title"] for i in fake_github.issues("o/r")] == ["once"]

    # PyGithub's default GithubRetry retries a POST on 5xx: that files the issue twice (github.md section 2)
    fake_github.fail("POST", r"^/repos/o/r/issues$", status=502, after_effect=True)
    github(fake_github).get_repo("o/r").create_issue(title="twice")
    assert [i["title"] for i in fake_github.issues("o/r")] == ["once", "twice", "twice"]


def test_github_secondary_rate_limit_and_resets(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("o/r")
    fake_github.fail("POST", r"/issues$", status=403, message=SECONDARY_RATE_LIMIT_MESSAGE, retry_after=1)
    repo = github(fake_github, retry=None).get_repo("o/r")
    with pytest.raises(RateLimitExceededException) as info:
        repo.create_issue(title="t")
    assert info.value.status == 403 and info.value.headers["retry-after"] == "1"  # type: ignore[index]
    assert fake_github.issues("o/r") == []

    fake_github.fail("GET", r"^/repos/o/r$", reset_connection=True)
    with pytest.raises(requests.ConnectionError):
        github(fake_github, retry=None).get_repo("o/r")
    fake_github.fail("GET", r"^/repos/o/r$", hang=2.0, status=502)
    with pytest.raises(requests.Timeout):
        requests.get(f"{fake_github.url}/repos/o/r", headers={"Authorization": f"token {GH_TOKEN}"}, timeout=0.3)
    fake_github.fail("*", r"^/user$", status=500, times=None)
    for _ in range(2):
        with pytest.raises(GithubException):
            github(fake_github, retry=None).get_user().login  # noqa: B018
    fake_github.clear_faults()
    assert github(fake_github).get_user().login == "rfh-bot"
    fake_github.fail("GET", r"^/user$", status=403, message="API rate limit exceeded for user ID 1.")
    with pytest.raises(RateLimitExceededException) as primary:
        github(fake_github, retry=None).get_user().login  # noqa: B018
    assert primary.value.headers["x-ratelimit-remaining"] == "0"  # type: ignore[index]


def test_github_search(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("o/r")
    fake_github.add_issue("o/r", "Deploy fails on k8s", "Footer RFH: rfh7f3a9c1e")
    fake_github.add_issue("o/r", "Search is slow", "Nothing to see")
    g = github(fake_github)
    found = g.search_issues('"rfh7f3a9c1e"', repo="o/r", type="issue")
    assert found.totalCount == 1 and next(iter(found)).title == "Deploy fails on k8s"
    assert g.search_issues("deploy k8s", repo="o/r", type="issue").totalCount == 1
    assert g.search_issues("deploy slow", repo="o/r", type="issue").totalCount == 0
    assert g.search_issues("is:issue repo:o/r slow").totalCount == 1
    with pytest.raises(GithubException) as no_kind:
        list(g.search_issues("slow repo:o/r"))
    assert no_kind.value.status == 422
    assert "is:issue" in no_kind.value.data["errors"][0]["message"]  # type: ignore[index]
    with pytest.raises(GithubException):
        list(g.search_issues("slow is:issue repo:o/unknown"))


def test_github_webhook_payload_from_state(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("o/r")
    fake_github.add_issue("o/r", "t")
    fake_github.close_issue("o/r", 1, by="octocat")
    payload = fake_github.webhook_payload("issues", "closed", "o/r", 1)
    fixture = signing.github_fixture("issues.closed.json")
    assert set(fixture) - set(payload) <= {"installation"}
    assert payload["issue"]["state"] == "closed" and payload["issue"]["closed_at"]
    assert payload["sender"]["login"] == "octocat" and payload["repository"]["full_name"] == "o/r"
    fake_github.add_comment("o/r", 1, "thanks")
    comment = fake_github.webhook_payload("issue_comment", "created", "o/r", 1)
    assert comment["comment"]["body"] == "thanks"


# -- signing helpers --------------------------------------------------------------------------------------------------
def test_slack_signature_headers_verify() -> None:
    body = signing.slash_command_body(text="help me")
    headers = signing.slack_signature_headers("s3cret", body)
    verifier = SignatureVerifier("s3cret")
    assert verifier.is_valid(body=body.decode(), timestamp=headers["X-Slack-Request-Timestamp"],
                             signature=headers["X-Slack-Signature"])
    assert verifier.is_valid_request(body, headers)
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert not SignatureVerifier("other").is_valid_request(body, headers)
    old = signing.slack_signature_headers("s3cret", body, timestamp=int(time.time()) - 600)
    assert not verifier.is_valid_request(body, old)
    assert signing.slack_signature_headers("s3cret", b'{"type": "x"}')["Content-Type"] == "application/json"


def test_github_signature_test_vector() -> None:
    expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    assert signing.sign_webhook("It's a Secret to Everybody", b"Hello, World!") == expected
    headers = signing.github_webhook_headers("It's a Secret to Everybody", "Hello, World!", "issues", "d-1")
    assert headers["X-Hub-Signature-256"] == expected and headers["X-GitHub-Delivery"] == "d-1"
    assert headers["X-GitHub-Event"] == "issues" and headers["Content-Type"] == "application/json"
    sha1 = hmac.new(b"It's a Secret to Everybody", b"Hello, World!", hashlib.sha1).hexdigest()
    assert headers["X-Hub-Signature"] == f"sha1={sha1}"


def test_slash_command_body_matches_the_fixture() -> None:
    body = signing.slash_command_body("/rfh", "deploy <@U9> broke & more", trigger_id="1.2.3",
                                      response_url="http://x/response/1")
    fixture_keys = [k for k, _ in parse_qsl(signing.slack_fixture("slash_command.raw_body.txt"))]
    parsed = dict(parse_qsl(body.decode()))
    assert list(parsed) == fixture_keys
    assert parsed["command"] == "/rfh" and parsed["text"] == "deploy <@U9> broke & more"
    assert parsed["trigger_id"] == "1.2.3" and parsed["user_id"] == "U111"
    assert parse_qs(body.decode())["response_url"] == ["http://x/response/1"]


def test_interactive_bodies() -> None:
    shortcut = signing.parse_interactive_body(signing.message_shortcut_body(
        message_text="customer is down", channel_id="C9", message_ts="1700000000.000100", trigger_id="t1"))
    assert shortcut["type"] == "message_action" and shortcut["callback_id"] == "rfh_from_message"
    assert shortcut["message"]["text"] == "customer is down" and shortcut["message_ts"] == "1700000000.000100"
    assert shortcut["channel"]["id"] == "C9" and shortcut["trigger_id"] == "t1"
    assert signing.message_shortcut_body().startswith(b"payload=%7B%22type%22%3A%20%22message_action%22")

    fixture = signing.slack_fixture("view_submission.multi_element.json")
    submission = signing.parse_interactive_body(signing.view_submission_body(fixture["view"], {
        "rating": "3", "date-of-visit": "2019-09-23", "comment": "Just amazing!", "b4-2": ["U123", "U234"],
        "b8": ["value-0", "value-1"], "b9": "option 1"}, view_id="V9"))
    values, expected = submission["view"]["state"]["values"], fixture["view"]["state"]["values"]
    for block_id in ("rating", "date-of-visit", "comment", "b4-2", "b8"):
        assert values[block_id] == expected[block_id], block_id
    assert values["b9"]["a9"]["selected_option"]["value"] == "option 1"
    assert submission["view"]["id"] == "V9" and submission["view"]["callback_id"] == "modal-callback-id"
    empty = signing.parse_interactive_body(signing.view_submission_body(fixture["view"], {}))
    assert empty["view"]["state"]["values"]["comment"] == {"single_action": {"type": "plain_text_input",
                                                                             "value": None}}
    assert empty["view"]["state"]["values"]["b8"]["a8"]["selected_options"] == []


async def test_block_actions_and_events_from_fake_state(fake_slack: FakeSlack) -> None:
    client = slack_client(fake_slack)
    blocks = [{"type": "actions", "block_id": "rfh_actions", "elements": [
        {"type": "button", "action_id": "take", "text": {"type": "plain_text", "text": "Take ownership"},
         "value": "rfh-1"}]}]
    posted = await client.chat_postMessage(channel="#distribution", text="RFH", blocks=blocks)
    message = fake_slack.message("#distribution", posted["ts"])
    action = signing.parse_interactive_body(signing.block_actions_body(
        "take", message=message, channel_id=posted["channel"], trigger_id="t2", response_url="http://r"))
    assert action["container"] == {"type": "message", "message_ts": posted["ts"], "channel_id": posted["channel"],
                                   "is_ephemeral": False}
    assert action["actions"][0]["block_id"] == "rfh_actions" and action["actions"][0]["value"] == "rfh-1"
    assert action["actions"][0]["text"]["text"] == "Take ownership" and action["response_url"] == "http://r"

    home = (await client.views_publish(user_id="U111", view={"type": "home", "blocks": blocks}))["view"]
    in_view = signing.parse_interactive_body(signing.block_actions_body("take", view=home))
    assert in_view["container"] == {"type": "view", "view_id": home["id"]} and "response_url" not in in_view
    assert in_view["view"]["hash"] == home["hash"]

    event = signing.message_event("I'll take it", user="U222", channel=posted["channel"], thread_ts=posted["ts"])
    envelope = json.loads(signing.event_body(event, event_id="Ev1"))
    fixture = signing.slack_fixture("event_callback.message_in_thread.json")
    assert set(envelope) == set(fixture) and set(fixture["event"]) <= set(envelope["event"])
    assert envelope["event_id"] == "Ev1" and envelope["authorizations"][0]["user_id"] == "UBOT"
    assert envelope["event"]["thread_ts"] == posted["ts"]


def test_fixtures_live_in_the_repository(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert signing.slack_payloads_dir().is_relative_to(Path(signing.__file__).parent)
    assert signing.slack_fixture("url_verification.json")["type"] == "url_verification"
    assert signing.github_fixture("issues.closed.json")["action"] == "closed"
    # A missing fixture is an error that fails the test needing it, never a skip.
    monkeypatch.setattr(signing, "FIXTURES_DIR", tmp_path)
    with pytest.raises(FileNotFoundError, match="tests/fixtures"):
        signing.slack_fixture("url_verification.json")
    with pytest.raises(FileNotFoundError):
        signing.fixture_file("slack_web_openapi_v2.json")
