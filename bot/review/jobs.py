"""The tech review's side effects, as scheduler jobs (durable, retried, claimed by one replica): file the issue,
post for the reviewers, confirm to the requester; after a decision, comment (and close) on GitHub and tell the
channel thread and the requester. Each job checks what is already done before acting, so a retry repeats nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.blocks.tech_review import ReviewCard, decision_note_text, review_confirmation, review_post
from bot.core.clock import Clock
from bot.core.config import RfhConfig, slugify
from bot.core.errors import PermanentDeliveryError, TemporaryDeliveryError
from bot.delivery.scheduler import JobHandler
from bot.review.rules import (
    STATE_LABELS,
    Decision,
    ReviewForm,
    decision_comment,
    review_body,
    review_labels,
    review_title,
)
from bot.review.service import JobKind
from storage import jobs as job_repo
from storage.models import Job, TechReview

EVENT = "rfh_tech_review"


@dataclass(frozen=True)
class _Ref:
    """A posted message, as the chat port updates it."""

    channel: str
    ts: str


class ReviewChat(Protocol):
    async def post(self, channel: str, *, text: str, blocks: Sequence[Any] | None = None,
                   thread_ts: str | None = None, metadata: dict[str, Any] | None = None) -> Any: ...
    async def find_post(self, channel: str, event_type: str, key: str, thread_ts: str | None = None) -> Any: ...
    async def post_once(self, channel: str, *, key: str, text: str, uncertain: bool,
                        blocks: Sequence[Any] | None = None, thread_ts: str | None = None) -> Any: ...
    async def update(self, ref: Any, *, text: str, blocks: Sequence[Any] | None) -> None: ...
    async def usergroup_mention(self, handle: str | None) -> str: ...


class ReviewTracker(Protocol):
    async def create_issue(self, repo: str, *, title: str, body: str, labels: list[str]) -> Any: ...
    async def find_issue_by_marker(self, repo: str, token: str) -> Any: ...
    async def comment(self, repo: str, number: int, body: str) -> None: ...
    async def close(self, repo: str, number: int, *, reason: str = "completed") -> None: ...


class ReviewJobs:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, chat: ReviewChat,
                 tracker: ReviewTracker, clock: Clock):
        self.sessions, self.config, self.chat, self.tracker, self.clock = sessions, config, chat, tracker, clock

    def handlers(self) -> dict[str, JobHandler]:
        return {JobKind.FILE: self.file_issue, JobKind.POST: self.post, JobKind.DECISION_GITHUB: self.decision_github,
                JobKind.DECISION_SLACK: self.decision_slack}

    @property
    def repo(self) -> str:
        return self.config.tech_review.tracker or self.config.private_tracker

    async def file_issue(self, job: Job) -> str:
        review = await self._load(job)
        if not review.issue_number:
            form = ReviewForm.from_details(review.details)
            token = f"rfh{review.key}"
            found = await self.tracker.find_issue_by_marker(self.repo, token) if job.attempts > 1 else None
            ref = found or await self.tracker.create_issue(
                self.repo, title=review_title(form),
                body=review_body(form, review_id=review.id, key=review.key,
                                 requester=str(review.details.get("requester_name") or review.requester_id),
                                 reviewers=", ".join(review.reviewers or [])),
                labels=review_labels(self.config.tech_review.label, slugify(review.customer)))
            async with self.sessions() as session, session.begin():
                row = await session.get(TechReview, review.id)
                assert row is not None
                row.issue_repo, row.issue_number, row.issue_url = ref.repo, ref.number, ref.url
        async with self.sessions() as session, session.begin():
            await job_repo.schedule(session, kind=JobKind.POST, due_at=self.clock.now(),
                                    key=f"review:{review.id}:post", payload={"review": review.id})
        return f"filed {self.repo}#{review.issue_number or 'existing'}"

    async def post(self, job: Job) -> str:
        review = await self._load(job)
        card = await self.card(review)
        text, blocks = review_post(card)
        channel = self.config.tech_review.channel
        if not review.post_ts:
            found = await self.chat.find_post(channel, EVENT, review.key) if job.attempts > 1 else None
            ref = found or await self.chat.post(channel, text=text, blocks=blocks,
                                                metadata={"event_type": EVENT, "event_payload": {"key": review.key}})
            async with self.sessions() as session, session.begin():
                row = await session.get(TechReview, review.id)
                assert row is not None
                row.post_channel, row.post_ts = ref.channel, ref.ts
        await self.chat.post_once(review.requester_id, key=f"{review.key}:confirm", text=review_confirmation(card),
                                  uncertain=job.attempts > 1)
        return "posted and confirmed"

    async def decision_github(self, job: Job) -> str:
        review = await self._load(job)
        if not review.issue_number or not review.issue_repo:
            raise TemporaryDeliveryError("the review's issue is not filed yet", service="GitHub", retry_after=30)
        event = (review.history or [])[int(job.payload["round"]) - 1]
        decision = Decision(event["event"])
        sent = list((job.payload or {}).get("sent") or [])
        if "comment" not in sent:
            await self.tracker.comment(review.issue_repo, review.issue_number,
                                       decision_comment(decision, str(event.get("note") or ""),
                                                        list(event.get("deciders") or [])))
            await self._sent(job, "comment")
        if decision.close_reason:
            await self.tracker.close(review.issue_repo, review.issue_number, reason=decision.close_reason)
        return f"commented {decision.value}"

    async def decision_slack(self, job: Job) -> str:
        review = await self._load(job)
        card = await self.card(review)
        if review.post_channel and review.post_ts:
            text, blocks = review_post(card)
            await self.chat.update(_Ref(review.post_channel, review.post_ts), text=text, blocks=blocks)
        note = decision_note_text(card, str(job.payload.get("actor") or review.decided_by or ""))
        uncertain = job.attempts > 1
        round_ = job.payload["round"]
        if review.post_channel and review.post_ts:
            await self.chat.post_once(review.post_channel, key=f"{review.key}:decision{round_}:thread", text=note,
                                      thread_ts=review.post_ts, uncertain=uncertain)
        await self.chat.post_once(review.requester_id, key=f"{review.key}:decision{round_}:requester", text=note,
                                  uncertain=uncertain)
        return "told the channel and the requester"

    async def card(self, review: TechReview, *, mentions: bool = True) -> ReviewCard:
        form = ReviewForm.from_details(review.details)
        mention = " ".join([await self._mention(e) for e in review.reviewers or []]) if mentions else ""
        ref = f"{review.issue_repo.split('/')[-1]}#{review.issue_number}" if review.issue_repo else None
        return ReviewCard(
            review_id=review.id, customer=review.customer, summary=review.summary, gap=form.gap,
            requester_id=review.requester_id, ce=form.ce, ae=form.ae, needed_by=form.needed_by, state=review.state,
            state_label=STATE_LABELS.get(review.state, review.state), mentions=mention, issue_url=review.issue_url,
            issue_ref=ref, key_prospect=form.key_prospect, deal_value=form.deal_value,
            decision_note=review.decision_note, deciders=tuple(review.deciders or ()))

    async def _mention(self, entry: str) -> str:
        if entry.startswith(("U", "W")):
            return f"<@{entry}>"
        return await self.chat.usergroup_mention(entry.lstrip("@"))

    async def _load(self, job: Job) -> TechReview:
        async with self.sessions() as session:
            review = await session.get(TechReview, int(job.payload["review"]))
        if review is None:
            raise PermanentDeliveryError("the tech review is gone", service="rfh", fix="nothing to do")
        return review

    async def _sent(self, job: Job, key: str) -> None:
        async with self.sessions() as session, session.begin():
            await job_repo.record_sent(session, job.id, key)
        job.payload = {**(job.payload or {}), "sent": [*(job.payload or {}).get("sent", []), key]}
