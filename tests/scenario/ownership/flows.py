"""Driving the bot the way people do in Slack, for the ownership, on-call and SLA scenarios: file a request, click
its buttons, fill the modals, reply in its thread, and move the clock so the scheduler's jobs come due."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.blocks.ids import BlockId
from bot.blocks.intake_modal import IntakeMeta, IntakePrefill, RoutingHint, TeamChoice, intake_modal
from bot.core.config import RfhConfig, parse_config
from storage.models import Job, OwnershipEventRow, Request
from tests.scenario.harness import SIGNING_SECRET, BotUnderTest
from tests.signing import (
    block_actions_body,
    event_body,
    message_event,
    slack_signature_headers,
    view_submission_body,
)

BERLIN = ZoneInfo("Europe/Berlin")
REQUESTER, ANA, BEN, CAR, DAN, LEAD, STRANGER = "U0REQ", "U0ANA", "U0BEN", "U0CAR", "U0DAN", "U0LEAD", "U0OUT"

CONFIG = """
[trackers]
private = "sourcegraph/customer"

[alerts]
admin_channel = "#rfh-admin"

[[teams]]
id = "distribution"
name = "Distribution"
channel = "#distribution"
handle = "distribution-support"
label = "team/distribution"
keywords = ["deploy", "Kubernetes", "k8s"]
timezone = "Europe/Berlin"
leads = ["U0LEAD"]
members = ["U0ANA", "U0BEN", "U0CAR", "U0DAN"]

[teams.oncall]
members = ["U0ANA", "U0BEN", "U0CAR"]
shift = "7d"
handoff_weekday = "monday"
handoff_time = "09:00"
anchor = 2026-11-23
sync_usergroup = true

[[teams]]
id = "core-application"
name = "Core Application"
channel = "#core-application-support"
handle = "core-app-support"
label = "team/core-application"
keywords = ["SAML", "SSO"]
"""


def oncall_config(extra: str = "") -> RfhConfig:
    return parse_config(CONFIG + extra, source="test config")


def berlin(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """A Berlin wall time in 2026 as UTC. 2026-11-23 is a Monday (hand-off day: Ana's week)."""
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


def signed(body: bytes) -> dict[str, str]:
    return slack_signature_headers(SIGNING_SECRET, body)


async def wait_until(probe: Callable[[], Awaitable[Any]], timeout: float = 5.0) -> Any:
    """Bolt answers before a listener finishes, so effects land just after the HTTP reply."""
    deadline = time.monotonic() + timeout
    while True:
        found = await probe()
        if found or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.01)


SEVERITY_FOR = {"ce/p0": ("outage", "2"), "ce/p1": ("serious", "2"), "ce/p2": ("minor", "2"),
                "ce/p3": ("feature", "2")}


async def file_request(bot: BotUnderTest, *, priority: str = "ce/p1", team: str = "distribution",
                       summary: str = "Pods crash-loop after the upgrade", view_id: str = "V0REQ") -> int:
    """Submit the intake modal as the requester, deliver every step, return the request id."""
    severity, tier = SEVERITY_FOR[priority]
    view = intake_modal(teams=[TeamChoice("distribution", "Distribution", "distribution-support"),
                               TeamChoice("core-application", "Core Application", "core-app-support")],
                        prefill=IntakePrefill(summary=summary), hint=RoutingHint(None, None, 0.0, unsure=True),
                        meta=IntakeMeta(source="command"))
    view = view.to_dict() if hasattr(view, "to_dict") else dict(view)
    values = {BlockId.CUSTOMER: "Acme Corp", BlockId.SUMMARY: summary,
              BlockId.NEED: "Why do the pods crash-loop on Kubernetes?",
              BlockId.SEVERITY: severity, BlockId.TIER: tier, BlockId.URGENCY: "Today please",
              BlockId.TEAM: team, BlockId.REQUEST_TYPE: "help" if severity != "feature" else "feature"}
    body = view_submission_body(view={**view, "id": view_id}, values=values, user_id=REQUESTER, view_id=view_id)
    reply = await bot.slack(body, signed(body))
    assert reply.status == 200 and reply.json()["response_action"] == "update", reply.text
    await bot.deliver()
    async with bot.services.sessions() as session:
        return int(await session.scalar(select(func.max(Request.id))) or 0)


