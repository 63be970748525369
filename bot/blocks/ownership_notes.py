"""The words of the ownership lifecycle (seed 004): the team thread's line for each change, what the requester and
a new owner are told, and the private answer to the person who clicked. Pure: events in, mrkdwn out."""

from __future__ import annotations

from datetime import datetime

from bot.blocks.pings import RequestRef, slack_time
from bot.core.ownership_events import OwnershipEvent, OwnershipEventKind
from bot.core.text import mrkdwn

K = OwnershipEventKind
GITHUB_PREFIX = "github:"
BOT_ACTOR = "rfh"

_DONE = {
    K.CLAIMED: "You own RFH-{id} now: see it through to resolution, or hand it over to a named new owner.",
    K.CONFIRMED: "Confirmed: RFH-{id} is yours to see through or hand over.",
    K.DECLINED: "Declined: RFH-{id} is unowned again and the on-call will be reminded.",
    K.RELEASED: "Released: RFH-{id} is unowned again and the on-call will be reminded.",
    K.HANDED_OVER: "Handed RFH-{id} over to <@{target}>; they have your note.",
    K.RESOLVED: "RFH-{id} is resolved; the requester has been told.",
    K.REOPENED: "RFH-{id} is open again.",
    K.INFORMAL: "You informally own RFH-{id}.",
}
GONE = "That request no longer exists."


def who(actor: str) -> str:
    """A recorded actor as Slack shows it: a Slack user, a GitHub login (no Slack account linked), or the bot."""
    if actor.startswith(GITHUB_PREFIX):
        return f"{mrkdwn(actor.removeprefix(GITHUB_PREFIX))} (on GitHub)"
    return "the rfh bot" if actor == BOT_ACTOR else f"<@{actor}>"


def done_message(kind: OwnershipEventKind, request_id: int, target: str | None = None) -> str:
    """The private answer to whoever clicked, once their change is recorded."""
    return _DONE[kind].format(id=request_id, target=target)


def informally_owns(user: str, request_id: int) -> str:
    return f"<@{user}> informally owns RFH-{request_id}."


def picked_up(user: str, request_id: int) -> str:
    """The requester's note when someone takes over the team thread's conversation."""
    return f":eyes: {who(user)} picked up RFH-{request_id} in the team's thread."


def snoozed(request_id: int, until: datetime) -> str:
    return (f"Snoozed: no reminder about RFH-{request_id} before {slack_time(until)}. "
            "It is still yours to see through or hand over.")


def thread_line(e: OwnershipEvent, request_id: int) -> str:
    """The team thread's line for a change made in Slack."""
    rfh, by = f"RFH-{request_id}", who(e.actor)
    took_from = f" from <@{e.from_user}>" if e.from_user and e.from_user != e.actor else ""
    released = (f":leftwards_arrow_with_hook: {by} released {rfh}; it needs an owner." if e.actor != BOT_ACTOR
                else f":leftwards_arrow_with_hook: {rfh} needs an owner again ({mrkdwn(e.note or 'released')}).")
    lines = {
        K.CLAIMED: f":raising_hand: {by} took ownership of {rfh}{took_from} and will see it through.",
        K.CONFIRMED: f":white_check_mark: {by} confirmed: {rfh} is theirs to see through.",
        K.DECLINED: f":wave: {by} is not taking {rfh}; it needs an owner.",
        K.RELEASED: released,
        K.HANDED_OVER: f":arrows_counterclockwise: {by} handed {rfh} over to <@{e.to_user}>: {mrkdwn(e.note or '')}",
        K.RESOLVED: f":white_check_mark: {by} resolved {rfh} "
                    f"({e.resolution.label if e.resolution else 'resolved'}): {mrkdwn(e.note or '')}",
        K.REOPENED: f":leftwards_arrow_with_hook: {by} reopened {rfh}.",
    }
    return lines[e.kind]


def rerouted_line(actor: str, request_id: int, old_team: str, new_team: str, note: str) -> str:
    """The old team thread's line when the request moves to another team."""
    return (f":twisted_rightwards_arrows: {who(actor)} re-routed RFH-{request_id} from {old_team} to {new_team}"
            + (f": {mrkdwn(note)}" if note else "."))


def github_line(e: OwnershipEvent, request_id: int) -> str:
    """The team thread's line for an ownership change mirrored from the GitHub issue."""
    rfh = f"RFH-{request_id}"
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


def resolved_for_requester(e: OwnershipEvent, *, request_id: int, requester: str, customer: str) -> str:
    """Seed 002: the requester stays accountable for the customer's outcome, so the bot hands the loop back."""
    how = e.resolution.label if e.resolution else "resolved"
    on_github = e.actor.startswith(GITHUB_PREFIX)
    by = (f"the GitHub issue was closed by {mrkdwn(e.actor.removeprefix(GITHUB_PREFIX))}" if on_github
          else f"{who(e.actor)} resolved it")
    note = f"\n>{mrkdwn(e.note)}" if e.note and not on_github else ""
    return (f":white_check_mark: <@{requester}>, RFH-{request_id} for *{mrkdwn(customer)}* is resolved ({how}): "
            f"{by}.{note}\nYou stay accountable for the customer's outcome: please close the loop with the "
            "customer.")


def hand_over_dm(e: OwnershipEvent, ref: RequestRef, *, requester: str, issue_url: str | None) -> str:
    """The new owner's DM: what they now own, why, and where to start."""
    issue = f"\nIssue: {issue_url}" if issue_url else ""
    return (f":arrows_counterclockwise: {who(e.actor)} handed you {ref.name}. It is yours now: see it "
            f"through to resolution or hand it over to someone else.\n>*Note:* {mrkdwn(e.note or '')}\n"
            f"Requester: <@{requester}>{issue}")
