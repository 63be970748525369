"""GitHub webhook events for filed issues: comments count as activity; closing or reopening mirrors to Slack."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from bot.core.domain import RequestStatus
from storage.models import Request

if TYPE_CHECKING:  # the container is built above this layer; only its type is named here
    from bot.services import Services


async def handle_github_event(services: Services, event: str, payload: dict[str, Any]) -> str:
    if event == "ping":
        return "pong"
    if event not in ("issues", "issue_comment"):
        return "ignored"
    sender = payload.get("sender") or {}
    issue = payload.get("issue") or {}
    if sender.get("type") == "Bot" or issue.get("pull_request"):
        return "ignored"
    repo_name = (payload.get("repository") or {}).get("full_name")
    number = issue.get("number")
    async with services.sessions() as session, session.begin():
        query = select(Request).where(Request.issue_repo == repo_name, Request.issue_number == number)
        request = (await session.execute(query)).scalar_one_or_none()
        if request is None:
            return "unknown_issue"
        request.last_activity_at = services.clock.now()
        request_id, status = request.id, request.status
    ownership = services.ownership
    actor = f"github:{sender.get('login', 'unknown')}"
    action = payload.get("action")
    if event == "issues" and action == "closed" and status == RequestStatus.OPEN:
        kind = "wont_fix" if issue.get("state_reason") == "not_planned" else "fixed"
        outcome = await ownership.resolve_from_github(request_id, actor=actor, kind=kind)
        services.worker.wake()
        return "resolved" if outcome.ok else "noop"
    if event == "issues" and action == "reopened" and status == RequestStatus.RESOLVED:
        outcome = await ownership.reopen_from_github(request_id, actor)
        services.worker.wake()
        return "reopened" if outcome.ok else "noop"
    return "activity"
