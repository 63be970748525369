"""The fault matrix over the HTTP fakes (issue 5): whatever GitHub, Slack or the database do, a request reaches
engineering exactly once, the requester always sees its state, and an admin hears of what only a person can fix.

The rows live in fault_rows.py (bench/faults.py prints the same rows as a table); the kill -9 rows run the bot as a
real process (processes.py). Also here: Slack's retried deliveries, repeated submissions, and secrets in logs."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import time
from datetime import timedelta

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bot.adapters.slack_client import make_web_client
from bot.delivery.retry import retry_request
from storage.models import OwnershipEventRow, Request
from tests.scenario.fault_rows import (
    KILL_ROW_IDS,
    KILL_ROWS,
    ROW_IDS,
    ROWS,
    ROWS_BY_ID,
    SECRETS,
    count_issues,
    count_posts,
    file_request,
    open_intake,
    request_by_view,
    requester_saw,
    run_kill_row,
    run_row,
    settle,
    signed,
    steps_of,
    submission,
)
from tests.signing import event_body, message_event


def assert_delivered_once(result) -> None:
    """The row's promise: one issue, one team post, the requester told each state, nothing left behind."""
    row = result.row
    assert result.issues == 1, f"{row.id}: {result.issues} issues filed"
    assert result.posts == 1, f"{row.id}: {result.posts} team posts"
    assert result.state == "filed", f"{row.id}: ended {result.state}"
    assert result.told == list(row.told), f"{row.id}: the requester saw {result.told}"
    assert result.unexpected_requester_posts == 0, "the requester's message is updated in place, not posted again"
    assert set(result.attempts) >= {"file_issue", "post_team", "confirm_requester"}


@pytest.mark.parametrize("row", ROWS, ids=ROW_IDS)
async def test_fault_row(row, database_url, caplog):
    caplog.set_level(logging.DEBUG)  # everything the bot and its libraries log, for the secrets check
    result = await run_row(row, database_url)
    assert_delivered_once(result)
    assert result.ack_seconds < 3, "Slack shows an error when the submission is not answered within 3 s"
    if row.permanent:
        before = result.before_fix
        assert before["state"] == "needs_attention", before
        assert before["posts"] == 0 and before["admin_alerts"] == 1, before
        failed = "file_issue" if row.id.startswith("github") else "post_team"
        assert before["failed"] == [failed]
        assert before["issues"] == (0 if failed == "file_issue" else 1), "no second issue when only the post failed"
        assert result.admin_alerts == 1, "the admins are alerted once"
    else:
        assert result.admin_alerts == 0, "a temporary failure needs nobody's attention"
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "Sending a request" in logged, "slack_sdk's DEBUG lines (with the request headers) were captured"
    for secret in SECRETS:
        assert secret not in logged, f"{row.id}: a secret was logged"


@pytest.mark.slow
@pytest.mark.parametrize("row", KILL_ROWS, ids=KILL_ROW_IDS)
async def test_kill_9_midway_then_restart(row, database_url, tmp_path):
    result = await run_kill_row(row, database_url, tmp_path)
    assert_delivered_once(result)
    for secret in SECRETS:
        assert secret not in result.output


async def test_the_slack_client_never_posts_twice_by_itself(fake_slack):
    """5xx and dropped connections are retried inside the client for anything but chat.postMessage (which may have
    gone out: the worker looks it up first); a long Retry-After goes back to the worker instead of being slept."""
    client = make_web_client(token="xoxb-test-token", base_url=fake_slack.url)
    fake_slack.fail("chat.postMessage", status=500)
    with pytest.raises(SlackApiError):
        await client.chat_postMessage(channel="#general", text="once")
    fake_slack.fail("chat.postMessage", reset_connection=True)
    with pytest.raises(aiohttp.ClientError):
        await client.chat_postMessage(channel="#general", text="once")
    assert len(fake_slack.calls_to("chat.postMessage")) == 2
    fake_slack.fail("usergroups.list", status=500)
    assert (await client.usergroups_list())["ok"]
    assert len(fake_slack.calls_to("usergroups.list")) == 2
    fake_slack.fail("chat.postMessage", status=429, retry_after=30)
    started = time.monotonic()
    with pytest.raises(SlackApiError):
        await client.chat_postMessage(channel="#general", text="later")
    assert time.monotonic() - started < 5


# -- Slack's retries ---------------------------------------------------------------------------------------------------