async def request_row(bot: BotUnderTest, request_id: int) -> Request:
    async with bot.services.sessions() as session:
        row = await session.get(Request, request_id)
    assert row is not None
    return row


async def events_of(bot: BotUnderTest, request_id: int) -> list[str]:
    async with bot.services.sessions() as session:
        rows = (await session.execute(select(OwnershipEventRow.kind).where(OwnershipEventRow.request_id == request_id)
                                      .order_by(OwnershipEventRow.id))).scalars()
        return list(rows)


async def jobs_of(bot: BotUnderTest, request_id: int | None = None) -> list[Job]:
    async with bot.services.sessions() as session:
        query = select(Job).order_by(Job.due_at, Job.id)
        if request_id is not None:
            query = query.where(Job.request_id == request_id)
        return list((await session.execute(query)).scalars())


async def click(bot: BotUnderTest, fake_slack: Any, action_id: str, request_id: int, user: str, *,
                channel: str, ts: str) -> None:
    """Press a button on a message the bot posted; waits for the listener to answer the user."""
    before = len(fake_slack.ephemerals(user=user)) + len(fake_slack.calls_to("views.open"))
    body = block_actions_body(action_id=action_id, value=str(request_id), user_id=user, channel_id=channel,
                              message=fake_slack.message(channel, ts), trigger_id=fake_slack.new_trigger_id())
    reply = await bot.slack(body, signed(body))
    assert reply.status == 200, reply.text

    async def answered() -> bool:
        return len(fake_slack.ephemerals(user=user)) + len(fake_slack.calls_to("views.open")) > before

    assert await wait_until(answered), f"no answer to {action_id} by {user}"
    await bot.deliver()


async def submit_modal(bot: BotUnderTest, fake_slack: Any, user: str, values: dict[str, Any]) -> Any:
    """Fill and submit the modal the bot opened last."""
    view = fake_slack.calls_to("views.open")[-1].response["view"]
    body = view_submission_body(view=view, values=values, user_id=user, view_id=view["id"])
    reply = await bot.slack(body, signed(body))
    assert reply.status == 200, reply.text
    await bot.deliver()
    return reply.json()


async def thread_reply(bot: BotUnderTest, channel: str, thread_ts: str, user: str, text: str,
                       **extra: Any) -> None:
    event = message_event(text, user=user, channel=channel, thread_ts=thread_ts, **extra)
    body = event_body(event)
    reply = await bot.slack(body, signed(body))
    assert reply.status == 200, reply.text


def rendered(message: dict[str, Any]) -> str:
    return str(message.get("text", "")) + json.dumps(message.get("blocks") or [])


def dms(fake_slack: Any, user: str) -> list[dict[str, Any]]:
    """The bot's messages in its DM with ``user`` (a chat.postMessage to the user id opens it)."""
    return [m for m in fake_slack.messages(user) if m.get("bot_id")]


def thread(fake_slack: Any, request: Request) -> list[dict[str, Any]]:
    """The bot's replies in the team post's thread."""
    assert request.post_channel and request.post_ts
    return [m for m in fake_slack.thread(request.post_channel, request.post_ts)
            if m["ts"] != request.post_ts and m.get("bot_id")]


def ephemeral_texts(fake_slack: Any, user: str) -> list[str]:
    return [str(e["text"]) for e in fake_slack.ephemerals(user=user)]


T0 = berlin(24, 10)  # Tuesday 2026-11-24 10:00 in Berlin, business hours, Ana on call


async def run_jobs(bot: BotUnderTest) -> list[str]:
    """Let the scheduler run every job due at the clock's time, then deliver the steps they caused."""
    assert bot.services.scheduler is not None
    outcomes = await bot.services.scheduler.drain()
    await bot.deliver()
    return [f"{o.kind}: {o.outcome}" for o in outcomes]
