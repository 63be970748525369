"""Taking a request in: store it and its delivery steps in one transaction, before any outside call."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.domain import (
    Origin,
    RequestForm,
    RequestState,
    RequestStatus,
    StepKind,
    Tracker,
    form_to_details,
    template_sections,
)
from bot.core.errors import UserError
from bot.queues import priorities
from routing.priority import compute_priority
from storage import repository as repo
from storage.models import Request


@dataclass(frozen=True)
class Suggested:
    team_id: str | None
    confidence: float | None


class TooManyRequests(UserError):
    """One person filed more requests in the last minute than ``[security] requests_per_user_per_minute``."""

    def __init__(self, limit: int):
        super().__init__(f"You have filed {limit} requests in the last minute, the most one person may. Nothing was "
                         "filed this time: wait a minute, then press File request again.")
        self.limit = limit


FLOOD_WINDOW = timedelta(minutes=1)


@dataclass(frozen=True)
class Submitted:
    request: Request
    duplicate: bool


def delivery_plan(form: RequestForm, *, files_issue: bool) -> list[StepKind]:
    steps = [StepKind.FILE_ISSUE] if files_issue else []
    steps += [StepKind.POST_TEAM, StepKind.CONFIRM_REQUESTER, StepKind.PING_ONCALL]
    if files_issue and form.tracker is Tracker.PUBLIC:  # filed once the requester (or a lead) approves the draft
        steps.append(StepKind.REVIEW_PUBLIC)
    return steps


@dataclass(frozen=True)
class Submission:
    """One filled intake form, as the listener hands it over to be stored."""

    form: RequestForm
    requester: str
    origin: Origin
    view_id: str | None
    suggested: Suggested
    requester_name: str | None = None
    extra_details: dict[str, object] | None = None


async def submit(
    *,
    sessions: async_sessionmaker[AsyncSession],
    config: RfhConfig,
    form: RequestForm,
    requester: str,
    origin: Origin,
    view_id: str | None,
    suggested: Suggested,
    clock: Clock,
    requester_name: str | None = None,
    extra_details: dict[str, object] | None = None,
) -> Submitted:
    """Store one request with its steps (``store`` for a single submission); raises ``TooManyRequests``."""
    one = Submission(form, requester, origin, view_id, suggested, requester_name, extra_details)
    outcome = (await store(sessions=sessions, config=config, clock=clock, submissions=[one]))[0]
    if isinstance(outcome, TooManyRequests):
        raise outcome
    return outcome


Outcome = Submitted | TooManyRequests


async def store(*, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, clock: Clock,
                submissions: Sequence[Submission]) -> list[Outcome]:
    """Store the requests with their steps in one transaction, an outcome per submission in order. A repeated
    submission of a view (by Slack, or within ``submissions``) comes back as the first one's request; a requester
    past ``[security] requests_per_user_per_minute`` gets ``TooManyRequests`` and nothing is stored for it."""
    try:
        async with sessions() as session, session.begin():
            return await _store_in(session, config, clock, submissions)
    except IntegrityError:  # another process stored one of these views between our look-up and our insert
        if len(submissions) > 1:
            return [(await store(sessions=sessions, config=config, clock=clock, submissions=[s]))[0]
                    for s in submissions]
        async with sessions() as session:
            existing = await repo.find_request_by_view(session, submissions[0].view_id or "")
        if existing is None:
            raise
        return [Submitted(existing, duplicate=True)]


async def _store_in(session: AsyncSession, config: RfhConfig, clock: Clock,
                    submissions: Sequence[Submission]) -> list[Outcome]:
    now, limit = clock.now(), config.security.requests_per_user_per_minute
    views = sorted({s.view_id for s in submissions if s.view_id})
    stored: dict[str | None, Request] = {r.view_id: r for r in await repo.requests_by_views(session, views)}
    filed = await repo.counts_since(session, sorted({s.requester for s in submissions}), now - FLOOD_WINDOW)
    outcomes: list[Outcome] = []
    new: list[tuple[Submission, Request]] = []
    for sub in submissions:
        if sub.view_id and sub.view_id in stored:
            outcomes.append(Submitted(stored[sub.view_id], duplicate=True))
        elif filed.get(sub.requester, 0) >= limit:
            outcomes.append(TooManyRequests(limit))
        else:
            filed[sub.requester] = filed.get(sub.requester, 0) + 1
            request = _new_request(config, sub, clock)
            stored[sub.view_id] = request
            new.append((sub, request))
            outcomes.append(Submitted(request, duplicate=False))
    if new:
        session.add_all([request for _, request in new])
        await session.flush()
        plans = [(r, delivery_plan(s.form, files_issue=config.teams[s.form.team_id].files_issues)) for s, r in new]
        await repo.add_new_requests_steps(session, plans, now)
        await repo.add_intake_decisions(session, [(r, s.form.routing_text, s.suggested.team_id) for s, r in new],
                                        at=now)
        # Handbook 002: a team with an RFH priorities list gets every new request last on it.
        await priorities.append_new(session, [r for _, r in new], config=config, now=now)
    return outcomes


def _new_request(config: RfhConfig, sub: Submission, clock: Clock) -> Request:
    form, origin, view_id, suggested = sub.form, sub.origin, sub.view_id, sub.suggested
    customer = config.customer(form.customer)
    tier = form.tier if form.tier is not None else customer.tier
    in_sales = form.in_sales_process or customer.in_sales_process
    priority = compute_priority(severity=form.severity, tier=tier, in_sales_process=in_sales, rules=config.priority)
    details = form_to_details(form)
    details["tier"], details["in_sales_process"] = tier, in_sales
    details["priority_reasons"] = list(priority.reasons)
    if form.tracker is Tracker.PUBLIC:
        from bot.intake.public_issue import DRAFT, make_draft  # the draft is sanitised now, before anything is sent

        details[DRAFT] = make_draft(form, config).dump()
    now = clock.now()
    request = Request(
        key=secrets.token_hex(8), view_id=view_id, created_at=now, requester_id=sub.requester,
        origin_channel=origin.channel_id, origin_thread_ts=origin.thread_ts, origin_permalink=origin.permalink,
        customer=form.customer.strip(), customer_slug=customer.slug, tier=tier, in_sales_process=in_sales,
        request_type=form.request_type.value, severity=form.severity.value, summary=form.summary.strip(),
        details=details, team_id=form.team_id, suggested_team_id=suggested.team_id,
        suggestion_confidence=suggested.confidence, priority=priority.label, priority_level=priority.level,
        tracker=form.tracker.value, state=RequestState.FILING.value, status=RequestStatus.OPEN, owner_informal=False,
        last_activity_at=now, filing_view_id=view_id, template_sections=template_sections(details),
    )
    request.details = {**details, **(sub.extra_details or {}), "requester_name": sub.requester_name or sub.requester}
    return request
