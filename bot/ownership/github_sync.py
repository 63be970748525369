"""Ownership and the GitHub issue's assignees, both ways: the thread lines for changes made on GitHub, and the step
that keeps the assignee equal to the owner after a change made in Slack."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.clock import Clock
from bot.core.domain import StepKind
from bot.core.text import mrkdwn
from bot.ownership.rules import OwnershipEvent, OwnershipEventKind
from storage import repository as repo
from storage.models import Request

K = OwnershipEventKind
GITHUB_PREFIX = "github:"


def who(actor: str) -> str:
    """A recorded actor as Slack shows it: a Slack user, a GitHub login (no Slack account linked), or the bot."""
    if actor.startswith(GITHUB_PREFIX):
        return f"{mrkdwn(actor.removeprefix(GITHUB_PREFIX))} (on GitHub)"
    return "the rfh bot" if actor == "rfh" else f"<@{actor}>"


def github_line(e: OwnershipEvent, rfh: str) -> str:
    """The team thread's line for an ownership change mirrored from the GitHub issue."""
    via = who(e.actor) if e.actor.startswith(GITHUB_PREFIX) else f"<@{e.actor}>"
    login = mrkdwn(e.actor.removeprefix(GITHUB_PREFIX))
    lines = {
        K.RESOLVED: f":white_check_mark: The GitHub issue was closed by {login}, so {rfh} is resolved.",
        K.REOPENED: f":leftwards_arrow_with_hook: The GitHub issue was reopened by {login}, so {rfh} is open again.",
        K.CLAIMED: f":raising_hand: <@{e.to_user}> owns {rfh} now: {via} assigned them on GitHub.",
        K.CONFIRMED: f":white_check_mark: <@{e.to_user}> confirmed: {rfh} is theirs ({via} assigned them on GitHub).",
        K.HANDED_OVER: f":arrows_counterclockwise: {rfh} moved from <@{e.from_user}> to <@{e.to_user}>: {via} "
                       "assigned them on GitHub.",
        K.RELEASED: f":leftwards_arrow_with_hook: {rfh} needs an owner again: {via} unassigned <@{e.from_user}> "
                    "on GitHub.",
    }
    return lines.get(e.kind, f"{rfh}: {e.kind.value} on GitHub by {via}.")


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
