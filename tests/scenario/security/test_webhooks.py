"""Item 10 of issue 9 over real HTTP: a GitHub delivery id is marked seen together with the event's effects, so a
failed handling or a malformed body with that id does not swallow the real delivery; the metric's event label takes
only known events."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import event as sa_event
from sqlalchemy.exc import OperationalError

from tests.scenario.harness import WEBHOOK_SECRET
from tests.scenario.ownership.flows import events_of, request_row
from tests.scenario.security.flows import file
from tests.signing import github_webhook_headers

REPO = "sourcegraph/customer"


async def deliver(bot, body: bytes, event: str, delivery: str):
    return await bot.post("/github/webhook", body, github_webhook_headers(WEBHOOK_SECRET, body, event, delivery))


async def closed_on_github(bot, fake_slack, fake_github) -> tuple[int, bytes]:
    request_id = await file(bot, fake_slack)
    row = await request_row(bot, request_id)
    fake_github.close_issue(REPO, row.issue_number, state_reason="completed", by="octocat")
    payload = fake_github.webhook_payload("issues", "closed", REPO, row.issue_number, sender="octocat")
    return request_id, json.dumps(payload).encode()


async def resolved_by_the_worker(bot, request_id: int) -> str:
    """The webhook stores the change as a durable step; the worker resolves the request from it."""
    await bot.services.worker.drain()
    return (await request_row(bot, request_id)).status


async def test_a_malformed_body_with_an_id_does_not_block_the_real_delivery(secure_bot, fake_slack, fake_github):
    request_id, body = await closed_on_github(secure_bot, fake_slack, fake_github)
    delivery = str(uuid.uuid4())
    for junk in (b"{truncated", b"[1, 2]", b'"a string"'):
        assert (await deliver(secure_bot, junk, "issues", delivery)).status == 400
    reply = await deliver(secure_bot, body, "issues", delivery)
    assert reply.status == 200 and reply.json()["outcome"] == "closed", reply.text
    assert await resolved_by_the_worker(secure_bot, request_id) == "resolved"
    again = await deliver(secure_bot, body, "issues", delivery)
    assert again.json()["outcome"] == "duplicate"
    assert await events_of(secure_bot, request_id) == ["resolved"]


async def test_a_failed_handling_leaves_the_redelivery_to_be_handled(secure_bot, fake_slack, fake_github):
    request_id, body = await closed_on_github(secure_bot, fake_slack, fake_github)
    failed = []

    def fail_once(conn, cursor, statement, params, context, executemany):  # the step stored with the seen mark
        if not failed and statement.lstrip().upper().startswith("INSERT INTO STEPS"):
            failed.append(statement)
            raise OperationalError(statement, params, Exception("database is locked"))

    engine = secure_bot.services.engine.sync_engine
    sa_event.listen(engine, "before_cursor_execute", fail_once)
    try:
        delivery = str(uuid.uuid4())
        first = await deliver(secure_bot, body, "issues", delivery)
        assert failed and first.status == 500
        assert (await request_row(secure_bot, request_id)).status == "open"
        redelivered = await deliver(secure_bot, body, "issues", delivery)  # GitHub keeps the delivery id
        assert redelivered.status == 200 and redelivered.json()["outcome"] == "closed", redelivered.text
    finally:
        sa_event.remove(engine, "before_cursor_execute", fail_once)
    assert await resolved_by_the_worker(secure_bot, request_id) == "resolved"


async def test_the_event_metric_label_takes_only_known_events(secure_bot):
    body = b'{"zen": "Keep it logically awesome."}'
    for n in range(5):
        made_up = f"made-up-event-{uuid.uuid4().hex}"
        assert (await deliver(secure_bot, body, made_up, f"d-{n}")).status == 200
    assert (await deliver(secure_bot, body, "ping", "d-ping")).status == 200
    metrics = (await secure_bot.get("/metrics")).text
    assert "made-up-event" not in metrics
    assert 'rfh_github_webhooks_total{event="other",outcome="ignored"} 5.0' in metrics
    assert 'rfh_github_webhooks_total{event="ping",outcome="pong"} 1.0' in metrics
