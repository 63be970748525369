"""Tech reviews (handbook 000): `/rfh review`, the "Tech review instead" button in the intake modal and the
message shortcut open the form; the submission files it; "Record decision" on the channel post decides it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.ids import ActionId, BlockId, CallbackId
from bot.blocks.notices import message_view
from bot.blocks.tech_review import decision_modal, review_form
from bot.core.text import one_line, truncate
from bot.ownership.service import Outcome
from bot.review.rules import Decision, ReviewForm
from bot.services import Services
from handlers import intake_view
from handlers.forms import field_value
from handlers.payloads import tell_clicker

REQUIRED = {
    BlockId.CUSTOMER: "Enter the customer's name.", BlockId.SUMMARY: "Give a one-line summary of the decision needed.",
    BlockId.REVIEW_GAP: "Describe the gap: page 000 asks for it first.",
    BlockId.REVIEW_WHY_THEN: "Say why a decision is needed by then.",
    BlockId.REVIEW_REQUIREMENT: "Choose new or existing requirement.",
    BlockId.REVIEW_MISSED: "Say what prevented catching it in technical qualification.",
    BlockId.REVIEW_EXPECTATIONS: "Describe the customer's expectations.",
    BlockId.REVIEW_IF_UNMET: "Say what happens if we don't meet them.",
    BlockId.REVIEW_CE: "Choose the account's CE.", BlockId.REVIEW_AE: "Choose the account's AE.",
}


def parse_review(state: Mapping[str, Any], today: date) -> tuple[ReviewForm | None, dict[str, str]]:
    values = {block: field_value(state, block) for block in REQUIRED}
    errors = {str(block): message for block, message in REQUIRED.items() if not values[block]}
    raw_date = field_value(state, BlockId.NEEDED_BY)
    needed_by = date.fromisoformat(raw_date) if raw_date else None
    if needed_by is None:
        errors[BlockId.NEEDED_BY] = "Pick the date a decision or commitment is needed by."
    elif needed_by < today:
        errors[BlockId.NEEDED_BY] = "That date is in the past; pick today or later."
    if errors:
        return None, errors
    return ReviewForm(
        customer=values[BlockId.CUSTOMER], summary=values[BlockId.SUMMARY], gap=values[BlockId.REVIEW_GAP],
        needed_by=needed_by, why_then=values[BlockId.REVIEW_WHY_THEN],
        requirement=values[BlockId.REVIEW_REQUIREMENT], missed_in_qualification=values[BlockId.REVIEW_MISSED],
        expectations=values[BlockId.REVIEW_EXPECTATIONS], if_unmet=values[BlockId.REVIEW_IF_UNMET],
        ce=values[BlockId.REVIEW_CE], ae=values[BlockId.REVIEW_AE],
        deal_value=field_value(state, BlockId.REVIEW_DEAL) or "",
        key_prospect=bool(field_value(state, BlockId.REVIEW_KEY_PROSPECT)),
        business_context=field_value(state, BlockId.REVIEW_CONTEXT) or "",
        other_customers=field_value(state, BlockId.REVIEW_OTHERS) or ""), {}


async def open_form(client: AsyncWebClient, trigger_id: str, *, summary: str = "", gap: str = "",
                    channel: str | None = None) -> None:
    await client.views_open(trigger_id=trigger_id, view=review_form(
        summary=truncate(one_line(summary), 200), gap=gap, metadata=json.dumps({"channel": channel})))


def register(app: AsyncApp, services: Services) -> None:
    reviews, jobs = services.reviews, services.review_jobs
    assert reviews is not None and jobs is not None

    @app.action(ActionId.OPEN_TECH_REVIEW)
    async def switch_to_review(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        view = body["view"]
        state = view["state"]["values"]
        form = review_form(summary=field_value(state, BlockId.SUMMARY) or "",
                           gap=field_value(state, BlockId.NEED) or "", metadata=json.dumps({}))
        await intake_view.push(client, view["id"], view.get("hash"), form)

    @app.message_shortcut(CallbackId.TECH_REVIEW_SHORTCUT)
    async def review_from_message(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        text = str((body.get("message") or {}).get("text") or "")
        await open_form(client, body["trigger_id"], summary=text, gap=text,
                        channel=(body.get("channel") or {}).get("id"))

    @app.view(CallbackId.TECH_REVIEW)
    async def request_review(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        form, errors = parse_review(view["state"]["values"], services.clock.now().date())
        if form is None:
            await ack(response_action="errors", errors=errors)
            return
        user = body.get("user") or {}
        review, fresh = await reviews.submit(form=form, requester=user["id"], view_id=view.get("id"),
                                             requester_name=user.get("name") or user.get("username") or user["id"])
        done = (f":scales: TR-{review.id} is filed for the EPS reviewers: the issue and the post in "
                f"{services.config.tech_review.channel} follow in a moment, and their decision comes to you here "
                "and in App Home.")
        await ack(response_action="update", view=message_view("Tech review", done).to_dict())
        if fresh:
            services.metrics.tech_reviews.labels("requested").inc()

    @app.action(ActionId.REVIEW_DECIDE)
    async def open_decision(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        review_id, user = int(body["actions"][0]["value"]), body["user"]["id"]
        allowed = await reviews.may_decide(review_id, user)
        if not allowed.ok:
            await tell_clicker(client, body, Outcome(allowed.ok, allowed.message))
            return
        await client.views_open(trigger_id=body["trigger_id"], view=decision_modal(review_id, user))

    @app.view(CallbackId.REVIEW_DECISION)
    async def record_decision(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        state = view["state"]["values"]
        choice = field_value(state, BlockId.REVIEW_DECISION)
        if choice not in {d.value for d in Decision}:
            await ack(response_action="errors", errors={BlockId.REVIEW_DECISION: "Choose the decision."})
            return
        outcome = await reviews.decide(review_id=int(view["private_metadata"]), decision=Decision(choice),
                                       note=field_value(state, BlockId.NOTE) or "",
                                       deciders=field_value(state, BlockId.REVIEW_DECIDERS) or [],
                                       actor=body["user"]["id"])
        if not outcome.ok:
            await ack(response_action="errors", errors={BlockId.NOTE: outcome.message})
            return
        await ack()
        services.metrics.tech_reviews.labels(choice).inc()
