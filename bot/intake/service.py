"""Taking a request in: store it and its delivery steps in one transaction, before any outside call."""

from __future__ import annotations

import secrets
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
from storage.models import Request, RouteSource


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
    """Store the request with its steps; a repeated submission of the same view returns the first one (its
    unique view id turns it away: no look-up first, as repeats are rare and each look-up delays every answer)."""
    try:
        async with sessions() as session, session.begin():
            limit = config.security.requests_per_user_per_minute
            if await repo.count_requests_since(session, requester, clock.now() - FLOOD_WINDOW) >= limit:
                existing = await repo.find_request_by_view(session, view_id) if view_id else None
                if existing is not None:  # Slack repeating the submission that reached the limit
                    return Submitted(existing, duplicate=True)
                raise TooManyRequests(limit)
            request = _new_request(config, form, requester, origin, view_id, suggested, clock)
            request.details = {**request.details, **(extra_details or {}),
                               "requester_name": requester_name or requester}
            session.add(request)
            await session.flush()
            team = config.teams[form.team_id]
            plan = delivery_plan(form, files_issue=team.files_issues)
            await repo.add_first_steps(session, request, plan, clock.now())
            await repo.add_route_decision(session, request, at=clock.now(), text=form.routing_text,
                                          suggested=suggested.team_id, chosen=form.team_id, source=RouteSource.INTAKE,
                                          actor=requester)
            # Handbook 002: a team with an RFH priorities list gets every new request last on it.
            await priorities.append(session, request, config=config, actor=requester, now=clock.now())
    except IntegrityError:
        async with sessions() as session:
            existing = await repo.find_request_by_view(session, view_id or "")
        if existing is None:
            raise
        return Submitted(existing, duplicate=True)
    return Submitted(request, duplicate=False)


def _new_request(config: RfhConfig, form: RequestForm, requester: str, origin: Origin, view_id: str | None,
                 suggested: Suggested, clock: Clock) -> Request:
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
    return Request(
        key=secrets.token_hex(8), view_id=view_id, created_at=now, requester_id=requester,
        origin_channel=origin.channel_id, origin_thread_ts=origin.thread_ts, origin_permalink=origin.permalink,
        customer=form.customer.strip(), customer_slug=customer.slug, tier=tier, in_sales_process=in_sales,
        request_type=form.request_type.value, severity=form.severity.value, summary=form.summary.strip(),
        details=details, team_id=form.team_id, suggested_team_id=suggested.team_id,
        suggestion_confidence=suggested.confidence, priority=priority.label, priority_level=priority.level,
        tracker=form.tracker.value, state=RequestState.FILING.value, status=RequestStatus.OPEN, owner_informal=False,
        last_activity_at=now, filing_view_id=view_id, template_sections=template_sections(details),
    )
