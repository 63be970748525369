"""Untrusted user text made safe for Slack mrkdwn and GitHub markdown, and cut to the platforms' sizes."""

from __future__ import annotations

import re

ZWSP = "\u200b"
_SLACK_BROADCAST = re.compile(r"@(here|channel|everyone)\b", re.IGNORECASE)
_GITHUB_MENTION = re.compile(r"(?<![\w`])@(?=[A-Za-z0-9][A-Za-z0-9-]*)")
_CLOSING_KEYWORDS = re.compile(
    r"\b(close[sd]?|fix(?:e[sd])?|resolve[sd]?)(\s*:?\s+)((?:[\w.-]+/[\w.-]+)?#\d+)", re.IGNORECASE
)


def mrkdwn(text: str) -> str:
    """Escape & < > (so no <!channel>, <@U…>, <!subteam^…> or disguised <url|label> can form) and break @here."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SLACK_BROADCAST.sub(lambda m: f"@{ZWSP}{m.group(1)}", escaped)


def github_markdown(text: str) -> str:
    """Neutralise @mentions, closing keywords and HTML comments (our idempotency marker) in user text."""
    text = text.replace("<!--", "&lt;!--")
    text = _GITHUB_MENTION.sub("@" + ZWSP, text)
    return _CLOSING_KEYWORDS.sub(lambda m: f"{m.group(1)}{ZWSP}{m.group(2)}{m.group(3)}", text)


def quote_block(text: str) -> str:
    """A GitHub markdown quote block: every line prefixed with '> '."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in github_markdown(text).splitlines())


def truncate(text: str, limit: int, *, marker: str = "…") -> str:
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(marker))] + marker


def one_line(text: str) -> str:
    return " ".join(text.split())
