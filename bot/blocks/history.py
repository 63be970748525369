"""The History modal: a request's full timeline, newest last, within Block Kit's sizes (100 blocks, 3,000 characters
a section). A very long history keeps its newest entries and says how many earlier ones `rfh history` shows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.blocks.ids import CallbackId
from bot.core.text import mrkdwn, truncate

SECTION_CHARS = 2900
MAX_SECTIONS = 95


def when(at: datetime) -> str:
    """Shown in each reader's own time zone; the fallback is UTC."""
    return f"<!date^{int(at.timestamp())}^{{date_short_pretty}} {{time}}|{at:%Y-%m-%d %H:%M} UTC>"


def history_modal(*, request_id: int, title: str, entries: Sequence[tuple[datetime, str, str]]) -> dict[str, Any]:
    """``entries``: (when, who as mrkdwn, what as mrkdwn), oldest first."""
    lines = [truncate(f"{when(at)}  {who} {what}", SECTION_CHARS) for at, who, what in entries]
    sections: list[str] = []
    for line in lines:
        if sections and len(sections[-1]) + 1 + len(line) <= SECTION_CHARS:
            sections[-1] += "\n" + line
        else:
            sections.append(line)
    dropped = 0
    while len(sections) > MAX_SECTIONS:
        dropped += sections.pop(0).count("\n") + 1
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn",
                                                                  "text": f"*{mrkdwn(truncate(title, 2900))}*"}}]
    if dropped:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": (
            f"{dropped} earlier entries are not shown here; `rfh history RFH-{request_id}` prints them all.")}]})
    blocks += [{"type": "section", "text": {"type": "mrkdwn", "text": text}} for text in sections]
    if not lines:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "_Nothing recorded yet._"}})
    title_text = truncate(f"RFH-{request_id} history", 24)
    return {"type": "modal", "callback_id": CallbackId.HISTORY, "title": {"type": "plain_text", "text": title_text},
            "close": {"type": "plain_text", "text": "Close"}, "blocks": blocks}
