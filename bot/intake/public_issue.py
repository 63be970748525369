"""The public issue: a sanitised draft made when the request is stored, sent privately to the requester (and the
team's leads) as a "Review public issue" message, and filed only once one of them approves it (as is, or edited).
A requested public issue is never dropped: it waits for approval, and the requester's confirmation says so."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.domain import RequestForm, StepKind, Tracker
from bot.core.text import one_line, truncate
from bot.security.access import check
from bot.security.permissions import Action
from bot.security.sanitise import PrivateFacts, private_facts, sanitise
from storage import repository as repo
from storage.models import Request

DRAFT = "public_draft"
REVIEW, APPROVED = "review", "approved"
TITLE_LIMIT = 200


@dataclass(frozen=True)
class PublicDraft:
    title: str
    summary: str
    need: str
    steps_to_reproduce: str
    state: str = REVIEW
    approved_by: str | None = None

    def dump(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def load(cls, details: dict[str, Any] | None) -> PublicDraft | None:
        data = (details or {}).get(DRAFT)
        if not isinstance(data, dict):
            return None
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Answer:
    ok: bool
    message: str


def facts_for(config: RfhConfig, customer: str) -> PrivateFacts:
    """The customer's typed name, its record's name and aliases and domains: none of it may reach a public issue."""
    record = config.customer(customer)
    return private_facts(customer=customer, aliases=(record.name, *record.aliases), domains=record.domains,
                         public_links=config.privacy.public_links)


def make_draft(form: RequestForm, config: RfhConfig) -> PublicDraft:
    facts = facts_for(config, form.customer)
    summary = sanitise(form.summary, facts)
    return PublicDraft(title=truncate(one_line(summary), TITLE_LIMIT), summary=summary,
                       need=sanitise(form.need, facts), steps_to_reproduce=sanitise(form.steps_to_reproduce, facts))


def public_refusal(form: RequestForm, config: RfhConfig) -> str | None:
    """Why a public issue cannot be filed for this form (shown on the Tracker field), or None."""
    if form.tracker is not Tracker.PUBLIC:
        return None
    if not config.public_tracker:
        return "No public tracker is configured, so no public issue can be filed: choose the private tracker."
    team = config.teams.get(form.team_id)
    if team is not None and not team.files_issues:
        return f"Requests for {team.name} do not file GitHub issues: choose the private tracker."
    return None


class PublicIssues:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, clock: Clock):
        self.sessions, self.config, self.clock = sessions, config, clock

    async def draft_for(self, request_id: int, actor: str) -> tuple[PublicDraft | None, str | None]:
        """(the draft to edit, None) or (None, why ``actor`` may not): asked before the Edit modal opens."""
        async with self.sessions() as session:
            request = await session.get(Request, request_id)
            if request is None:
                return None, "That request no longer exists."
            refusal = _refusal(self.config, request, actor)
        return (None, refusal) if refusal else (PublicDraft.load(request.details), None)

    async def approve(self, request_id: int, actor: str, *, edited: PublicDraft | None = None) -> Answer:
        """Approve the draft (``edited``: as the person changed it, sanitised again) and queue its filing."""
        async with self.sessions() as session, session.begin():
            await repo.lock_request(session, request_id)
            request = await session.get(Request, request_id, populate_existing=True)
            if request is None:
                return Answer(False, "That request no longer exists.")
            refusal = _refusal(self.config, request, actor)
            if refusal:
                return Answer(False, refusal)
            draft = PublicDraft.load(request.details)
            assert draft is not None  # _refusal checked
            if edited is not None:
                facts = facts_for(self.config, request.customer)
                draft = PublicDraft(*(sanitise(v, facts) for v in (one_line(edited.title), edited.summary,
                                                                   edited.need, edited.steps_to_reproduce)))
            draft = replace(draft, state=APPROVED, approved_by=actor)
            request.details = {**request.details, DRAFT: draft.dump()}
            await repo.add_steps(session, request, [StepKind.FILE_PUBLIC_ISSUE, StepKind.REFRESH_CONFIRMATION],
                                 self.clock.now(), round_="approved")
        return Answer(True, f"Approved: the public issue for RFH-{request_id} is being filed; I'll link it in your "
                            "confirmation.")


def _refusal(config: RfhConfig, request: Request, actor: str) -> str | None:
    draft = PublicDraft.load(request.details)
    if draft is None:
        return f"RFH-{request.id} has no public issue to review."
    if draft.state == APPROVED:
        return f"<@{draft.approved_by}> already approved the public issue of RFH-{request.id}."
    verdict = check(config, request, actor, Action.APPROVE_PUBLIC)
    return None if verdict.ok else verdict.reason
