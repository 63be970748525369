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


def register(app: AsyncApp, services: Services) -> None:
    rerouting = Rerouting(sessions=services.sessions, config=services.config, learn=services.refresh_router,
                          clock=services.clock, ownership=services.ownership)
    secrets = SecretGuard(sessions=services.sessions, clock=services.clock)

    @app.action(ActionId.REROUTE)
    async def open_reroute(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        request_id = payloads.request_id(body)
        refusal = await rerouting.may(request_id, body["user"]["id"])
        if refusal:  # say why now, rather than after the modal is filled in
            await payloads.tell_clicker(client, body, Outcome(False, refusal))
            return
        current = await rerouting.team_of(request_id)
        await client.views_open(trigger_id=body["trigger_id"],
                                view=reroute_modal(request_id, services.team_choices, current))

    @app.view(CallbackId.REROUTE)
    async def submit_reroute(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        state = view["state"]["values"]
        team_id, note = field_value(state, BlockId.NEW_TEAM), field_value(state, BlockId.NOTE) or ""
        if not team_id:
            await ack(response_action="errors", errors={BlockId.NEW_TEAM: "Choose the team to send it to."})
            return
        review = await secrets.review(view.get("id"), {BlockId.NOTE: ("the note", note)}, button="Re-route")
        if review.errors:
            await ack(response_action="errors", errors=review.errors)
            return
        note = review.redacted.get(BlockId.NOTE, note)
        request_id = RequestMeta.load(view["private_metadata"]).request_id
        refusal = await rerouting.reroute(request_id, actor=body["user"]["id"], new_team_id=team_id, note=note)
        if refusal:
            await ack(response_action="errors", errors={BlockId.NEW_TEAM: refusal})
            return
        await ack()
        services.worker.wake()