async def test_a_retried_event_delivery_is_handled_once(bot, fake_slack, clock, caplog):
    caplog.set_level(logging.INFO, logger="handlers.events")
    request_id, _ = await file_request(bot, fake_slack, clock)
    async with bot.services.sessions() as session:
        request = await session.get(Request, request_id)
    assert request is not None and request.post_ts
    reply_ts = f"{time.time():.6f}"
    event = message_event("Looking at it now", user="U0ENG", channel=request.post_channel, ts=reply_ts,
                          thread_ts=request.post_ts)
    body = event_body(event, event_id="Ev0TAKEOVER1")
    first = await bot.slack(body, signed(body))
    assert first.status == 200
    # Slack did not see the answer in time: the same event again, twice at once, with its retry headers.
    retries = [dict(signed(body), **{"X-Slack-Retry-Num": str(n), "X-Slack-Retry-Reason": "http_timeout"})
               for n in (1, 2)]
    answers = await asyncio.gather(*(bot.slack(body, headers) for headers in retries))
    assert [a.status for a in answers] == [200, 200]
    # The same message delivered under a new event id (Slack's re-delivery keeps client_msg_id).
    again = event_body(event, event_id="Ev0TAKEOVER2")
    assert (await bot.slack(again, signed(again))).status == 200

    async def takeovers() -> int:
        async with bot.services.sessions() as session:
            return int(await session.scalar(select(func.count()).select_from(OwnershipEventRow).where(
                OwnershipEventRow.request_id == request_id, OwnershipEventRow.kind == "informal")) or 0)

    # Bolt acks first and runs the listener after: wait for the one take-over and the three ignored deliveries.
    deadline = time.monotonic() + 5
    while (await takeovers() < 1 or caplog.text.count("ignoring a repeated delivery") < 3) \
            and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    assert caplog.text.count("ignoring a repeated delivery") == 3, "two retries and the re-delivery are ignored"
    clock.advance(timedelta(seconds=1))
    posts_before = len(fake_slack.calls_to("chat.postMessage"))
    await bot.deliver()
    assert await takeovers() == 1
    async with bot.services.sessions() as session:
        assert (await session.get(Request, request_id)).owner_id == "U0ENG"  # type: ignore[union-attr]
    notices = fake_slack.calls_to("chat.postMessage")[posts_before:]
    assert len({(c.args["channel"], c.args.get("thread_ts")) for c in notices}) == len(notices), \
        "each notice of the take-over is posted once"


async def test_a_repeated_view_submission_creates_one_request(bot, fake_slack, fake_github, clock):
    view = await open_intake(bot, fake_slack)
    body = submission(view)
    # Slack retries the submission while the first one is still being stored, and once more afterwards.
    replies = await asyncio.gather(bot.slack(body, signed(body)), bot.slack(body, signed(body)))
    replies.append(await bot.slack(body, signed(body)))
    assert all(r.status == 200 and r.json()["response_action"] == "update" for r in replies)
    await bot.deliver()
    async with bot.services.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Request)) == 1
    request = await request_by_view(bot, view["id"])
    assert count_issues(fake_github, request.key) == 1
    assert count_posts(fake_slack, request.key) == 1


async def test_pressing_retry_again_while_it_runs_delivers_once(database_url):
    result = await run_row(ROWS_BY_ID["github-404"], database_url, press_retry_times=3)
    assert_delivered_once(result)


async def test_rfh_retry_on_a_filed_request_leaves_it_filed(bot, fake_slack, clock):
    """`rfh retry` run on a request that is filed, while later steps (a take-over's notices) are still queued."""
    request_id, view_id = await file_request(bot, fake_slack, clock)
    async with bot.services.sessions() as session:
        request = await session.get(Request, request_id)
    assert request is not None
    event = message_event("On it", user="U0ENG", channel=request.post_channel, thread_ts=request.post_ts,
                          ts=f"{time.time():.6f}")
    body = event_body(event)
    assert (await bot.slack(body, signed(body))).status == 200
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not [s for s in await steps_of(bot, request_id) if s.state != "done"]:
        await asyncio.sleep(0.02)
    assert "Retrying" in await retry_request(sessions=bot.services.sessions, request_id=request_id, clock=clock)
    await settle(bot, clock, request_id)
    async with bot.services.sessions() as session:
        assert (await session.get(Request, request_id)).state == "filed"  # type: ignore[union-attr]
    assert requester_saw(fake_slack, view_id, request_id)[0] == ["filing", "filed"], "never 'filing…' again"


# -- the database --------------------------------------------------------------------------------------------------

@pytest.fixture
def short_busy_timeout(monkeypatch, database_url):
    if make_url(database_url).get_backend_name() != "sqlite":
        pytest.skip("SQLite only: PostgreSQL waits for the lock instead of timing out")
    monkeypatch.setattr("storage.db.SQLITE_BUSY_TIMEOUT_MS", 200)


async def test_a_database_locked_past_the_busy_timeout_fails_the_submission_cleanly(short_busy_timeout, bot,
                                                                                       fake_slack, fake_github,
                                                                                       database_url):
    view = await open_intake(bot, fake_slack)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(str(make_url(database_url).database), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        held.set()
        release.wait(10)
        conn.execute("COMMIT")
        conn.close()

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    assert held.wait(5)
    body = submission(view)
    try:
        refused = await bot.slack(body, signed(body))
    finally:
        release.set()
        holder.join(5)
    # The modal stays open with a plain error on a field; nothing half-stored, no stack trace in the answer.
    assert refused.status == 200
    assert refused.json()["response_action"] == "errors"
    assert "press Submit again" in refused.json()["errors"]["summary"]
    async with bot.services.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Request)) == 0
    # The engineer presses Submit again once the lock is gone: exactly one request, delivered once.
    accepted = await bot.slack(body, signed(body))
    assert accepted.status == 200 and accepted.json()["response_action"] == "update"
    await bot.deliver()
    request = await request_by_view(bot, view["id"])
    assert count_issues(fake_github, request.key) == 1 and count_posts(fake_slack, request.key) == 1
