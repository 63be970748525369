"""Tech reviews: store the request and queue its delivery (issue, post, confirmation) as durable jobs; record the
reviewers' decision as its resolution. Who may decide: the configured reviewers (user ids, and members of the
configured user groups); with none configured, anyone but the requester."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.review.rules import Decision, ReviewForm
from storage import jobs as job_repo
from storage import reviews_repo as repo
from storage.models import TechReview

Members = Callable[[str], Awaitable[Sequence[str]]]


class JobKind:
    FILE = "review_file_issue"
    POST = "review_post"
    DECISION_GITHUB = "review_decision_github"
    DECISION_SLACK = "review_decision_slack"


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str


def reviewer_entries(config: RfhConfig) -> list[str]:
    tr = config.tech_review
    return [*tr.engineering, *tr.product, *tr.support]


class TechReviews:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, clock: Clock,
                 members: Members | None = None):
        self.sessions, self.config, self.clock, self.members = sessions, config, clock, members

    async def submit(self, *, form: ReviewForm, requester: str, requester_name: str,
                     view_id: str | None) -> tuple[TechReview, bool]:
        """Store the review and its first job; (review, False) for a repeated submission of the same view."""
        async with self.sessions() as session, session.begin():
            if view_id and (existing := await repo.find_by_view(session, view_id)):
                return existing, False
            now = self.clock.now()
            review = TechReview(key=secrets.token_hex(8), view_id=view_id, created_at=now, requester_id=requester,
                                customer=form.customer.strip(), summary=form.summary.strip(),
                                details={**form.to_details(), "requester_name": requester_name},
                                reviewers=reviewer_entries(self.config), state="open", deciders=[],
                                history=[{"at": now.isoformat(), "by": requester, "event": "requested"}])
            session.add(review)
            await session.flush()
            await job_repo.schedule(session, kind=JobKind.FILE, due_at=now, key=f"review:{review.id}:file",
                                    payload={"review": review.id})
        return review, True

    async def may_decide(self, review_id: int, user: str) -> Outcome:
        async with self.sessions() as session:
            review = await session.get(TechReview, review_id)
        if review is None:
            return Outcome(False, "That tech review no longer exists.")
        if review.state in (Decision.APPROVED, Decision.DECLINED):
            return Outcome(False, f"TR-{review_id} is decided already ({Decision(review.state).label}).")
        entries = list(review.reviewers or [])
        if not entries:
            if user == review.requester_id:
                return Outcome(False, "The requester cannot decide their own tech review.")
            return Outcome(True, "ok")
        if user in entries or user in await self._group_members(entries):
            return Outcome(True, "ok")
        return Outcome(False, f"Only the EPS reviewers of TR-{review_id} can record its decision.")

    async def decide(self, *, review_id: int, decision: Decision, note: str, deciders: Sequence[str],
                     actor: str) -> Outcome:
        allowed = await self.may_decide(review_id, actor)
        if not allowed.ok:
            return allowed
        if not note.strip():
            return Outcome(False, "Add a note: the reasons, the conditions, or the information you need.")
        async with self.sessions() as session, session.begin():
            review = await repo.lock(session, review_id)
            assert review is not None
            now = self.clock.now()
            review.state, review.decision_note = decision.value, note.strip()
            review.deciders = list(dict.fromkeys([*deciders] or [actor]))
            review.decided_at, review.decided_by = now, actor
            review.history = [*(review.history or []), {"at": now.isoformat(), "by": actor, "event": decision.value,
                                                        "note": note.strip(), "deciders": review.deciders}]
            round_ = len(review.history)
            for kind in (JobKind.DECISION_GITHUB, JobKind.DECISION_SLACK):
                await job_repo.schedule(session, kind=kind, due_at=now, key=f"review:{review.id}:{kind}:{round_}",
                                        payload={"review": review.id, "round": round_, "actor": actor})
        return Outcome(True, f"Recorded: TR-{review_id} is {decision.label.lower()}. The requester and the issue "
                             "are told.")

    async def for_user(self, user: str) -> tuple[list[TechReview], list[TechReview]]:
        """(the user's own reviews, undecided reviews the user may decide), newest first."""
        async with self.sessions() as session:
            mine = await repo.for_requester(session, user)
            waiting = await repo.undecided(session)
        to_review = []
        for review in waiting:
            entries = list(review.reviewers or [])
            if user in entries or (entries and user in await self._group_members(entries)):
                to_review.append(review)
        return mine, to_review

    async def _group_members(self, entries: Sequence[str]) -> set[str]:
        if self.members is None:
            return set()
        found: set[str] = set()
        for entry in entries:
            if not entry.startswith(("U", "W")) or entry.startswith("@"):
                found.update(await self.members(entry.lstrip("@")))
        return found
