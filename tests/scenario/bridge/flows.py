"""Driving the bridge as GitHub and Slack do: signed webhooks in the real payload shapes (the fixtures, with the fake
GitHub's issue, comment, label and users laid over them) and Slack message events (new, edited, deleted replies)."""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from storage.models import BridgedItem, Request, Step
from tests.scenario.harness import WEBHOOK_SECRET, BotUnderTest, Reply
from tests.scenario.ownership.flows import signed, wait_until
from tests.signing import event_body, github_fixture, github_webhook_headers, message_event

REPO = "sourcegraph/customer"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "github_payloads"


def real_shape(name: str, fake: dict[str, Any]) -> dict[str, Any]:
    """The real payload ``name`` with the fake GitHub's objects laid over its own (so every real field the fake does
    not model is still there). A missing fixture fails the test."""
    path = FIXTURES / name
    template = json.loads(path.read_text()) if path.exists() else github_fixture(name)
    for key, value in fake.items():
        template[key] = {**template[key], **value} if isinstance(value, dict) and isinstance(
            template.get(key), dict) else value
    for gone in ("installation", "organization", "changes"):
        if gone not in fake:
            template.pop(gone, None)
    return template


async def webhook(bot: BotUnderTest, event: str, payload: dict[str, Any], delivery: str | None = None) -> Reply:
    body = json.dumps(payload).encode()
    reply = await bot.post("/github/webhook", body, github_webhook_headers(WEBHOOK_SECRET, body, event, delivery))
    assert reply.status == 200, reply.text
    return reply


async def github_comment(bot: BotUnderTest, fake_github: Any, number: int, body: str, *, user: str = "ana-gh",
                         delivery: str | None = None) -> tuple[dict[str, Any], Reply]:
    """Someone comments on the issue on github.com; GitHub delivers the webhook."""
    comment = fake_github.add_comment(REPO, number, body, user=user)
    payload = fake_github.webhook_payload("issue_comment", "created", REPO, number, sender=user,
                                          comment_id=comment["id"])
    return comment, await webhook(bot, "issue_comment", real_shape("issue_comment.created.json", payload), delivery)


async def github_issue_event(bot: BotUnderTest, fake_github: Any, number: int, action: str, *, sender: str,
                             **extra: Any) -> Reply:
    payload = fake_github.webhook_payload("issues", action, REPO, number, sender=sender, **extra)
    fixture = {"labeled": "issues.labeled.json", "unlabeled": "issues.unlabeled.json",
               "assigned": "issues.assigned.json", "unassigned": "issues.unassigned.json",
               "closed": "issues.closed.json", "reopened": "issues.reopened.json"}[action]
    return await webhook(bot, "issues", real_shape(fixture, payload))


def _ts() -> str:
    return f"{time.time():.6f}"


async def slack_event(bot: BotUnderTest, event: dict[str, Any], event_id: str | None = None) -> str:
    """Deliver a message event; returns the event id (reuse it to redeliver)."""
    event_id = event_id or f"Ev{secrets.token_hex(5).upper()}"
    body = event_body(event, event_id)
    reply = await bot.slack(body, signed(body))
    assert reply.status == 200, reply.text
    return event_id


async def slack_reply(bot: BotUnderTest, fake_slack: Any, request: Request, user: str, text: str,
                      **extra: Any) -> tuple[str, dict[str, Any]]:
    """A person replies in the team post's thread (the message exists in the fake too, for its permalink)."""
    assert request.post_channel and request.post_ts
    ts = fake_slack.add_message(request.post_channel, text, user=user, thread_ts=request.post_ts)
    event = message_event(text, user=user, channel=request.post_channel, thread_ts=request.post_ts, ts=ts, **extra)
    await slack_event(bot, event)
    return ts, event


def edited(channel: str, thread_ts: str, ts: str, user: str, text: str) -> dict[str, Any]:
    """A ``message_changed`` event as Slack sends it for an edited thread reply."""
    now = _ts()
    message = {"type": "message", "user": user, "text": text, "ts": ts, "thread_ts": thread_ts,
               "edited": {"user": user, "ts": now}}
    return {"type": "message", "subtype": "message_changed", "hidden": True, "channel": channel, "ts": now,
            "event_ts": now, "channel_type": "channel", "message": message,
            "previous_message": {"type": "message", "user": user, "text": "(before)", "ts": ts,
                                 "thread_ts": thread_ts}}


def deleted(channel: str, thread_ts: str, ts: str, user: str) -> dict[str, Any]:
    now = _ts()
    return {"type": "message", "subtype": "message_deleted", "hidden": True, "channel": channel, "ts": now,
            "event_ts": now, "deleted_ts": ts, "channel_type": "channel",
            "previous_message": {"type": "message", "user": user, "text": "(gone)", "ts": ts, "thread_ts": thread_ts}}


def looked_at(bot: BotUnderTest, outcome: str) -> float:
    """How many Slack message events the bridge finished with ``outcome`` (the listener's last act)."""
    value = bot.services.metrics.registry.get_sample_value("rfh_bridge_slack_messages_total", {"outcome": outcome})
    return value or 0.0


async def until_looked_at(bot: BotUnderTest, outcome: str, before: float = 0.0) -> None:
    async def done() -> bool:
        return looked_at(bot, outcome) > before

    assert await wait_until(done), f"the listener never finished with {outcome!r}"


async def drain(bot: BotUnderTest) -> None:
    """Deliver until nothing is due (a burst needs one pass per step of the request)."""
    await bot.services.worker.drain(max_passes=1000)


async def item_rows(bot: BotUnderTest) -> list[BridgedItem]:
    async with bot.services.sessions() as session:
        return list((await session.execute(select(BridgedItem).order_by(BridgedItem.id))).scalars())


async def steps_of(bot: BotUnderTest, kind: str) -> list[Step]:
    async with bot.services.sessions() as session:
        return list((await session.execute(select(Step).where(Step.kind == kind).order_by(Step.id))).scalars())


def bot_thread(fake_slack: Any, request: Request) -> list[dict[str, Any]]:
    """The bot's messages in the team post's thread that mirror GitHub comments."""
    assert request.post_channel and request.post_ts
    return [m for m in fake_slack.thread(request.post_channel, request.post_ts)
            if m.get("bot_id") and (m.get("metadata") or {}).get("event_type") == "rfh_bridge"]
