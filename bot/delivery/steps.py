"""What each delivery step does. Each step is idempotent: it checks what is already done before acting."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.blocks.notices import request_status_view
from bot.blocks.team_post import confirmation, confirmation_blocks, team_post
from bot.bridge.rules import BOT_MARKER
from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.domain import RequestState, RequestType, StepKind, form_from_details
from bot.core.errors import DeliveryError, PermanentDeliveryError
from bot.core.ports import Chat, IssueRef, PostRef, Tracker
from bot.core.text import mrkdwn
from bot.delivery import public_steps
from bot.delivery.presenter import build_card, requester_card
from bot.delivery.requester import RequesterMessages
from bot.intake.issue_body import (
    IssueContext,
    issue_body,
    issue_labels,
    issue_title,
    marker,
    split_body,
)
from storage import repository as repo
from storage.models import Request, Step

log = logging.getLogger(__name__)
POST_EVENT = "rfh_request"
OnCallPing = Callable[[Request, Step], Awaitable[dict[str, Any]]]
StepFn = Callable[[Request, Step], Awaitable[dict[str, Any]]]


class StepRunner:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, chat: Chat,
                 tracker: Tracker, clock: Clock, ping_oncall: OnCallPing | None = None,
                 extra: Mapping[str, StepFn] | None = None):
        self.sessions, self.config, self.chat, self.tracker, self.clock = sessions, config, chat, tracker, clock
        self.ping_oncall_hook = ping_oncall
        self.requester = RequesterMessages(sessions=sessions, config=config, chat=chat)
        self._kinds: dict[str, StepFn] = {
            StepKind.FILE_ISSUE: self.file_issue,
            StepKind.FILE_PUBLIC_ISSUE: partial(public_steps.file_public_issue, self),
            StepKind.REVIEW_PUBLIC: partial(public_steps.review_public, self),
            StepKind.POST_TEAM: self.post_team,
            StepKind.CONFIRM_REQUESTER: self.confirm_requester,
            StepKind.PING_ONCALL: self.ping_oncall,
            StepKind.REFRESH_POST: self.refresh_post,
            StepKind.REFRESH_CONFIRMATION: self.refresh_confirmation,
            StepKind.REFRESH_OLD_POSTS: self.refresh_old_posts,
            StepKind.ISSUE_COMMENT: self.issue_comment,
            StepKind.CLOSE_ISSUE: self.close_issue,
            StepKind.REOPEN_ISSUE: self.reopen_issue,
            StepKind.SET_LABELS: self.set_labels,
            StepKind.NOTIFY: self.notify,
            StepKind.ADD_LABELS: self.add_labels,
        }
        self._quiet = set(extra or {})
        """Steps of other domains (the bridge): their failures do not change what the requester sees of filing."""
        self._kinds.update(extra or {})

    async def perform(self, step: Step) -> dict[str, Any]:
        request = await self._load(step.request_id)
        result = await self._kinds[step.kind](request, step)
        await self._maybe_filed(step)
        return result

    async def on_failure(self, step: Step, exc: Exception, *, permanent: bool) -> None:
        """Keep the request's state honest and tell the requester (and the admins when someone must act)."""
        if step.kind in (StepKind.REFRESH_POST, StepKind.REFRESH_CONFIRMATION, StepKind.NOTIFY):
            return
        if step.kind in self._quiet:
            if permanent and self.config.admin_channel:
                await self._alert_admins(step.request_id, f"{step.kind}: {exc}")
            return
        state = RequestState.NEEDS_ATTENTION if permanent else RequestState.RETRYING
        if not permanent and step.attempts < 2:
            return  # one blip is not worth a message; the second failure is
        fix = f" To fix: {exc.fix}." if isinstance(exc, PermanentDeliveryError) else ""
        detail = f"{exc}.{fix}"
        async with self.sessions() as session, session.begin():
            request = await session.get(Request, step.request_id)
            assert request is not None
            changed = request.state != state.value
            request.state, request.state_detail = state.value, detail
        if changed:
            await self._tell_requester_state(step.request_id)
            if permanent and self.config.admin_channel:
                await self._alert_admins(step.request_id, detail)

    # -- the steps -------------------------------------------------------------------------------------------

    async def file_issue(self, request: Request, step: Step) -> dict[str, Any]:
        if request.issue_number:
            return {"issue": request.issue_number, "already": True}
        form = form_from_details(request.details)
        repo_name = self.config.private_tracker
        token = marker(request.key)
        found = await self.tracker.find_issue_by_marker(repo_name, token) if step.uncertain else None
        ref = found or await self._create(request, repo_name, issue_title(form), issue_body(form, self._ctx(request)),
                                          issue_labels(customer_slug=request.customer_slug, priority=request.priority,
                                                       team_label=self.config.teams[request.team_id].label))
        async with self.sessions() as session, session.begin():
            row = await session.get(Request, request.id)
            assert row is not None
            row.issue_repo, row.issue_number, row.issue_url = ref.repo, ref.number, ref.url
        return {"issue": ref.number, "url": ref.url, "recovered": found is not None}

    async def post_team(self, request: Request, step: Step) -> dict[str, Any]:
        card = await build_card(request, self.config, self.chat)
        text, blocks = team_post(card)
        if request.post_ts and request.post_channel:
            await self.chat.update(PostRef(request.post_channel, request.post_ts), text=text, blocks=blocks)
            return {"updated": request.post_ts}
        team = self.config.teams[request.team_id]
        found = await self.chat.find_post(team.channel, POST_EVENT, request.key) if step.uncertain else None
        ref = found or await self.chat.post(team.channel, text=text, blocks=blocks,
                                            metadata={"event_type": POST_EVENT, "event_payload": {"key": request.key}})
        permalink = await self.chat.permalink(ref)
        async with self.sessions() as session, session.begin():
            row = await session.get(Request, request.id)
            assert row is not None
            row.post_channel, row.post_ts = ref.channel, ref.ts
            row.details = {**row.details, "post_permalink": permalink}
        return {"channel": ref.channel, "ts": ref.ts}

    async def confirm_requester(self, request: Request, step: Step) -> dict[str, Any]:
        request = await self._mark_filed(request)
        card = await requester_card(self.sessions, request, self.config, self.chat)
        await self.requester.show(request, card, uncertain=step.uncertain)
        if request.filing_view_id:
            await self.chat.update_view(request.filing_view_id, request_status_view(card))
        return {"confirmed": True}

    async def ping_oncall(self, request: Request, step: Step) -> dict[str, Any]:
        if self.ping_oncall_hook is None:
            return {"skipped": "no on-call rotation configured"}
        return await self.ping_oncall_hook(request, step)

    async def refresh_post(self, request: Request, step: Step) -> dict[str, Any]:
        if not (request.post_channel and request.post_ts):
            return {"skipped": "not posted yet"}
        text, blocks = team_post(await build_card(request, self.config, self.chat))
        await self.chat.update(PostRef(request.post_channel, request.post_ts), text=text, blocks=blocks)
        return {"updated": True}

    async def refresh_confirmation(self, request: Request, step: Step) -> dict[str, Any]:
        if not (request.confirm_channel and request.confirm_ts):
            return {"skipped": "no confirmation yet"}
        card = await requester_card(self.sessions, request, self.config, self.chat)
        await self.chat.update(PostRef(request.confirm_channel, request.confirm_ts), text=confirmation(card),
                               blocks=confirmation_blocks(card))
        return {"updated": True}

    async def refresh_old_posts(self, request: Request, step: Step) -> dict[str, Any]:
        """Posts in teams the request has left say where it went, and lose their buttons."""
        team = self.config.teams[request.team_id]
        where = f"<#{request.post_channel}>" if request.post_channel else team.channel
        text = (f":twisted_rightwards_arrows: RFH-{request.id} *[{mrkdwn(request.customer)}] "
                f"{mrkdwn(request.summary)}* was re-routed to {mrkdwn(team.name)} ({where}).")
        previous = request.details.get("previous_posts") or []
        for post in previous:
            await self.chat.update(PostRef(post["channel"], post["ts"]), text=text,
                                   blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": text}}])
        return {"updated": len(previous)}

    async def issue_comment(self, request: Request, step: Step) -> dict[str, Any]:
        if not request.issue_number or not request.issue_repo:
            return {"skipped": "no issue"}
        # The hidden marker keeps the comment's webhook from coming back to Slack as if someone wrote it.
        body = f"{step.payload['body']}\n\n{BOT_MARKER}"
        await self.tracker.comment(request.issue_repo, request.issue_number, body)
        return {"commented": True}

    async def close_issue(self, request: Request, step: Step) -> dict[str, Any]:
        if not request.issue_number or not request.issue_repo:
            return {"skipped": "no issue"}
        await self.tracker.close(request.issue_repo, request.issue_number,
                                 reason=str(step.payload.get("reason", "completed")))
        return {"closed": True}

    async def reopen_issue(self, request: Request, step: Step) -> dict[str, Any]:
        if not request.issue_number or not request.issue_repo:
            return {"skipped": "no issue"}
        await self.tracker.reopen(request.issue_repo, request.issue_number)
        return {"reopened": True}

    async def set_labels(self, request: Request, step: Step) -> dict[str, Any]:
        if not request.issue_number or not request.issue_repo:
            return {"skipped": "no issue"}
        await self.tracker.set_labels(request.issue_repo, request.issue_number, list(step.payload["labels"]))
        return {"labels": step.payload["labels"]}

    async def add_labels(self, request: Request, step: Step) -> dict[str, Any]:
        """Labels added to the issue's own (an add-on's customer label); adding one twice is harmless."""
        if not request.issue_number or not request.issue_repo:
            return {"skipped": "no issue"}
        await self.tracker.add_labels(request.issue_repo, request.issue_number, list(step.payload["labels"]))
        return {"added": step.payload["labels"]}

    async def notify(self, request: Request, step: Step) -> dict[str, Any]:
        """A plain message (a DM, a thread reply) the services queued: payload channel, text, optional thread."""
        payload = step.payload
        ref = await self.chat.post_once(str(payload["channel"]), key=step.dedupe_key, text=str(payload["text"]),
                                        blocks=payload.get("blocks"), thread_ts=payload.get("thread_ts"),
                                        uncertain=step.uncertain)
        return {"channel": ref.channel, "ts": ref.ts}

    # -- helpers ---------------------------------------------------------------------------------------------

    async def _create(self, request: Request, repo_name: str, title: str, body: str, labels: list[str]) -> IssueRef:
        first, overflow = split_body(body)
        ref = await self.tracker.create_issue(repo_name, title=title, body=first, labels=labels)
        if overflow:
            async with self.sessions() as session, session.begin():
                row = await session.get(Request, request.id)
                assert row is not None
                for n, chunk in enumerate(overflow):
                    await repo.add_steps(session, row, [StepKind.ISSUE_COMMENT], self.clock.now(),
                                         round_=1000 + n, payload={"body": chunk, "repo": repo_name})
        return ref

    def _ctx(self, request: Request) -> IssueContext:
        details = request.details or {}
        return IssueContext(
            request_id=request.id, key=request.key, team_name=self.config.teams[request.team_id].name,
            priority=request.priority, priority_reasons=tuple(details.get("priority_reasons") or ()),
            requester=str(details.get("requester_name") or request.requester_id),
            thread_url=request.origin_permalink, private_issue_url=request.issue_url,
            request_type=RequestType(request.request_type).label,
            profile=details.get("customer_profile"),
        )

    async def _load(self, request_id: int) -> Request:
        async with self.sessions() as session:
            request = await session.get(Request, request_id)
        if request is None:
            raise PermanentDeliveryError(f"request {request_id} is gone", service="rfh", fix="nothing to do")
        return request

    async def _mark_filed(self, request: Request) -> Request:
        async with self.sessions() as session, session.begin():
            row = await session.get(Request, request.id)
            assert row is not None
            if row.state != RequestState.FILED.value:
                row.state, row.state_detail = RequestState.FILED.value, None
            return row

    async def _maybe_filed(self, step: Step) -> None:
        """A request that was retrying (or retried by hand) is filed again once nothing failed remains besides the
        step that just succeeded. If it had been confirmed already, its requester is shown that it is filed."""
        async with self.sessions() as session, session.begin():
            row = await session.get(Request, step.request_id)
            if row is None or row.state not in (RequestState.RETRYING.value, RequestState.FILING.value) \
                    or not row.confirm_ts:
                return
            pending = [s for s in await repo.pending_steps(session, row.id) if s.id != step.id]
            if any(s.attempts > 1 for s in pending):
                return
            confirmed = not any(s.kind == StepKind.CONFIRM_REQUESTER for s in pending)
            if row.state == RequestState.FILING.value and not confirmed:
                return  # the confirmation marks it filed
            row.state, row.state_detail = RequestState.FILED.value, None
        if confirmed:  # no later step will update what the requester sees
            await self._tell_requester_state(step.request_id)

    async def _tell_requester_state(self, request_id: int) -> None:
        request = await self._load(request_id)
        card = await requester_card(self.sessions, request, self.config, self.chat)
        try:
            if request.filing_view_id:
                await self.chat.update_view(request.filing_view_id, request_status_view(card))
            await self.requester.show(request, card)
        except DeliveryError as exc:
            log.warning("could not tell the requester of RFH-%s its state: %s", request_id, exc)

    async def _alert_admins(self, request_id: int, detail: str) -> None:
        assert self.config.admin_channel
        try:
            await self.chat.post(self.config.admin_channel,
                                 text=f":rotating_light: RFH-{request_id} needs attention: {mrkdwn(detail)} "
                                      f"Once fixed, run `rfh retry {request_id}` or press Retry on it.")
        except DeliveryError as exc:
            log.error("could not alert the admin channel about RFH-%s: %s", request_id, exc)
