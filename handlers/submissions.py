"""The intake modal's submission: validate, offer the merge for a fresh duplicate, store, answer within 3 s, then
let the worker deliver."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from sqlalchemy.exc import OperationalError

from bot.blocks.ids import BlockId, CallbackId
from bot.blocks.intake_modal import IntakeMeta
from bot.blocks.notices import request_status_view
from bot.core.domain import Origin
from bot.core.related import RelatedView
from bot.customers import intake as profiles
from bot.delivery.presenter import build_card
from bot.intake.public_issue import public_refusal
from bot.intake.service import Suggested, TooManyRequests, submit
from bot.related.service import draft_text
from bot.security.secret_check import SecretGuard
from bot.services import Services
from handlers import intake_view
from handlers.forms import environment_block, parse_intake, text_fields, with_texts

log = logging.getLogger(__name__)
SAVE_FAILED = "The request could not be saved just now (the database is busy). Nothing was filed; press Submit again."


def register(app: AsyncApp, services: Services) -> None:
    secrets = SecretGuard(sessions=services.sessions, clock=services.clock)
    assert services.related is not None and services.customers is not None
    related, customers = services.related, services.customers

    @app.view(CallbackId.INTAKE)
    async def file_request(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        known = {t.id: t.name for t in services.config.teams.teams}
        form, errors = parse_intake(view["state"]["values"], known_teams=known, today=services.clock.now().date())
        if form is None:
            await ack(response_action="errors", errors=errors)
            return
        refusal = public_refusal(form, services.config)
        if refusal:  # a requested public issue is never dropped silently
            await ack(response_action="errors", errors={BlockId.TRACKER: refusal})
            return
        environment = environment_block(view["state"]["values"])
        review = await secrets.review(view.get("id"), text_fields(form, environment=environment), button="File request")
        if review.errors:  # nothing is stored or logged: the requester removes the secret or files it redacted
            await ack(response_action="errors", errors=review.errors)
            return
        form = with_texts(form, review.redacted)
        meta = IntakeMeta.load(view.get("private_metadata"))
        user = body.get("user") or {}
        if meta.dup_offered is None:
            duplicate = await related.duplicate_of(draft_text(form.summary, form.need), requester=user["id"])
            if duplicate is not None:  # offered once; a second press files it anyway
                view = {**view, "private_metadata": replace(meta, dup_offered=duplicate.request_id).dump()}
                offer, _ = await intake_view.build(services, view, duplicate=RelatedView(duplicate_of=duplicate))
                services.metrics.intake_outcomes.labels("duplicate_offered").inc()
                await ack(response_action="update", view=offer)
                return
        use = await profiles.prepare(customers, customer=form.customer, environment=form.environment)
        form = replace(form, customer=use.name)
        try:
            submitted = await submit(
                sessions=services.sessions, config=services.config, form=form, requester=user["id"],
                origin=Origin(meta.channel_id, meta.thread_ts, meta.permalink, meta.source),
                view_id=view.get("id"), suggested=Suggested(meta.suggested_team, meta.confidence),
                clock=services.clock, requester_name=user.get("name") or user.get("username"),
                extra_details={"customer_profile": use.snapshot} if use.snapshot else None,
            )
        except TooManyRequests as exc:
            await ack(response_action="errors", errors={BlockId.SUMMARY: str(exc)})
            return
        except OperationalError:
            log.exception("could not store a submission from %s", user.get("id"))
            # Nothing was stored: keep the modal open with the typed values so Submit can simply be pressed again.
            await ack(response_action="errors", errors={BlockId.SUMMARY: SAVE_FAILED})
            return
        if not submitted.duplicate:  # both quick and local: done before answering, so the next form sees them
            try:
                await profiles.record(customers, use, actor=user["id"], request_id=submitted.request.id)
            except Exception:  # the request is stored and will be filed; a profile left behind is not worth a 500
                log.exception("could not update the profile of %s from RFH-%s", use.name, submitted.request.id)
            related.index.add(submitted.request.id, draft_text(form.summary, form.need))
        card = await build_card(submitted.request, services.config, None)
        await ack(response_action="update", view=request_status_view(card))
        services.worker.wake()
        if not submitted.duplicate:
            services.metrics.submissions.labels(form.team_id).inc()
            services.learn_soon()  # this request's final team and other replicas' requests, after the answer
