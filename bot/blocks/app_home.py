"""The App Home tab: the user's own requests and the ones they own, newest first."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block, ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject, SectionBlock
from slack_sdk.models.views import View

from bot.blocks.team_post import RequestCard, ownership_line
from bot.core.text import mrkdwn, one_line, truncate

LIST_LIMIT = 15


def app_home(*, requested: Sequence[RequestCard], owned: Sequence[RequestCard]) -> View:
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(
            text="Type `/rfh` anywhere, or use *Request help from eng* on a customer message, to ask engineering "
                 "for help. The bot files the GitHub issue and pings the right team.")),
        HeaderBlock(text="Requests you own"),
        *_listing(owned, "Nothing: take ownership of a request from its channel post."),
        DividerBlock(),
        HeaderBlock(text="Your requests"),
        *_listing(requested, "You have not filed a request yet."),
    ]
    return View(type="home", blocks=blocks[:100])


def _listing(cards: Sequence[RequestCard], empty: str) -> list[Block]:
    if not cards:
        return [ContextBlock(elements=[MarkdownTextObject(text=empty)])]
    return [_line(card) for card in cards[:LIST_LIMIT]]


def _line(card: RequestCard) -> SectionBlock:
    link = f" · <{card.issue_url}|{mrkdwn(card.issue_ref or 'issue')}>" if card.issue_url else ""
    text = (f"*RFH-{card.request_id}* {mrkdwn(truncate(one_line(card.title), 150))}\n"
            f"{mrkdwn(card.team_name)} · {mrkdwn(card.priority)} · {card.state.label}{link}\n{ownership_line(card)}")
    return SectionBlock(text=MarkdownTextObject(text=truncate(text, 3000)))
