"""What the bridge says in Slack: a GitHub comment in the team post's thread, the lines for label and assignee changes,
and the requester's private note. Text from GitHub arrives here converted and escaped (``bot.bridge.markdown``)."""

from __future__ import annotations

from typing import Any

from bot.core.text import mrkdwn, one_line, truncate


def comment_message(*, author: str, text: str, url: str | None, edited: bool) -> tuple[str, list[dict[str, Any]]]:
    """A comment from the issue. ``author`` is already mrkdwn (a Slack name or a GitHub login, escaped)."""
    where = f"<{url}|on GitHub>" if url else "on GitHub"
    head = f":speech_balloon: *{author}* commented {where}" + (" _(edited)_" if edited else "") + ":"
    body = text or "_(empty comment)_"
    blocks: list[dict[str, Any]] = [
        {"type": "context", "elements": [{"type": "mrkdwn", "text": head}]},
        {"type": "section", "text": {"type": "mrkdwn", "text": body}},
    ]
    return truncate(f"{head}\n{body}", 3900), blocks


def deleted_message(*, author: str) -> tuple[str, list[dict[str, Any]]]:
    text = f":wastebasket: _A comment by {author} was deleted on GitHub._"
    return text, [{"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}]


def label_line(*, login: str, label: str, added: bool, rfh: str) -> str:
    verb = "added the label" if added else "removed the label"
    return f":label: {mrkdwn(login)} {verb} `{mrkdwn(label)}` on the GitHub issue of {rfh}."


def priority_line(*, login: str, old: str, new: str, rfh: str) -> str:
    return f":arrows_clockwise: {mrkdwn(login)} changed the priority of {rfh} on GitHub: {mrkdwn(old)} → {mrkdwn(new)}."


def priority_kept_line(*, login: str, label: str, rfh: str) -> str:
    return (f":label: {mrkdwn(login)} removed the priority label `{mrkdwn(label)}` on GitHub; {rfh} keeps "
            f"{mrkdwn(label)} until another priority label is added.")


def assignee_unmapped_line(*, login: str, assignee: str, rfh: str) -> str:
    return (f":bust_in_silhouette: {mrkdwn(login)} assigned `{mrkdwn(assignee)}` on the GitHub issue of {rfh}; "
            f"no Slack account is linked to `{mrkdwn(assignee)}`, so ownership in Slack is unchanged "
            f"(`/rfh github {mrkdwn(assignee)}` links it).")


def assignment_refused_line(*, login: str, assignee: str, rfh: str, reason: str, assigned: bool) -> str:
    did = "assigned" if assigned else "unassigned"
    return (f":no_entry: {mrkdwn(login)} {did} `{mrkdwn(assignee)}` on the GitHub issue of {rfh}, but ownership "
            f"in Slack did not change: {reason}")


def requester_note(*, requester: str, rfh: str, customer: str, summary: str, author: str,
                   thread_link: str | None) -> str:
    where = f"<{thread_link}|the team's thread>" if thread_link else "the team's thread"
    return (f":speech_balloon: <@{requester}>, engineering commented on {rfh} *[{mrkdwn(customer)}] "
            f"{mrkdwn(truncate(one_line(summary), 120))}* ({author} on GitHub). The conversation is in {where}; "
            "I will not ping you for every comment in this burst.")
