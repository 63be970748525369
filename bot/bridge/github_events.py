"""GitHub webhook events for filed issues: comments count as activity; closing or reopening mirrors to Slack.

The delivery id is marked seen in the same transaction as the event's effects: a failure rolls both back, so
GitHub's redelivery (same ``X-GitHub-Delivery``) is handled, and a delivery that changes nothing marks nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.ownership.service import Ownership
from bot.services import Services
from storage import repository as repo
from storage.models import Request

KNOWN_EVENTS = frozenset({"ping", "issues", "issue_comment"})
"""The ``event`` label of the webhook metric takes only these (and "other"): the header is the sender's to choose."""


def event_label(event: str) -> str:
    return event if event in KNOWN_EVENTS else "other"


async def handle_github_event(services: Services, event: str, payload: dict[str, Any],
                              delivery: str | None = None) -> str:
    if event == "ping":
        return "pong"
    if event not in ("issues", "issue_comment"):
        return "ignored"
    sender = payload.get("sender") or {}
    issue = payload.get("issue") or {}
    if not isinstance(sender, dict) or not isinstance(issue, dict) or sender.get("type") == "Bot" \
            or issue.get("pull_request"):
        return "ignored"
    repo_name = (payload.get("repository") or {}).get("full_name")
    number = issue.get("number")
    if not isinstance(repo_name, str) or not isinstance(number, int):
        return "ignored"
    ownership = Ownership(sessions=services.sessions, config=services.config, clock=services.clock)
    actor = f"github:{sender.get('login', 'unknown')}"
    action = payload.get("action")
    async with services.sessions() as session, session.begin():
        query = select(Request).where(Request.issue_repo == repo_name, Request.issue_number == number)
        request = (await session.execute(query)).scalar_one_or_none()
        if request is None:
            return "unknown_issue"
        await repo.lock_request(session, request.id)  # one delivery at a time; the seen mark rolls back with it
        if delivery and not await repo.mark_seen(session, "github", delivery, services.clock.now()):
            return "duplicate"
        request.last_activity_at = services.clock.now()
        if event == "issues" and action == "closed" and request.status == "open":
            kind = "wont_fix" if issue.get("state_reason") == "not_planned" else "fixed"
            outcome = "resolved" if (await ownership.resolve_from_github(request.id, actor, kind,
                                                                         session=session)).ok else "noop"
        elif event == "issues" and action == "reopened" and request.status == "resolved":
            outcome = "reopened" if (await ownership.reopen_from_github(request.id, actor, session=session)).ok \
                else "noop"
        else:
            outcome = "activity"
    services.worker.wake()
    return outcome
