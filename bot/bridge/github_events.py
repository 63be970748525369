"""GitHub webhooks on a filed issue, taken in: in one transaction the delivery id is recorded, the comment stored
and the steps that act on it queued; the worker does the rest (``bot.bridge.to_slack``), in order, with retries.

A redelivery (same ``X-GitHub-Delivery``) does nothing; a comment already stored (same comment id) is not bridged
again; the bot's own comments (hidden marker) and GitHub Apps' events are not taken in at all.

The delivery id is marked seen in the same transaction as the event's effects, after the request's lock: a failure
rolls both back, so GitHub's redelivery is handled.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.blocks.bridge import requester_note
from bot.bridge.people import PeopleMap
from bot.bridge.rules import comment_key, tell_requester, written_by_bot
from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.domain import StepKind
from bot.core.text import mrkdwn, one_line, truncate
from storage import bridge_repo
from storage import repository as repo
from storage.models import BridgedItem, Request, TimelineKind

ISSUE_CHANGES = {"closed", "reopened", "labeled", "unlabeled", "assigned", "unassigned"}
TOLD_AT = "bridge_requester_told_at"

KNOWN_EVENTS = frozenset({"ping", "issues", "issue_comment"})
"""The ``event`` label of the webhook metric takes only these (and "other"): the header is the sender's to choose."""


class GitHubEvents:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, clock: Clock,
                 people: PeopleMap):
        self.sessions, self.config, self.clock, self.people = sessions, config, clock, people

    async def take(self, event: str, *, delivery: str, payload: dict[str, Any]) -> str:
        """What became of the delivery, for the webhook's answer and the metrics."""
        skipped = _skip(event, payload)
        if skipped:
            return skipped
        repo_name = str((payload.get("repository") or {}).get("full_name") or "")
        number = int((payload.get("issue") or {}).get("number") or 0)
        action = str(payload.get("action") or "")
        async with self.sessions() as session, session.begin():
            request = await bridge_repo.request_for_issue(session, repo_name, number)
            if request is None:
                return "unknown_issue"
            await repo.lock_request(session, request.id)  # opens the transaction first (see lock_request)
            if delivery and not await repo.mark_seen(session, "github", delivery, self.clock.now()):
                return "duplicate"
            request.last_activity_at = self.clock.now()
            bridged = self.config.team_model(request.team_id)
            enabled = bridged is None or bridged.bridge.enabled
            if event == "issue_comment":
                return await self._comment(session, request, action, payload) if enabled else "bridge_off"
            if action not in ISSUE_CHANGES or (not enabled and action not in ("closed", "reopened")):
                return "activity"
            await repo.add_steps(session, request, [StepKind.GITHUB_CHANGE], self.clock.now(),
                                 round_=f"gh.{delivery or uuid.uuid4().hex}", payload=_change(action, payload))
            return action

    async def _comment(self, session: AsyncSession, request: Request, action: str, payload: dict[str, Any]) -> str:
        comment = payload.get("comment") or {}
        login = str((comment.get("user") or {}).get("login") or "someone")
        item = await bridge_repo.item(session, comment_key(comment.get("id", "")))
        now = self.clock.now()
        if action == "deleted":
            if item is None or item.deleted:
                return "duplicate" if item else "unknown_comment"
            item.deleted, item.version, item.updated_at = True, item.version + 1, now
            await self._record(session, request, item, f"github:{(payload.get('sender') or {}).get('login', login)}",
                               "deleted a comment on GitHub")
            return "comment_deleted"
        edit_key = str(comment.get("updated_at") or "")
        if item is not None and action == "created" or item is not None and item.edited_key == edit_key:
            return "duplicate"
        body = str(comment.get("body") or "")
        if item is None:
            item = BridgedItem(request_id=request.id, origin="github", source_key=comment_key(comment.get("id", "")),
                               author=login, body=body, url=comment.get("html_url"), files=[], version=1,
                               edited_key=edit_key, deleted=False, internal=False, created_at=now, updated_at=now)
            session.add(item)
            await session.flush()
            await self._record(session, request, item, f"github:{login}", "commented on GitHub: " + _excerpt(body))
            await self._tell_requester(session, request, login, item)
            return "comment"
        item.body, item.edited_key, item.version, item.updated_at = body, edit_key, item.version + 1, now
        await self._record(session, request, item, f"github:{login}", "edited a comment on GitHub: " + _excerpt(body))
        return "comment_edited"

    async def _record(self, session: AsyncSession, request: Request, item: BridgedItem, actor: str,
                      text: str) -> None:
        await bridge_repo.add_timeline(session, request.id, at=self.clock.now(), actor=actor,
                                       kind=TimelineKind.COMMENT,
                                       text=text)
        await repo.add_steps(session, request, [StepKind.BRIDGE_TO_SLACK], self.clock.now(),
                             round_=f"{item.id}.{item.version}", payload={"item": item.id, "version": item.version})

    async def _tell_requester(self, session: AsyncSession, request: Request, login: str, item: BridgedItem) -> None:
        """Privately, once per burst, and never about the requester's own comment; teams may turn it off."""
        team = self.config.team_model(request.team_id)
        if team is not None and not team.bridge.notify_requester:
            return
        if await self.people.known_user_for(login, session) == request.requester_id:
            return
        details = dict(request.details or {})
        told = datetime.fromisoformat(details[TOLD_AT]) if details.get(TOLD_AT) else None
        quiet = timedelta(minutes=self.config.bridge.requester_quiet_minutes)
        if not tell_requester(told, self.clock.now(), quiet):
            return
        request.details = {**details, TOLD_AT: self.clock.now().isoformat()}
        text = requester_note(requester=request.requester_id, rfh=f"RFH-{request.id}", customer=request.customer,
                              summary=request.summary, author=mrkdwn(login),
                              thread_link=str(details.get("post_permalink") or "") or None)
        await repo.add_steps(session, request, [StepKind.NOTIFY], self.clock.now(), round_=f"bridge-dm.{item.id}",
                             payload={"channel": request.requester_id, "text": text})


def event_label(event: str) -> str:
    return event if event in KNOWN_EVENTS else "other"


def _skip(event: str, payload: dict[str, Any]) -> str | None:
    if event == "ping":
        return "pong"
    if event not in ("issues", "issue_comment"):
        return "ignored"
    issue, sender = payload.get("issue") or {}, payload.get("sender") or {}
    if not isinstance(sender, dict) or not isinstance(issue, dict) or issue.get("pull_request") \
            or sender.get("type") == "Bot":
        return "ignored"
    repository = payload.get("repository") or {}
    if not isinstance(repository, dict) or not isinstance(repository.get("full_name"), str) \
            or not isinstance(issue.get("number"), int):
        return "ignored"
    if event == "issue_comment" and written_by_bot((payload.get("comment") or {}).get("body")):
        return "own_comment"  # the bot's mirror of a Slack reply (or a note): never echoed back
    return None


def _change(action: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The slice of the payload the GITHUB_CHANGE step needs (the step decides against the request as it is then)."""
    issue = payload.get("issue") or {}
    return {
        "action": action, "sender": str((payload.get("sender") or {}).get("login") or "someone"),
        "label": (payload.get("label") or {}).get("name"),
        "assignee": (payload.get("assignee") or {}).get("login"),
        "state_reason": issue.get("state_reason"),
    }


def _excerpt(body: str) -> str:
    return truncate(one_line(body), 280)
