"""Messages of the ownership lifecycle and the SLA reminders: the informal take-over prompt, on-call pings,
re-pings and escalations, the stale-owner nudge, and the daily digest. Pure: dataclasses in, text and blocks out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ContextBlock, MarkdownTextObject, SectionBlock

from bot.blocks.ids import ActionId
from bot.core.text import mrkdwn, one_line, truncate


@dataclass(frozen=True)
class RequestRef:
    """How reminders name a request: RFH-12 *[Acme] summary* (ce/p1), linked to its team post when known."""

    request_id: int
    customer: str
    summary: str
    priority: str
    post_link: str | None = None

    @property
    def name(self) -> str:
        title = mrkdwn(truncate(one_line(f"[{self.customer}] {self.summary}"), 150))
        linked = f"<{self.post_link}|{title}>" if self.post_link else title
        return f"RFH-{self.request_id} *{linked}* ({mrkdwn(self.priority)})"


def slack_time(at: datetime, fallback_format: str = "%Y-%m-%d %H:%M UTC") -> str:
    """Rendered in each reader's own time zone by Slack; the fallback is UTC."""
    return f"<!date^{int(at.timestamp())}^{{date_short_pretty}} at {{time}}|{at.strftime(fallback_format)}>"


def duration_text(span: timedelta, business: bool) -> str:
    """``15 minutes``, ``1 hour``, ``1 business day``, ``2 days 3 hours``: how the SLA config reads."""
    days, rest = span.days, span.seconds
    parts = [_plural(days, "business day" if business else "day"), _plural(rest // 3600, "hour"),
             _plural(rest % 3600 // 60, "minute")]
    return " ".join(p for p in parts if p) or "no time"


def _plural(n: int, unit: str) -> str:
    return "" if n == 0 else f"{n} {unit}" + ("" if n == 1 else "s")


def _button(text: str, action: ActionId, request_id: int, style: str | None = None) -> ButtonElement:
    return ButtonElement(text=text, action_id=action, value=str(request_id), style=style)


def _message(text: str, *buttons: ButtonElement) -> list[Block]:
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=truncate(text, 3000)))]
    if buttons:
        blocks.append(ActionsBlock(elements=list(buttons)))
    return blocks


def informal_prompt(ref: RequestRef, user: str) -> tuple[str, list[Block]]:
    """In the request's thread, to the person who replied first while nobody owned it."""
    text = (f":eyes: <@{user}> replied while nobody owned {ref.name}, so it is theirs informally: whoever takes "
            f"over the conversation sees it through or hands it over. <@{user}>, confirm or decline.")
    return text, _message(text, _button("Confirm: it's mine", ActionId.CONFIRM_INFORMAL, ref.request_id, "primary"),
                          _button("Decline", ActionId.DECLINE_INFORMAL, ref.request_id))


def oncall_thread_ping(ref: RequestRef, oncall: str, team: str, window: str) -> str:
    return (f":pager: <@{oncall}>, you are on call for {mrkdwn(team)}: please take ownership of {ref.name} "
            f"or hand it to someone who can, within {window}.")


def oncall_dm(ref: RequestRef, team: str, window: str) -> tuple[str, list[Block]]:
    text = (f":pager: You are on call for {mrkdwn(team)} and {ref.name} just came in. It should have an owner "
            f"within {window}.")
    return text, _message(text, _button("Take ownership", ActionId.TAKE_OWNERSHIP, ref.request_id, "primary"))


def reping_text(ref: RequestRef, mention: str, unowned_for: str, window: str) -> str:
    return (f":alarm_clock: {mention} {ref.name} has had no owner for {unowned_for}; requests like it should be "
            f"claimed within {window}. Take ownership on the post, or hand it to someone who can.")


def reping_dm(ref: RequestRef, unowned_for: str) -> tuple[str, list[Block]]:
    text = f":alarm_clock: Reminder: {ref.name} has had no owner for {unowned_for} and you are on call."
    return text, _message(text, _button("Take ownership", ActionId.TAKE_OWNERSHIP, ref.request_id, "primary"))


def escalation_text(ref: RequestRef, unowned_for: str, people: Sequence[tuple[str, str]]) -> str:
    """``people``: (user id, why they are told), e.g. ("U2", "next on call"), ("U9", "lead")."""
    named = ", ".join(f"<@{user}> ({why})" for user, why in people)
    return (f":rotating_light: {ref.name} still has no owner after {unowned_for}, past its SLA. Escalating to "
            f"{named}: please make sure someone takes it now.")


def escalation_dm(ref: RequestRef, unowned_for: str, why: str) -> tuple[str, list[Block]]:
    text = (f":rotating_light: {ref.name} has had no owner for {unowned_for}, past its SLA. You are told as "
            f"{why}: please take it or find someone who will.")
    return text, _message(text, _button("Take ownership", ActionId.TAKE_OWNERSHIP, ref.request_id, "primary"))


def stale_nudge(ref: RequestRef, quiet_for: str) -> tuple[str, list[Block]]:
    """The DM to an owner whose request has been quiet too long (seed 004: see it through or hand it over)."""
    text = (f":hourglass: You own {ref.name} and nothing has happened on it for {quiet_for}. Please see it "
            "through or hand it over to someone who will.")
    return text, _message(text, _button("Hand over", ActionId.HAND_OVER, ref.request_id),
                          _button("Snooze 1 day", ActionId.SNOOZE, ref.request_id),
                          _button("Resolve", ActionId.RESOLVE, ref.request_id, "primary"))


@dataclass(frozen=True)
class DigestLine:
    ref: RequestRef
    detail: str
    overdue: bool = False


def digest(team: str, day: str, unowned: Sequence[DigestLine], overdue: Sequence[DigestLine]) -> tuple[str,
                                                                                                    list[Block]]:
    """The daily digest for a team channel; the caller posts nothing when both lists are empty."""
    count = len(unowned) + len(overdue)
    what = "1 request needs" if count == 1 else f"{count} requests need"
    head = f":clipboard: *{mrkdwn(team)}: {what} attention* ({day})"
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=head))]
    for title, lines in ((f"Unowned ({len(unowned)})", unowned), (f"Overdue ({len(overdue)})", overdue)):
        if lines:
            body = "\n".join(_digest_line(line) for line in lines)
            blocks.append(SectionBlock(text=MarkdownTextObject(text=truncate(f"*{title}*\n{body}", 3000))))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(
        text="Unowned: nobody has taken ownership. Overdue: the owner has been quiet past the SLA, or it is past "
             "its needed-by date.")]))
    return f"{team}: {what} attention", blocks


def _digest_line(line: DigestLine) -> str:
    flag = " :red_circle:" if line.overdue else ""
    return f"• {line.ref.name}: {line.detail}{flag}"


def answered(text: str) -> list[Block]:
    """A prompt once someone answered it: the outcome, no buttons."""
    return [ContextBlock(elements=[MarkdownTextObject(text=truncate(text, 3000))])]
