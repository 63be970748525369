"""What crosses between the GitHub issue and the team post's thread, and how it looks on the other side. Pure.

The bot's own writes are recognisable on both sides, so nothing it wrote comes back as if a person wrote it: its
GitHub comments end with a hidden ``<!-- rfh-bridge:… -->`` comment (user text cannot contain one:
``github_markdown`` escapes ``<!--``), its Slack messages carry a ``bot_id`` and ``rfh_*`` message metadata.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.core.text import github_markdown

MARKER_PREFIX = "<!-- rfh-bridge:"
BOT_COMMENT_KEY = "bot"
SLACK_EVENT_TYPE = "rfh_bridge"
"""Message metadata event type of the bot's mirrors of GitHub comments."""

_SLACK_LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")
_SLACK_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_SLACK_STRIKE = re.compile(r"(?<![\w~])~(?=\S)([^~\n]+?)(?<=\S)~(?![\w~])")


def marker(key: str) -> str:
    return f"{MARKER_PREFIX}{key} -->"


BOT_MARKER = marker(BOT_COMMENT_KEY)
"""Ends the bot's own notes on the issue (resolutions, the overflow of a long issue body)."""


def written_by_bot(body: str | None) -> bool:
    """A GitHub comment the bot wrote (a bridged Slack reply, a resolution note, an overflow of the issue body)."""
    return MARKER_PREFIX in (body or "")


def is_internal(text: str, internal_marker: str) -> bool:
    """A reply that stays in Slack: it starts with the team's marker, e.g. ``(internal)``."""
    return text.lstrip().lower().startswith(internal_marker.lower())


# -- Slack → GitHub --------------------------------------------------------------------------------------------------

def slack_to_markdown(text: str, names: Mapping[str, str]) -> str:
    """A Slack message as GitHub markdown, escaped like all user text bound for GitHub: people by name (never an
    @mention on either side), channels by name, links as markdown links, bold and strike-through converted."""

    def entity(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith("@"):
            user = target[1:]
            return names.get(user) or label or "a Slack user"
        if target.startswith("#"):
            return f"#{label or target[1:]}"
        if target.startswith("!"):
            return (label or "@" + target[1:].split("^")[0]).lstrip()
        if target.startswith(("http://", "https://", "mailto:")):
            return f"[{label}]({target})" if label and label != target else target
        return label or target

    plain = _SLACK_LINK.sub(entity, text or "")
    plain = plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    plain = _SLACK_BOLD.sub(r"**\1**", plain)
    plain = _SLACK_STRIKE.sub(r"~~\1~~", plain)
    return github_markdown(plain)


@dataclass(frozen=True)
class SharedFile:
    name: str
    url: str


def github_comment(*, author: str, permalink: str | None, text: str, files: list[SharedFile], key: str) -> str:
    """'**Ana Lopez** in Slack: …' with a link to the message, the files as links, and the hidden marker."""
    who = github_markdown(author.replace("*", "").strip() or "Someone")
    where = f"[Slack]({permalink})" if permalink else "Slack"
    links = "\n".join(f"- :paperclip: [{github_markdown(f.name).replace(']', ')')}]({f.url})" for f in files)
    parts = [f"**{who}** in {where}:", text.strip(), links, marker(key)]
    return "\n\n".join(p for p in parts if p)


def files_of(message: Mapping[str, Any]) -> list[SharedFile]:
    """Files shared with a Slack message, as links (their permalinks need a Slack login: nothing is copied)."""
    found = []
    for f in message.get("files") or []:
        url = f.get("permalink") or f.get("url_private")
        if url and str(url).startswith("https://"):
            found.append(SharedFile(str(f.get("name") or f.get("title") or "file"), str(url)))
    return found


# -- GitHub → Slack --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LabelEffect:
    """What a label added on GitHub means for the request: a new priority, a re-route, or a line in the thread."""

    kind: str  # "priority" | "team" | "note" | "none"
    value: str | None = None


def label_effect(label: str, *, added: bool, priority: str, priority_labels: tuple[str, ...],
                 team_labels: Mapping[str, str], team_id: str) -> LabelEffect:
    """Labels the bot itself set come back as webhooks too: those match the request already and change nothing."""
    lowered = label.lower()
    if lowered in (p.lower() for p in priority_labels):
        if added and lowered != priority.lower():
            return LabelEffect("priority", next(p for p in priority_labels if p.lower() == lowered))
        if not added and lowered == priority.lower():
            return LabelEffect("note")  # the current priority label removed: said in the thread, priority kept
        return LabelEffect("none")
    team = next((t for lbl, t in team_labels.items() if lbl.lower() == lowered), None)
    if team is not None:
        if added and team != team_id:
            return LabelEffect("team", team)
        return LabelEffect("none")
    return LabelEffect("note")


def tell_requester(last_told: datetime | None, now: datetime, quiet: timedelta) -> bool:
    """One DM per burst of comments: none again until ``quiet`` has passed since the last one."""
    return last_told is None or now - last_told >= quiet


def comment_key(comment_id: int | str) -> str:
    return f"gh:{comment_id}"


def reply_key(channel: str, ts: str) -> str:
    return f"sl:{channel}:{ts}"
