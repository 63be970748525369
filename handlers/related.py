"""Related requests in the intake modal: rebuilt as the summary or the need is typed; "Add to RFH-12 instead";
"Withdraw — this answered it"."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.ids import ActionId, BlockId
from bot.blocks.intake_modal import IntakeMeta
from bot.blocks.intake_parts import carry_over
from bot.blocks.notices import message_view
from bot.core.domain import Origin
from bot.core.text import mrkdwn
from bot.related.addons import AddOnDraft
from bot.related.service import draft_text
from bot.services import Services
from handlers import intake_view
from handlers.forms import environment_block, field_value
from routing.priority import Severity

TYPED: dict[str, str | re.Pattern[str]] = {"block_id": re.compile(f"^({BlockId.SUMMARY}|{BlockId.NEED})$"),
                                           "action_id": ActionId.VALUE.value}


def addon_draft(state: dict[str, Any]) -> AddOnDraft:
    """Whatever the requester has typed so far; the add-on needs only the customer."""

    def text(block: str) -> str:
        return str(field_value(state, block) or "")

    severity, tier = field_value(state, BlockId.SEVERITY), field_value(state, BlockId.TIER)
    return AddOnDraft(
        customer=text(BlockId.CUSTOMER), summary=text(BlockId.SUMMARY), need=text(BlockId.NEED),
        severity=Severity(severity) if severity in {s.value for s in Severity} else None,
        tier=int(tier) if tier else None, in_sales_process=bool(field_value(state, BlockId.SALES)),
        environment=text(environment_block(state)), steps_to_reproduce=text(BlockId.REPRO), logs=text(BlockId.LOGS),
        impacted_users=text(BlockId.IMPACTED), urgency=text(BlockId.URGENCY), customer_quote=text(BlockId.QUOTE),
        support_ticket=text(BlockId.TICKET))


def register(app: AsyncApp, services: Services) -> None:
    addons = services.addons
    assert addons is not None

    @app.action(TYPED)
    async def update_as_typed(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await intake_view.refresh(services, client, body["view"])

    @app.action(ActionId.ADD_TO_REQUEST)
    async def add_to_request(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        view, user = body["view"], body.get("user") or {}
        target = int(body["actions"][0]["value"])
        meta = IntakeMeta.load(view.get("private_metadata"))
        outcome = await addons.add(
            target_id=target, draft=addon_draft(view["state"]["values"]), requester=user["id"],
            requester_name=user.get("name") or user.get("username") or user["id"],
            origin=Origin(meta.channel_id, meta.thread_ts, meta.permalink, meta.source), view_id=view.get("id"))
        if not outcome.ok:  # said in the modal, where the requester is looking
            extras = replace(carry_over(view.get("blocks") or []), notice=f":warning: {outcome.message}")
            await intake_view.refresh(services, client, view, extras=extras)
            return
        services.metrics.intake_outcomes.labels("addon").inc()
        services.worker.wake()
        await intake_view.push(client, view["id"], view.get("hash"),
                               message_view("Request for help", f":white_check_mark: {outcome.message}").to_dict())

    @app.action(ActionId.WITHDRAW_ANSWERED)
    async def withdraw(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        view, user = body["view"], body["user"]["id"]
        answered_by = int(body["actions"][0]["value"])
        state = view["state"]["values"]
        text = draft_text(field_value(state, BlockId.SUMMARY), field_value(state, BlockId.NEED))
        if await addons.withdraw(answered_by=answered_by, requester=user, view_id=view.get("id"), text=text):
            services.metrics.intake_outcomes.labels("withdrawn_answered").inc()
        done = (f":raised_hands: Glad RFH-{answered_by} answered it: nothing was filed. If the customer comes back "
                f"with more, `/rfh` starts a new request{_and_link(body, answered_by)}.")
        await intake_view.push(client, view["id"], view.get("hash"), message_view("Request for help", done).to_dict())


def _and_link(body: dict[str, Any], request_id: int) -> str:
    """The answered request's link, from the button's own section (no lookup needed)."""
    for block in body.get("view", {}).get("blocks", []):
        accessory = block.get("accessory") or {}
        if accessory.get("value") == str(request_id):
            found = re.search(r"<(https?://[^|>]+)\|", block.get("text", {}).get("text", ""))
            if found:
                return f" (answer: <{mrkdwn(found.group(1))}|RFH-{request_id}>)"
    return ""
