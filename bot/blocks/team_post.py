"""The post in the team channel (and its updates as ownership changes), and the requester's confirmation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.blocks.ids import ActionId
from bot.core.domain import RequestState, RequestStatus
from bot.core.text import mrkdwn, one_line, truncate

BRIEF_LIMIT = 600


@dataclass(frozen=True)
class RequestCard:
    """What a Slack surface shows of a request; built by the services from the stored request."""

    request_id: int
    customer: str
    summary: str
    need: str
    urgency: str
    priority: str
    requester_id: str
    team_name: str
    mention: str
    """The team ping the bot builds itself: <!subteam^ID|@handle>, @handle, or <@rep> <@ce> for CE requests."""
    request_type: str
    tier: int | None = None
    in_sales_process: bool = False
    needed_by: date | None = None
    issue_url: str | None = None
    issue_ref: str | None = None
    public_issue_url: str | None = None
    public_pending: bool = False
    """A public issue was asked for and waits for the requester's (or a lead's) approval."""
    permalink: str | None = None
    post_permalink: str | None = None
    team_channel: str | None = None
    owner_id: str | None = None
    owner_informal: bool = False
    status: str = RequestStatus.OPEN
    resolution: str | None = None
    state: RequestState = RequestState.FILED
    state_detail: str | None = None
    files_issue: bool = True
    people: tuple[str, ...] = ()
    """Slack user ids the requester asked to include (e.g. the account's CE)."""
    priorities_list: bool = False
    """The team keeps an RFH priorities list (handbook 002: Core App and Distribution)."""
    list_position: int | None = None
    list_length: int | None = None
    """Where the request stands on that list (1 = top), when it is on it."""

    @property
    def title(self) -> str:
        return f"[{self.customer}] {self.summary}"


def team_post(card: RequestCard) -> tuple[str, list[Block]]:
    """Fallback text and blocks for the team-channel post."""
    headline = (f"{card.mention} New request for help RFH-{card.request_id} from <@{card.requester_id}>: "
                f"*{mrkdwn(one_line(card.title))}*")
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=truncate(headline, 3000))),
        SectionBlock(text=MarkdownTextObject(text=_quote(truncate(card.need, BRIEF_LIMIT)))),
        SectionBlock(fields=_fields(card)),
        ContextBlock(elements=[MarkdownTextObject(text=ownership_line(card))]),
    ]
    if card.status == RequestStatus.OPEN:
        blocks.append(ActionsBlock(elements=_buttons(card)))
    else:
        blocks.append(ActionsBlock(elements=[_button("Reopen", ActionId.REOPEN, card),
                                             _button("History", ActionId.HISTORY, card)]))
    link = f" {card.issue_url}" if card.issue_url else ""
    text = f"{card.mention} New request for help RFH-{card.request_id}: {mrkdwn(one_line(card.title))}{link}"
    return truncate(text, 3000), blocks


def ownership_line(card: RequestCard) -> str:
    if card.status == RequestStatus.RESOLVED:
        how = f" ({mrkdwn(card.resolution.replace('_', ' '))})" if card.resolution else ""
        return f":white_check_mark: Resolved{how}"
    if card.owner_id:
        kind = "informally owned" if card.owner_informal else "Owned"
        return f":bust_in_silhouette: {kind.capitalize()} by <@{card.owner_id}>: theirs to see through or hand over"
    return ":warning: Nobody owns this yet. Take ownership to see it through."


