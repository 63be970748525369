"""Tech reviews (handbook 000): `/rfh review`, the "Tech review instead" button in the intake modal and the
message shortcut open the form; the submission files it; "Record decision" on the channel post decides it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.ids import ActionId, BlockId, CallbackId
from bot.blocks.metadata import ReviewMeta
from bot.blocks.tech_review import decision_modal, review_filed, review_form
from bot.core.text import one_line, truncate
from bot.ownership.service import Outcome
from bot.review.rules import Decision, ReviewForm
from bot.services import Services
from handlers import intake_view
from handlers.forms import field_value
from handlers.modal_answers import show_errors
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


async def open_form(client: AsyncWebClient, trigger_id: str, *, summary: str = "", gap: str = "") -> None:
    await client.views_open(trigger_id=trigger_id, view=review_form(summary=truncate(one_line(summary), 200), gap=gap))


class ReviewListeners:
    def __init__(self, services: Services):
        assert services.reviews is not None and services.review_jobs is not None
        self.services, self.reviews = services, services.reviews

    async def switch_to_review(self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        """"Tech review instead" in the intake modal: the form replaces it, keeping what was typed."""
        await ack()
        view = body["view"]
        state = view["state"]["values"]
        form = review_form(summary=field_value(state, BlockId.SUMMARY) or "",
                           gap=field_value(state, BlockId.NEED) or "")
        await intake_view.push(client, view["id"], view.get("hash"), form)

    async def review_from_message(self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        text = str((body.get("message") or {}).get("text") or "")
        await open_form(client, body["trigger_id"], summary=text, gap=text)

    async def request_review(self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        form, errors = parse_review(view["state"]["values"], self.services.clock.now().date())
        if form is None:
            await show_errors(ack, errors)
            return
        user = body.get("user") or {}
        review, fresh = await self.reviews.submit(
            form=form, requester=user["id"], view_id=view.get("id"),
            requester_name=user.get("name") or user.get("username") or user["id"])
        await ack(response_action="update",
                  view=review_filed(review.id, self.services.config.tech_review.channel).to_dict())
        if fresh:
            self.services.metrics.tech_reviews.labels("requested").inc()

    async def open_decision(self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        review_id, user = int(body["actions"][0]["value"]), body["user"]["id"]
        allowed = await self.reviews.may_decide(review_id, user)
        if not allowed.ok:
            await tell_clicker(client, body, Outcome(allowed.ok, allowed.message))
            return
        await client.views_open(trigger_id=body["trigger_id"], view=decision_modal(review_id, user))

    async def record_decision(self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        state = view["state"]["values"]
        choice = field_value(state, BlockId.REVIEW_DECISION)
        if choice not in {d.value for d in Decision}:
            await show_errors(ack, {BlockId.REVIEW_DECISION: "Choose the decision."})
            return
        outcome = await self.reviews.decide(review_id=ReviewMeta.load(view["private_metadata"]).review_id,
                                            decision=Decision(choice), note=field_value(state, BlockId.NOTE) or "",
                                            deciders=field_value(state, BlockId.REVIEW_DECIDERS) or [],
                                            actor=body["user"]["id"])
        if not outcome.ok:
            await show_errors(ack, {BlockId.NOTE: outcome.message})
            return
        await ack()
        self.services.metrics.tech_reviews.labels(choice).inc()


def register(app: AsyncApp, services: Services) -> None:
    listeners = ReviewListeners(services)
    app.action(ActionId.OPEN_TECH_REVIEW)(listeners.switch_to_review)
    app.message_shortcut(CallbackId.TECH_REVIEW_SHORTCUT)(listeners.review_from_message)
    app.view(CallbackId.TECH_REVIEW)(listeners.request_review)
    app.action(ActionId.REVIEW_DECIDE)(listeners.open_decision)
    app.view(CallbackId.REVIEW_DECISION)(listeners.record_decision)
