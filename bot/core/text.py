"""Untrusted user text made safe for Slack mrkdwn and GitHub markdown, and cut to the platforms' sizes.

Every user text bound for GitHub (titles, issue sections, comments, resolve notes) goes through ``github_markdown``:
it neutralises @mentions, closing keywords, HTML (``<details>``, ``<pre>``, comments) and the rfh marker, and keeps
the markdown structure of one section inside that section: unclosed code fences are closed, headings, thematic
breaks and setext underlines are escaped, so a typed ``### Links`` or a fake "filed by the rfh bot" footer cannot
pass for the template's own.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

ZWSP = "\u200b"
_SLACK_BROADCAST = re.compile(r"@(here|channel|everyone)\b", re.IGNORECASE)
# GitHub starts a mention after anything but an ASCII word character: after "é" ("é@org/team") and after a code span
# ("`x`@org/team") too. E-mail addresses (me@example.com) are not mentions and stay as typed.
_GITHUB_MENTION = re.compile(r"(?<![A-Za-z0-9_])@(?=[A-Za-z0-9])")
_CLOSING_KEYWORDS = re.compile(
    r"\b(close[sd]?|fix(?:e[sd])?|resolve[sd]?)(\s*:?\s+)((?:[\w.-]+/[\w.-]+)?#\d+|https?://\S+/(?:issues|pull)/\d+)",
    re.IGNORECASE,
)
_MARKER = re.compile(r"\b(rfh)(?=[0-9a-f]{16})", re.IGNORECASE)
_FOOTER_PHRASE = re.compile(r"(filed by the rfh)(\s+bot)", re.IGNORECASE)
_HTML_START = re.compile(r"<(?=[A-Za-z/!?])(?![A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>)")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
_STRIPPED = {ord(c): None for c in (
    "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d"
    "\x1e\x1f\x7f"  # control characters (NUL makes PostgreSQL refuse the whole row)
    "\u200b\u2060\ufeff\u180e"  # zero-width spaces (they would hide a mention or a keyword from the escaping)
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"  # bidi overrides, isolates, marks
)}
_MARKDOWN = MarkdownIt("commonmark")


def clean_text(text: str) -> str:
    """Strip control characters, zero-width spaces and bidi controls from user input, before anything stores it.
    Zero-width (non-)joiners stay: scripts and emoji need them."""
    return text.translate(_STRIPPED)


def mrkdwn(text: str) -> str:
    """Escape & < > (so no <!channel>, <@U…>, <!subteam^…> or disguised <url|label> can form) and break @here."""
    escaped = clean_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SLACK_BROADCAST.sub(lambda m: f"@{ZWSP}{m.group(1)}", escaped)


def github_markdown(text: str, *, inline: bool = False) -> str:
    """The one escaping of user text for GitHub. ``inline``: an issue title, which GitHub shows as plain text (no
    block structure or HTML to contain; mentions, keywords and the marker are still neutralised)."""
    text = clean_text(text)
    if inline:
        return _inline(text)
    lines, code, closing = _contained(text)
    # In code GitHub shows text as typed (no mentions, no HTML), but the marker must not be forged there either.
    out = [_MARKER.sub(r"\1" + ZWSP, line) if n in code else _outside_code(line) for n, line in enumerate(lines)]
    return "\n".join(out + closing)


def quote_block(text: str) -> str:
    """A GitHub markdown quote block: every line prefixed with '> '."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in github_markdown(text).splitlines())


def truncate(text: str, limit: int, *, marker: str = "…") -> str:
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(marker))] + marker


def one_line(text: str) -> str:
    return " ".join(text.split())


def _inline(text: str) -> str:
    text = text.replace("<!--", "&lt;!--")
    text = _GITHUB_MENTION.sub("@" + ZWSP, text)
    text = _CLOSING_KEYWORDS.sub(lambda m: f"{m.group(1)}{ZWSP}{m.group(2)}{m.group(3)}", text)
    text = _MARKER.sub(lambda m: m.group(1) + ZWSP, text)
    return _FOOTER_PHRASE.sub(lambda m: m.group(1) + ZWSP + m.group(2), text)


def _outside_code(line: str) -> str:
    """HTML and the inline escapes, except inside `code spans` (where GitHub shows text as typed)."""
    parts, last = [], 0
    for span in _CODE_SPAN.finditer(line):
        parts.append(_inline(_HTML_START.sub("&lt;", line[last:span.start()])))
        parts.append(_GITHUB_MENTION.sub("@" + ZWSP, span.group(0)))  # a mention right after a span must not form
        last = span.end()
    parts.append(_inline(_HTML_START.sub("&lt;", line[last:])))
    return "".join(parts)


def _contained(text: str) -> tuple[list[str], set[int], list[str]]:
    """(lines with top-level headings, rules and setext underlines escaped; the lines inside code blocks; the
    closing fence an unclosed top-level fence needs)."""
    lines = text.split("\n")
    code: set[int] = set()
    closing: list[str] = []
    for token in _MARKDOWN.parse(text):
        if token.map is None or token.level != 0:
            continue
        start, end = token.map
        if token.type in ("fence", "code_block"):
            code.update(range(start, end))
            if token.type == "fence" and not _fence_closed(lines[start:end], token.markup):
                closing.append(token.markup)
        elif token.type == "hr" or (token.type == "heading_open" and token.markup.startswith("#")):
            lines[start] = _escape_first(lines[start])
        elif token.type == "heading_open":  # setext: the underline is the heading's last line
            lines[end - 1] = _escape_first(lines[end - 1])
    return lines, code, closing


def _fence_closed(block: list[str], markup: str) -> bool:
    if len(block) < 2:
        return False
    last = block[-1].strip()
    return last.startswith(markup) and set(last) == {markup[0]}


def _escape_first(line: str) -> str:
    stripped = line.lstrip(" ")
    return line[: len(line) - len(stripped)] + "\\" + stripped


def duration_short(seconds: float | None, *, none: str = "–") -> str:
    """``45m``, ``3h 05m``, ``27h 30m``: hours, not days, since a business day is not 24 hours."""
    if seconds is None:
        return none
    minutes = round(seconds / 60)
    return f"{minutes}m" if minutes < 60 else f"{minutes // 60}h {minutes % 60:02d}m"


def percent(value: float | None, *, none: str = "–") -> str:
    return none if value is None else f"{value * 100:.0f}%"