def confirmation(card: RequestCard) -> str:
    """The message the requester sees in their thread (or DM): the request's state and where it went."""
    where = f" in <#{card.team_channel}>" if card.team_channel and card.team_channel.startswith("C") else ""
    if card.state is RequestState.FILING:
        return f":hourglass_flowing_sand: Filing RFH-{card.request_id} for *{mrkdwn(card.customer)}*…"
    if card.state is RequestState.RETRYING:
        return (f":warning: RFH-{card.request_id} is stored but not delivered yet: "
                f"{mrkdwn(card.state_detail or 'a service is not answering')}. I will keep retrying.")
    if card.state is RequestState.NEEDS_ATTENTION:
        return (f":x: RFH-{card.request_id} is stored but needs attention: "
                f"{mrkdwn(card.state_detail or 'delivery failed')}. Once that is fixed, press Retry.")
    issue = f" <{card.issue_url}|{card.issue_ref or 'GitHub issue'}>" if card.issue_url else ""
    public = f" (public: <{card.public_issue_url}|issue>)" if card.public_issue_url else (
        " (public issue: waiting for your approval, see the review message)" if card.public_pending else "")
    post = f" and <{card.post_permalink}|posted>" if card.post_permalink else " and posted"
    filed = "Filed" + issue + public + post if card.files_issue else "Posted"
    return (f":white_check_mark: {filed}{where} for {mrkdwn(card.team_name)} "
            f"(RFH-{card.request_id}, {mrkdwn(card.priority)}). You stay accountable for the customer's outcome; "
            "I'll tell you when someone takes ownership.")


def confirmation_blocks(card: RequestCard) -> list[Block]:
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=confirmation(card)))]
    if card.state is RequestState.FILED:  # the requester sees who owns it, updated as ownership moves
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=ownership_line(card))]))
        if card.priorities_list and card.list_position:
            note = (f":clipboard: RFH-{card.request_id} is *#{card.list_position}* of {card.list_length} on the RFH "
                    f"priorities list of {mrkdwn(card.team_name)} (newest goes last; a lead reorders it on full "
                    "context, and I'll tell you when it moves).")
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    if card.state is RequestState.NEEDS_ATTENTION:
        blocks.append(ActionsBlock(elements=[_button("Retry", ActionId.RETRY, card, style="primary")]))
    return blocks


def _fields(card: RequestCard) -> list[MarkdownTextObject]:
    tier = f", tier {card.tier}" if card.tier else ""
    sales = ", in the sales process" if card.in_sales_process else ""
    fields = [
        f"*Priority*\n{mrkdwn(card.priority)}",
        f"*Customer*\n{mrkdwn(card.customer)}{tier}{sales}",
        f"*Timeline*\n{mrkdwn(truncate(one_line(card.urgency), 500))}",
        f"*Type*\n{mrkdwn(card.request_type)}",
    ]
    if card.needed_by:
        fields.append(f"*Needed by*\n{card.needed_by.isoformat()}")
    if card.issue_url:
        fields.append(f"*Issue*\n<{card.issue_url}|{mrkdwn(card.issue_ref or 'GitHub issue')}>")
    elif card.files_issue:
        fields.append(f"*Issue*\n{card.state.label}")
    if card.permalink:
        fields.append(f"*Thread*\n<{card.permalink}|customer thread>")
    if card.people:
        fields.append("*Include*\n" + " ".join(f"<@{user}>" for user in card.people[:10]))
    return [MarkdownTextObject(text=truncate(f, 2000)) for f in fields]


def _buttons(card: RequestCard) -> list[ButtonElement]:
    buttons = [
        _button("Take ownership", ActionId.TAKE_OWNERSHIP, card, style="primary"),
        _button("Hand over", ActionId.HAND_OVER, card),
        _button("Resolve", ActionId.RESOLVE, card),
        _button("Re-route", ActionId.REROUTE, card),
    ]
    if card.owner_id:  # the owner (or a lead) may give it back to the queue; the on-call is reminded again
        buttons.append(_button("Release", ActionId.RELEASE, card))
    buttons.append(_button("History", ActionId.HISTORY, card))
    return buttons


def _button(text: str, action: ActionId, card: RequestCard, style: str | None = None) -> ButtonElement:
    return ButtonElement(text=text, action_id=action, value=str(card.request_id), style=style)


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" for line in mrkdwn(text).splitlines() or [""])
