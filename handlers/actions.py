"""Buttons on the team post and the confirmation, and the small modals they open (hand over, resolve)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.ids import ActionId, BlockId, CallbackId
from bot.blocks.metadata import RequestMeta
from bot.blocks.ownership_modals import hand_over_modal, resolve_modal
from bot.delivery.retry import retry_request
from bot.ownership.rules import OwnershipAction
from bot.ownership.service import Outcome
from bot.security.secret_check import SecretGuard
from bot.services import Services
from handlers.forms import field_value
from handlers.modal_answers import checked_note, show_errors
from handlers.payloads import request_id, tell_clicker


class RequestButtons:
    """One method per button or modal; Bolt passes each the arguments its parameters name."""

    def __init__(self, services: Services):
        self.services, self.ownership = services, services.ownership
        self.secrets = SecretGuard(sessions=services.sessions, clock=services.clock)

    async def take_ownership(self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        outcome = await self.ownership.take(request_id(body), body["user"]["id"])
        self.services.worker.wake()
        await tell_clicker(client, body, outcome)

    async def open_hand_over(self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        if await self._refused(client, body, OwnershipAction.HAND_OVER):
            return
        await client.views_open(trigger_id=body["trigger_id"], view=hand_over_modal(request_id(body), "this request"))

    async def open_resolve(self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        if await self._refused(client, body, OwnershipAction.RESOLVE):
            return
        await client.views_open(trigger_id=body["trigger_id"], view=resolve_modal(request_id(body)))

    async def reopen(self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        outcome = await self.ownership.reopen(request_id(body), body["user"]["id"])
        self.services.worker.wake()
        await tell_clicker(client, body, outcome)

    async def retry(self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        message = await retry_request(sessions=self.services.sessions, request_id=request_id(body),
                                      clock=self.services.clock, actor=body["user"]["id"],
                                      config=self.services.config)
        self.services.worker.wake()
        await tell_clicker(client, body, Outcome(message.startswith("Retrying"), message))

    async def submit_hand_over(self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        state = view["state"]["values"]
        new_owner = field_value(state, BlockId.NEW_OWNER)
        if not new_owner:
            await show_errors(ack, {BlockId.NEW_OWNER: "Choose the new owner."})
            return
        note = await checked_note(ack, self.secrets, view, field_value(state, BlockId.NOTE) or "", button="Hand over")
        if note is None:
            return
        outcome = await self.ownership.hand_over(RequestMeta.load(view["private_metadata"]).request_id,
                                                 actor=body["user"]["id"], new_owner=new_owner, note=note)
        await self._answer(ack, outcome, BlockId.NOTE)

    async def submit_resolve(self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        state = view["state"]["values"]
        note = await checked_note(ack, self.secrets, view, field_value(state, BlockId.NOTE) or "", button="Resolve")
        if note is None:
            return
        outcome = await self.ownership.resolve(RequestMeta.load(view["private_metadata"]).request_id,
                                               actor=body["user"]["id"],
                                               kind=field_value(state, BlockId.RESOLUTION) or "", note=note)
        await self._answer(ack, outcome, BlockId.RESOLUTION)

    async def _refused(self, client: AsyncWebClient, body: dict[str, Any], action: OwnershipAction) -> bool:
        """Say why now, rather than after the modal is filled in."""
        allowed = await self.ownership.may(request_id(body), action=action, actor=body["user"]["id"])
        if not allowed.ok:
            await tell_clicker(client, body, allowed)
        return not allowed.ok

    async def _answer(self, ack: AsyncAck, outcome: Outcome, field: BlockId) -> None:
        """Close the modal once done; a refusal stays in it, under ``field``."""
        if not outcome.ok:
            await show_errors(ack, {field: outcome.message})
            return
        await ack()
        self.services.worker.wake()


def register(app: AsyncApp, services: Services) -> None:
    buttons = RequestButtons(services)
    app.action(ActionId.TAKE_OWNERSHIP)(buttons.take_ownership)
    app.action(ActionId.HAND_OVER)(buttons.open_hand_over)
    app.action(ActionId.RESOLVE)(buttons.open_resolve)
    app.action(ActionId.REOPEN)(buttons.reopen)
    app.action(ActionId.RETRY)(buttons.retry)
    app.view(CallbackId.HAND_OVER)(buttons.submit_hand_over)
    app.view(CallbackId.RESOLVE)(buttons.submit_resolve)
