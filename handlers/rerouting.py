"""Re-routing a request from its channel post. (The modal's live team suggestion is rebuilt with the related
requests as the text is typed: ``handlers.related``.)"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.ids import ActionId, BlockId, CallbackId
from bot.blocks.metadata import RequestMeta
from bot.blocks.ownership_modals import reroute_modal
from bot.ownership.reroute import Rerouting
from bot.ownership.service import Outcome
from bot.security.secret_check import SecretGuard
from bot.services import Services
from handlers import payloads
from handlers.forms import field_value
from handlers.modal_answers import checked_note, show_errors


class RerouteListeners:
    def __init__(self, services: Services):
        self.services = services
        self.rerouting = Rerouting(sessions=services.sessions, config=services.config, learn=services.refresh_router,
                                   clock=services.clock, ownership=services.ownership)
        self.secrets = SecretGuard(sessions=services.sessions, clock=services.clock)

    async def open_reroute(self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        request_id = payloads.request_id(body)
        refusal = await self.rerouting.may(request_id, body["user"]["id"])
        if refusal:  # say why now, rather than after the modal is filled in
            await payloads.tell_clicker(client, body, Outcome(False, refusal))
            return
        current = await self.rerouting.team_of(request_id)
        await client.views_open(trigger_id=body["trigger_id"],
                                view=reroute_modal(request_id, self.services.team_choices, current))

    async def submit_reroute(self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        state = view["state"]["values"]
        team_id = field_value(state, BlockId.NEW_TEAM)
        if not team_id:
            await show_errors(ack, {BlockId.NEW_TEAM: "Choose the team to send it to."})
            return
        note = await checked_note(ack, self.secrets, view, field_value(state, BlockId.NOTE) or "", button="Re-route")
        if note is None:
            return
        refusal = await self.rerouting.reroute(RequestMeta.load(view["private_metadata"]).request_id,
                                               actor=body["user"]["id"], new_team_id=team_id, note=note)
        if refusal:
            await show_errors(ack, {BlockId.NEW_TEAM: refusal})
            return
        await ack()
        self.services.worker.wake()


def register(app: AsyncApp, services: Services) -> None:
    listeners = RerouteListeners(services)
    app.action(ActionId.REROUTE)(listeners.open_reroute)
    app.view(CallbackId.REROUTE)(listeners.submit_reroute)
