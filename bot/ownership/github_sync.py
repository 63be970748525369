"""The step that keeps the GitHub issue's assignee equal to the owner after a change made in Slack. (Changes made on
GitHub come back through ``bot.bridge``; their thread lines are ``bot.blocks.ownership_notes.github_line``.)"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.clock import Clock
from bot.core.domain import StepKind
from bot.core.ownership_events import OwnershipEvent, OwnershipEventKind
from storage import repository as repo
from storage.models import Request

K = OwnershipEventKind


async def queue_assignee_sync(session: AsyncSession, request: Request, e: OwnershipEvent, key: str,
                              clock: Clock) -> None:
    """Taking ownership in Slack assigns the owner's GitHub login on the issue (and unassigns the previous owner);
    releasing unassigns. Logins are looked up when the step runs, so a link made later still counts."""
    if e.kind in (K.CLAIMED, K.CONFIRMED, K.HANDED_OVER):
        add, remove = e.to_user, e.from_user if e.from_user != e.to_user else None
    elif e.kind in (K.RELEASED, K.DECLINED):
        add, remove = None, e.from_user
    else:
        return
    if request.issue_number and (add or remove):
        await repo.add_steps(session, request, [StepKind.SYNC_ASSIGNEE], clock.now(), round_=key,
                             payload={"add": add, "remove": remove})
