"""What one ownership event tells whom, queued as durable steps in the event's transaction: the team post and the
requester's confirmation refreshed, a line in the team thread, the requester's and a new owner's notes, and the
GitHub issue (comment, close, reopen, assignee)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.blocks import ownership_notes as notes
from bot.blocks.pings import RequestRef, informal_prompt
from bot.core.clock import Clock
from bot.core.domain import StepKind
from bot.core.ownership_events import OwnershipEvent, OwnershipEventKind
from bot.core.text import github_markdown
from bot.ownership.github_sync import queue_assignee_sync
from storage import repository as repo
from storage.models import Request

K = OwnershipEventKind


def ref_of(request: Request) -> RequestRef:
    link = str((request.details or {}).get("post_permalink") or "") or None
    return RequestRef(request.id, request.customer, request.summary, request.priority, link)


@dataclass
class EventEffects:
    session: AsyncSession
    request: Request
    event: OwnershipEvent
    key: str
    """The event's row key (``own<id>``): every step it queues is keyed from it, so a retry queues nothing twice."""
    clock: Clock
    from_github: bool

    async def queue(self) -> None:
        r, e = self.request, self.event
        await repo.add_steps(self.session, r, [StepKind.REFRESH_POST, StepKind.REFRESH_CONFIRMATION],
                             self.clock.now(), round_=self.key)
        thread, blocks = self._thread_note()
        if r.post_channel and r.post_ts:
            await self._notify("thread", {"channel": r.post_channel, "thread_ts": r.post_ts, "text": thread,
                                          "blocks": blocks})
        requester = self._requester_note(thread)
        if requester and r.confirm_channel:
            in_origin = r.confirm_channel == r.origin_channel
            await self._notify("requester", {"channel": r.confirm_channel, "text": requester,
                                             "thread_ts": r.origin_thread_ts if in_origin else None})
        if e.kind is K.HANDED_OVER and e.to_user:
            text = notes.hand_over_dm(e, ref_of(r), requester=r.requester_id, issue_url=r.issue_url)
            await self._notify("new-owner", {"channel": e.to_user, "text": text})
        if not self.from_github:
            await self._github()
            await queue_assignee_sync(self.session, r, e, f"{self.key}.assignee", self.clock)

    def _thread_note(self) -> tuple[str, list[dict[str, Any]] | None]:
        e, r = self.event, self.request
        if e.kind is K.INFORMAL:
            text, blocks = informal_prompt(ref_of(r), e.actor)
            return text, [b.to_dict() for b in blocks]
        return (notes.github_line(e, r.id) if self.from_github else notes.thread_line(e, r.id)), None

    def _requester_note(self, thread: str) -> str | None:
        e, r = self.event, self.request
        if e.kind is K.INFORMAL:
            return notes.picked_up(e.actor, r.id)
        if e.kind is K.RESOLVED:
            return notes.resolved_for_requester(e, request_id=r.id, requester=r.requester_id, customer=r.customer)
        return None if e.kind is K.CONFIRMED else thread

    async def _notify(self, slot: str, payload: dict[str, Any]) -> None:
        await repo.add_steps(self.session, self.request, [StepKind.NOTIFY], self.clock.now(),
                             round_=f"{self.key}.{slot}",
                             payload={k: v for k, v in payload.items() if v is not None})

    async def _github(self) -> None:
        r, e, now = self.request, self.event, self.clock.now()
        if e.kind is K.RESOLVED and e.resolution:
            comment = f"Resolved in Slack by the rfh bot: {e.resolution.label}.\n\n{github_markdown(e.note or '')}"
            steps = [StepKind.ISSUE_COMMENT] + ([StepKind.CLOSE_ISSUE] if e.resolution.closes_issue else [])
            await repo.add_steps(self.session, r, steps, now, round_=self.key,
                                 payload={"body": comment.strip(), "reason": e.resolution.close_reason or "completed"})
        elif e.kind is K.REOPENED:
            await repo.add_steps(self.session, r, [StepKind.REOPEN_ISSUE], now, round_=self.key)
