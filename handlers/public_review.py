"""The "Review public issue" message's buttons (Approve, Edit) and the Edit modal; refusals go to the clicker."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.ids import ActionId, BlockId, CallbackId
from bot.blocks.metadata import RequestMeta
from bot.blocks.public_review import edit_public_modal, public_issue_approved, review_answered
from bot.intake.public_issue import PublicDraft, PublicIssues
from bot.ownership.service import Outcome
from bot.security.secret_check import SecretGuard
from bot.services import Services
from handlers.forms import field_value
from handlers.modal_answers import checked_texts, show_errors
from handlers.payloads import clicked_message, request_id, tell_clicker

log = logging.getLogger(__name__)


async def _close_review(client: AsyncWebClient, body: dict[str, Any], text: str) -> None:
    """The clicked review message loses its buttons (best effort: the confirmation shows the public link)."""
    channel, ts, _ = clicked_message(body)
    if not (channel and ts):
        return
    try:
        await client.chat_update(channel=channel, ts=ts, text=text, blocks=review_answered(text))
    except SlackApiError as exc:
        log.info("could not update the review message: %s", exc.response.get("error"))


PUBLIC_FIELDS: dict[str, str] = {BlockId.PUBLIC_TITLE: "Title", BlockId.SUMMARY: "Summary",
                                 BlockId.NEED: "What we need from engineering", BlockId.REPRO: "Steps to reproduce"}
"""The edit modal's inputs (block id → label, as the secret warnings name them)."""


class PublicReviewListeners:
    def __init__(self, services: Services):
        self.services = services
        self.public = PublicIssues(sessions=services.sessions, config=services.config, clock=services.clock)
        self.secrets = SecretGuard(sessions=services.sessions, clock=services.clock)

    async def approve(self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        answer = await self.public.approve(request_id(body), body["user"]["id"])
        if answer.ok:
            self.services.worker.wake()
            await _close_review(client, body, public_issue_approved(request_id(body), body["user"]["id"]))
        await tell_clicker(client, body, Outcome(answer.ok, answer.message))

    async def open_edit(self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        draft, refusal = await self.public.draft_for(request_id(body), body["user"]["id"])
        if draft is None:
            await tell_clicker(client, body, Outcome(False, refusal or "There is nothing to edit."))
            return
        await client.views_open(trigger_id=body["trigger_id"], view=edit_public_modal(request_id(body), draft))

    async def submit_edit(self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        state = view["state"]["values"]
        fields = {block: (label, field_value(state, block) or "") for block, label in PUBLIC_FIELDS.items()}
        texts = await checked_texts(ack, self.secrets, view, fields, button="Approve and file")
        if texts is None:
            return
        edited = PublicDraft(texts[BlockId.PUBLIC_TITLE], texts[BlockId.SUMMARY], texts[BlockId.NEED],
                             texts[BlockId.REPRO])
        answer = await self.public.approve(RequestMeta.load(view["private_metadata"]).request_id,
                                           body["user"]["id"], edited=edited)
        if not answer.ok:
            await show_errors(ack, {BlockId.PUBLIC_TITLE: answer.message})
            return
        await ack()
        self.services.worker.wake()


def register(app: AsyncApp, services: Services) -> None:
    listeners = PublicReviewListeners(services)
    app.action(ActionId.APPROVE_PUBLIC)(listeners.approve)
    app.action(ActionId.EDIT_PUBLIC)(listeners.open_edit)
    app.view(CallbackId.EDIT_PUBLIC)(listeners.submit_edit)
