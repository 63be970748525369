"""The "Review public issue" message's buttons (Approve, Edit) and the Edit modal; refusals go to the clicker."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.ids import ActionId, BlockId, CallbackId
from bot.blocks.public_review import edit_public_modal, review_answered
from bot.intake.public_issue import PublicDraft, PublicIssues
from bot.ownership.service import Outcome
from bot.security.secret_check import SecretGuard
from bot.services import Services
from handlers.forms import field_value
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


def register(app: AsyncApp, services: Services) -> None:
    public = PublicIssues(sessions=services.sessions, config=services.config, clock=services.clock)
    secrets = SecretGuard(sessions=services.sessions, clock=services.clock)

    @app.action(ActionId.APPROVE_PUBLIC)
    async def approve(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        answer = await public.approve(request_id(body), body["user"]["id"])
        if answer.ok:
            services.worker.wake()
            await _close_review(client, body, f":white_check_mark: <@{body['user']['id']}> approved the public issue "
                                              f"of RFH-{request_id(body)}; it is being filed.")
        await tell_clicker(client, body, Outcome(answer.ok, answer.message))

    @app.action(ActionId.EDIT_PUBLIC)
    async def open_edit(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        draft, refusal = await public.draft_for(request_id(body), body["user"]["id"])
        if draft is None:
            await tell_clicker(client, body, Outcome(False, refusal or "There is nothing to edit."))
            return
        await client.views_open(trigger_id=body["trigger_id"], view=edit_public_modal(request_id(body), draft))

    @app.view(CallbackId.EDIT_PUBLIC)
    async def submit_edit(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        state = view["state"]["values"]
        texts: dict[str, str] = {block: field_value(state, block) or "" for block in
                 (BlockId.PUBLIC_TITLE, BlockId.SUMMARY, BlockId.NEED, BlockId.REPRO)}
        labels: dict[str, str] = {BlockId.PUBLIC_TITLE: "Title", BlockId.SUMMARY: "Summary",
                  BlockId.NEED: "What we need from engineering", BlockId.REPRO: "Steps to reproduce"}
        review = await secrets.review(view.get("id"), {b: (labels[b], t) for b, t in texts.items()},
                                      button="Approve and file")
        if review.errors:
            await ack(response_action="errors", errors=review.errors)
            return
        texts.update(review.redacted)
        edited = PublicDraft(texts[BlockId.PUBLIC_TITLE], texts[BlockId.SUMMARY], texts[BlockId.NEED],
                             texts[BlockId.REPRO])
        answer = await public.approve(int(view["private_metadata"]), body["user"]["id"], edited)
        if not answer.ok:
            await ack(response_action="errors", errors={BlockId.PUBLIC_TITLE: answer.message})
            return
        await ack()
        services.worker.wake()
