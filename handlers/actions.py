"""Buttons on the team post and the confirmation, and the small modals they open."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.ids import ActionId, BlockId, CallbackId
from bot.blocks.metadata import RequestMeta
from bot.blocks.ownership_modals import hand_over_modal, resolve_modal
from bot.ownership.rules import OwnershipAction
from bot.ownership.service import Outcome
from bot.security.secret_check import SecretGuard
from bot.services import Services
from handlers.forms import field_value
from handlers.payloads import request_id, tell_clicker


def register(app: AsyncApp, services: Services) -> None:
    ownership = services.ownership
    secrets = SecretGuard(sessions=services.sessions, clock=services.clock)

    @app.action(ActionId.TAKE_OWNERSHIP)
    async def take_ownership(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        outcome = await ownership.take(request_id(body), body["user"]["id"])
        services.worker.wake()
        await tell_clicker(client, body, outcome)

    @app.action(ActionId.HAND_OVER)
    async def open_hand_over(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        allowed = await ownership.may(request_id(body), action=OwnershipAction.HAND_OVER, actor=body["user"]["id"])
        if not allowed.ok:  # say why now, rather than after the modal is filled in
            await tell_clicker(client, body, allowed)
            return
        await client.views_open(trigger_id=body["trigger_id"], view=hand_over_modal(request_id(body), "this request"))

    @app.action(ActionId.RESOLVE)
    async def open_resolve(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        allowed = await ownership.may(request_id(body), action=OwnershipAction.RESOLVE, actor=body["user"]["id"])
        if not allowed.ok:
            await tell_clicker(client, body, allowed)
            return
        await client.views_open(trigger_id=body["trigger_id"], view=resolve_modal(request_id(body)))

    @app.action(ActionId.REOPEN)
    async def reopen(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        outcome = await ownership.reopen(request_id(body), body["user"]["id"])
        services.worker.wake()
        await tell_clicker(client, body, outcome)

    @app.action(ActionId.RETRY)
    async def retry(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        from bot.delivery.retry import retry_request

        message = await retry_request(sessions=services.sessions, request_id=request_id(body), clock=services.clock,
                                      actor=body["user"]["id"], config=services.config)
        services.worker.wake()
        await tell_clicker(client, body, Outcome(message.startswith("Retrying"), message))

    @app.view(CallbackId.HAND_OVER)
    async def submit_hand_over(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any],
                               client: AsyncWebClient) -> None:
        state = view["state"]["values"]
        new_owner, note = field_value(state, BlockId.NEW_OWNER), field_value(state, BlockId.NOTE) or ""
        if not new_owner:
            await ack(response_action="errors", errors={BlockId.NEW_OWNER: "Choose the new owner."})
            return
        review = await secrets.review(view.get("id"), {BlockId.NOTE: ("the note", note)}, button="Hand over")
        if review.errors:
            await ack(response_action="errors", errors=review.errors)
            return
        note = review.redacted.get(BlockId.NOTE, note)
        request_id = RequestMeta.load(view["private_metadata"]).request_id
        outcome = await ownership.hand_over(request_id, actor=body["user"]["id"], new_owner=new_owner, note=note)
        if not outcome.ok:
            await ack(response_action="errors", errors={BlockId.NOTE: outcome.message})
            return
        await ack()
        services.worker.wake()

    @app.view(CallbackId.RESOLVE)
    async def submit_resolve(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        state = view["state"]["values"]
        kind, note = field_value(state, BlockId.RESOLUTION) or "", field_value(state, BlockId.NOTE) or ""
        review = await secrets.review(view.get("id"), {BlockId.NOTE: ("the note", note)}, button="Resolve")
        if review.errors:
            await ack(response_action="errors", errors=review.errors)
            return
        note = review.redacted.get(BlockId.NOTE, note)
        request_id = RequestMeta.load(view["private_metadata"]).request_id
        outcome = await ownership.resolve(request_id, actor=body["user"]["id"], kind=kind, note=note)
        if not outcome.ok:
            await ack(response_action="errors", errors={BlockId.RESOLUTION: outcome.message})
            return
        await ack()
        services.worker.wake()
