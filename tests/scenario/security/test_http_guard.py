"""Items 8 and 9 of issue 9 over real HTTP: unsigned garbage is refused before parsing (401, at most one log line,
no traceback); a listener's crash after the ack is logged once; requests from another workspace are refused."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import time

from tests.scenario.ownership.flows import BEN, request_row, signed
from tests.scenario.security.flows import file
from tests.signing import block_actions_body, slack_signature_headers, slash_command_body

FORGED_SIGNATURE = "v0=" + "0" * 64


def garbage() -> list[tuple[bytes, dict[str, str]]]:
    now = str(int(time.time()))
    return [
        (b"{not json at all", {"Content-Type": "application/json"}),
        (b"[1, 2, 3]", {"Content-Type": "application/json", "X-Slack-Request-Timestamp": now,
                        "X-Slack-Signature": FORGED_SIGNATURE}),
        (b"payload=%5B%5D", {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": now,
                             "X-Slack-Signature": FORGED_SIGNATURE}),
        (slash_command_body(text="hi"), {"Content-Type": "application/x-www-form-urlencoded",
                                         "X-Slack-Request-Timestamp": "yesterday",
                                         "X-Slack-Signature": FORGED_SIGNATURE}),
        (b"\xff\xfe\x00garbage", {"Content-Type": "application/json", "X-Slack-Request-Timestamp": now,
                                  "X-Slack-Signature": FORGED_SIGNATURE}),
    ]


async def test_unsigned_garbage_gets_a_401_and_at_most_one_log_line(secure_bot, fake_slack, caplog):
    caplog.set_level(logging.INFO)
    for _ in range(3):
        for body, headers in garbage():
            reply = await secure_bot.slack(body, headers)
            assert reply.status == 401, (body, reply.status, reply.text)
    ours = [r for r in caplog.records if r.levelno >= logging.WARNING and not r.name.startswith("asyncio")]
    assert len(ours) <= 1, [r.getMessage() for r in ours]
    assert not any(r.exc_info for r in caplog.records)
    assert fake_slack.calls_to("views.open") == []


async def test_a_listener_crash_after_the_ack_is_logged_once_without_a_second_failure(
        secure_bot, fake_slack, caplog):
    caplog.set_level(logging.WARNING)
    fake_slack.fail("views.open", error="invalid_arguments")
    body = slash_command_body(text="help me", trigger_id=fake_slack.new_trigger_id(), user_id="U0REQ")
    reply = await secure_bot.slack(body, signed(body))
    assert reply.status == 200
    logged = await _wait_for_records(caplog, lambda r: "unexpected error" in r.getMessage())
    assert len(logged) == 1
    for _ in range(3):  # the finished listener task is collected: a failure in it would be reported now
        await asyncio.sleep(0.05)
        gc.collect()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1, errors
    assert not any("never retrieved" in m or "AssertionError" in m for m in errors)


async def test_a_signed_action_from_another_workspace_is_refused(secure_bot, fake_slack):
    request_id = await file(secure_bot, fake_slack)
    row = await request_row(secure_bot, request_id)
    message = fake_slack.message(row.post_channel, row.post_ts)
    body = block_actions_body(action_id="take_ownership", value=str(request_id), user_id=BEN, team_id="T0OTHER",
                              channel_id=row.post_channel, message=message, trigger_id=fake_slack.new_trigger_id())
    reply = await secure_bot.slack(body, signed(body))
    assert reply.status == 403
    await asyncio.sleep(0.1)  # nothing runs after a refusal; give a wrongly started listener the time to show
    await secure_bot.deliver()
    assert (await request_row(secure_bot, request_id)).owner_id is None
    assert fake_slack.ephemerals(user=BEN) == []

    body = block_actions_body(action_id="take_ownership", value=str(request_id), user_id=BEN,
                              channel_id=row.post_channel, message=message, trigger_id=fake_slack.new_trigger_id())
    assert (await secure_bot.slack(body, signed(body))).status == 200  # the installed workspace (T111) still works


async def test_a_signed_event_from_another_organisation_is_refused(secure_bot, fake_slack):
    from tests.signing import event_body

    event = {"type": "app_home_opened", "user": "U0REQ", "channel": "D0HOME", "tab": "home"}
    envelope = json.loads(event_body(event, team_id="T0OTHER"))
    envelope["enterprise_id"] = "E0OTHER"
    body = json.dumps(envelope).encode()
    reply = await secure_bot.slack(body, slack_signature_headers("test-signing-secret", body))
    assert reply.status == 403
    await asyncio.sleep(0.1)
    assert fake_slack.calls_to("views.publish") == []


async def _wait_for_records(caplog, match, timeout: float = 3.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [r for r in caplog.records if match(r)]
        if found:
            return found
        await asyncio.sleep(0.01)
    return []
