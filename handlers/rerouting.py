"""Routing in Slack: the modal's live team suggestion, and re-routing a request from its channel post."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.ids import ActionId, BlockId, CallbackId
from bot.blocks.intake_modal import IntakeMeta, IntakePrefill, intake_modal
from bot.blocks.ownership_modals import reroute_modal
from bot.ownership.reroute import Rerouting
from bot.ownership.service import Outcome
from bot.services import Services
from handlers import payloads
from handlers.forms import field_value


def register(app: AsyncApp, services: Services) -> None:
    rerouting = Rerouting(sessions=services.sessions, config=services.config, learn=services.refresh_router,
                          clock=services.clock)

    @app.action({"block_id": BlockId.NEED, "action_id": ActionId.VALUE})
    async def update_suggestion(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        view = body["view"]
        state = view["state"]["values"]
        text = "\n".join(filter(None, [field_value(state, BlockId.SUMMARY), field_value(state, BlockId.NEED)]))
        hint, suggested = services.suggest(text)
        meta = IntakeMeta.load(view.get("private_metadata"))
        meta = IntakeMeta(meta.channel_id, meta.thread_ts, meta.permalink, meta.source, suggested.team_id,
                          suggested.confidence)
        # Same block and action ids, so Slack keeps everything typed so far; only the hint (and, while the user
        # has not picked one, the pre-selected team) changes. The hash drops the update if the view moved on.
        updated = intake_modal(teams=services.team_choices, prefill=IntakePrefill(), hint=hint, meta=meta)
        try:
            await client.views_update(view_id=view["id"], hash=view.get("hash"), view=updated)
        except SlackApiError as exc:
            if exc.response.get("error") != "hash_conflict":
                raise

    @app.action(ActionId.REROUTE)
    async def open_reroute(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        request_id = payloads.request_id(body)
        refusal, current = await rerouting.may(request_id, body["user"]["id"])
        if refusal:  # say why now, rather than after the modal is filled in
            await payloads.tell_clicker(client, body, Outcome(False, refusal))
            return
        await client.views_open(trigger_id=body["trigger_id"],
                                view=reroute_modal(request_id, services.team_choices, current))

    @app.view(CallbackId.REROUTE)
    async def submit_reroute(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        state = view["state"]["values"]
        team_id, note = field_value(state, BlockId.NEW_TEAM), field_value(state, BlockId.NOTE) or ""
        if not team_id:
            await ack(response_action="errors", errors={BlockId.NEW_TEAM: "Choose the team to send it to."})
            return
        refusal = await rerouting.reroute(int(view["private_metadata"]), body["user"]["id"], team_id, note)
        if refusal:
            await ack(response_action="errors", errors={BlockId.NEW_TEAM: refusal})
            return
        await ack()
        services.worker.wake()
