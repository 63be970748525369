"""The intake modal's submission: validate (secrets included), offer the merge for a fresh duplicate, store (with the
submissions beside it: ``bot/intake/writer.py``), answer within 3 s, then let the worker deliver. Nothing before the
answer calls Slack or GitHub or waits for the router."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from sqlalchemy.exc import OperationalError

from bot.blocks.ids import BlockId, CallbackId
from bot.blocks.intake_modal import IntakeMeta
from bot.blocks.notices import request_status_view
from bot.core.domain import Origin, RequestForm
from bot.core.related import RelatedView
from bot.customers import intake as profiles
from bot.delivery.presenter import build_card
from bot.intake.public_issue import public_refusal
from bot.intake.service import Submission, Submitted, Suggested, TooManyRequests
from bot.intake.writer import IntakeWriter
from bot.related.service import draft_text
from bot.security.secret_check import SecretGuard
from bot.services import Services
from handlers import intake_view
from handlers.forms import environment_block, parse_intake, text_fields, with_texts
from handlers.modal_answers import show_errors

log = logging.getLogger(__name__)
SAVE_FAILED = "The request could not be saved just now (the database is busy). Nothing was filed; press Submit again."


def register(app: AsyncApp, services: Services) -> None:
    secrets = SecretGuard(sessions=services.sessions, clock=services.clock)
    writer = IntakeWriter(sessions=services.sessions, config=services.config, clock=services.clock)
    assert services.related is not None and services.customers is not None
    customers = services.customers

    @app.view(CallbackId.INTAKE)
    async def file_request(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        form = await _checked(services, secrets, view)
        if isinstance(form, dict):  # bad input, a refused public issue, or secrets: nothing is stored or logged
            await show_errors(ack, form)
            return
        meta = IntakeMeta.load(view.get("private_metadata"))
        user = body.get("user") or {}
        offer = await _duplicate_offer(services, view, meta, form, requester=user["id"])
        if offer is not None:
            await ack(response_action="update", view=offer)
            return
        use = await profiles.prepare(customers, customer=form.customer, environment=form.environment)
        form = replace(form, customer=use.name)
        try:
            submitted = await writer.submit(_submission(form, meta, view, user, use))
        except TooManyRequests as exc:
            await show_errors(ack, {BlockId.SUMMARY: str(exc)})
            return
        except OperationalError:
            log.exception("could not store a submission from %s", user.get("id"))
            # Nothing was stored: keep the modal open with the typed values so Submit can simply be pressed again.
            await show_errors(ack, {BlockId.SUMMARY: SAVE_FAILED})
            return
        await _remember(services, submitted, form, use, actor=user["id"])
        await ack(response_action="update", view=request_status_view(await build_card(submitted.request,
                                                                                      services.config, None)))
        services.worker.wake()
        if not submitted.duplicate:
            services.metrics.submissions.labels(form.team_id).inc()
            services.learn_soon()  # this request's final team and other replicas' requests, after the answer


def _submission(form: RequestForm, meta: IntakeMeta, view: dict[str, Any], user: dict[str, Any],
                use: profiles.ProfileUse) -> Submission:
    return Submission(form=form, requester=user["id"], view_id=view.get("id"),
                      origin=Origin(meta.channel_id, meta.thread_ts, meta.permalink, meta.source),
                      suggested=Suggested(meta.suggested_team, meta.confidence),
                      requester_name=user.get("name") or user.get("username"),
                      extra_details={"customer_profile": use.snapshot} if use.snapshot else None)


async def _checked(services: Services, secrets: SecretGuard, view: dict[str, Any]) -> RequestForm | dict[str, str]:
    """The form with any secrets its requester chose to send redacted, or the field errors to show."""
    known = {t.id: t.name for t in services.config.teams.teams}
    form, errors = parse_intake(view["state"]["values"], known_teams=known, today=services.clock.now().date())
    if form is None:
        return errors
    refusal = public_refusal(form, services.config)
    if refusal:  # a requested public issue is never dropped silently
        return {BlockId.TRACKER: refusal}
    environment = environment_block(view["state"]["values"])
    review = await secrets.review(view.get("id"), text_fields(form, environment=environment), button="File request")
    return review.errors or with_texts(form, review.redacted)


async def _duplicate_offer(services: Services, view: dict[str, Any], meta: IntakeMeta, form: RequestForm, *,
                           requester: str) -> dict[str, Any] | None:
    """The modal offering the merge when someone else filed the same text minutes ago (once; a second press files
    it anyway)."""
    assert services.related is not None
    if meta.dup_offered is not None:
        return None
    duplicate = await services.related.duplicate_of(draft_text(form.summary, form.need), requester=requester)
    if duplicate is None:
        return None
    view = {**view, "private_metadata": replace(meta, dup_offered=duplicate.request_id).dump()}
    offer, _ = await intake_view.build(services, view, duplicate=RelatedView(duplicate_of=duplicate))
    services.metrics.intake_outcomes.labels("duplicate_offered").inc()
    return offer


async def _remember(services: Services, submitted: Submitted, form: RequestForm, use: profiles.ProfileUse, *,
                    actor: str) -> None:
    """The profile's new facts and the related index: both quick and local, done before answering so the next
    form sees them."""
    if submitted.duplicate:
        return
    assert services.related is not None and services.customers is not None
    try:
        await profiles.record(services.customers, use, actor=actor, request_id=submitted.request.id)
    except Exception:  # the request is stored and will be filed; a profile left behind is not worth a 500
        log.exception("could not update the profile of %s from RFH-%s", use.name, submitted.request.id)
    services.related.index.add(submitted.request.id, draft_text(form.summary, form.need))
