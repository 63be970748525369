"""Small modal views: the 'filing…' notice that replaces the intake modal, and its 'filed' update."""

from __future__ import annotations

from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock
from slack_sdk.models.views import View

from bot.blocks.team_post import RequestCard, confirmation


def request_status_view(card: RequestCard) -> View:
    return View(
        type="modal",
        title="Request for help",
        close="Close",
        blocks=[SectionBlock(text=MarkdownTextObject(text=confirmation(card)))],
    )


def message_view(title: str, text: str) -> View:
    blocks = [SectionBlock(text=MarkdownTextObject(text=text))]
    return View(type="modal", title=title[:24], close="Close", blocks=blocks)
