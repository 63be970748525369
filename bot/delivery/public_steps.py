"""The public issue's delivery steps: the private review message, and filing the approved, sanitised draft."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.blocks.public_review import review_message
from bot.core.domain import form_from_details
from bot.core.text import github_markdown, truncate
from bot.intake.issue_body import TITLE_LIMIT, issue_labels, marker, public_issue_body
from bot.intake.public_issue import APPROVED, PublicDraft, make_draft
from storage.models import Request, Step

if TYPE_CHECKING:
    from bot.delivery.steps import StepRunner


async def file_public_issue(runner: StepRunner, request: Request, step: Step) -> dict[str, Any]:
    """The approved, sanitised draft (``bot.intake.public_issue``); nothing else of the request goes public."""
    if request.public_issue_url or not runner.config.public_tracker:
        return {"skipped": "no public tracker configured" if not runner.config.public_tracker else "already"}
    stored = PublicDraft.load(request.details)
    if stored is not None and stored.state != APPROVED:
        return {"skipped": "not approved"}
    # A request stored before drafts existed is sanitised now.
    draft = stored or make_draft(form_from_details(request.details), runner.config)
    token = marker(request.key) + "p"
    found = await runner.tracker.find_issue_by_marker(runner.config.public_tracker, token) if step.uncertain else None
    title = truncate(github_markdown(draft.title, inline=True), TITLE_LIMIT)
    ref = found or await runner._create(
        request, runner.config.public_tracker, title, public_issue_body(draft, runner._ctx(request)),
        issue_labels(customer_slug=request.customer_slug, team_label=runner.config.teams[request.team_id].label,
                     priority=request.priority, public=True))
    async with runner.sessions() as session, session.begin():
        row = await session.get(Request, request.id)
        assert row is not None
        row.public_issue_url = ref.url
    return {"public_issue": ref.number, "url": ref.url}


async def review_public(runner: StepRunner, request: Request, step: Step) -> dict[str, Any]:
    """The draft, privately to the requester and each lead of the team, with Approve and Edit."""
    draft = PublicDraft.load(request.details)
    if draft is None or draft.state == APPROVED or not runner.config.public_tracker:
        return {"skipped": "nothing to review"}
    text, blocks = review_message(request.id, draft, public_repo=runner.config.public_tracker,
                                  requester=request.requester_id)
    sent = {}
    for user in dict.fromkeys([request.requester_id, *runner.config.teams[request.team_id].leads]):
        ref = await runner.chat.post_once(user, key=f"{request.key}:review:{user}", text=text, blocks=blocks,
                                        uncertain=step.uncertain)
        sent[user] = ref.ts
    return {"sent": sent}
