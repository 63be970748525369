"""Turns a stored request into the RequestCard every Slack surface renders."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.blocks.team_post import RequestCard
from bot.core.config import RfhConfig
from bot.core.domain import RequestState, RequestType
from bot.core.ports import Chat
from bot.core.queues import ListPosition
from bot.intake.public_issue import REVIEW, PublicDraft
from bot.queues.items import positions_of
from routing.teams import TeamKind
from storage.models import Request


async def team_mention(request: Request, config: RfhConfig, chat: Chat) -> str:
    """The ping only the bot builds: the team's user group, or the account's sales rep and CE for CE requests."""
    team = config.teams[request.team_id]
    if team.kind is TeamKind.CE_SALES:
        customer = config.customer(request.customer)
        people = [f"<@{u}>" for u in (customer.sales_rep, customer.ce) if u]
        return " ".join(people) if people else "(no sales rep or CE on record for this account)"
    if team.handle:
        return await chat.usergroup_mention(team.handle)
    return f"*{team.name}*"


async def build_card(request: Request, config: RfhConfig, chat: Chat | None, *,
                     position: ListPosition | None = None) -> RequestCard:
    """``chat`` resolves the team mention; without it (the 3-s submission answer) no API call is made. ``position``:
    the request's place on its team's priorities list, which the requester's confirmation shows."""
    team, details = config.teams[request.team_id], request.details or {}
    return RequestCard(
        request_id=request.id, customer=request.customer, summary=request.summary, priority=request.priority,
        requester_id=request.requester_id, team_name=team.name,
        mention=await team_mention(request, config, chat) if chat else "",
        request_type=RequestType(request.request_type).label, tier=request.tier,
        in_sales_process=request.in_sales_process,
        issue_url=request.issue_url, issue_ref=_issue_ref(request), public_issue_url=request.public_issue_url,
        permalink=request.origin_permalink, team_channel=request.post_channel,
        owner_id=request.owner_id, owner_informal=request.owner_informal,
        status=request.status, resolution=request.resolution,
        state=RequestState(request.state), state_detail=request.state_detail,
        files_issue=team.files_issues, priorities_list=team.keeps_priorities_list,
        list_position=position.position if position else None, list_length=position.length if position else None,
        **_from_details(details),
    )


def _issue_ref(request: Request) -> str | None:
    """``repo#12``: how the card names the private issue."""
    return f"{request.issue_repo.split('/')[-1]}#{request.issue_number}" if request.issue_repo else None


def _from_details(details: dict[str, Any]) -> dict[str, Any]:
    """The card's fields kept in the request's ``details`` (what the form asked beyond the columns)."""
    needed_by = details.get("needed_by")
    return {
        "need": str(details.get("need") or ""), "urgency": str(details.get("urgency") or ""),
        "needed_by": date.fromisoformat(str(needed_by)) if needed_by else None,
        "public_pending": (draft := PublicDraft.load(details)) is not None and draft.state == REVIEW,
        "post_permalink": str(details.get("post_permalink") or "") or None,
        "people": tuple(str(u) for u in details.get("people") or ()),
    }


async def requester_card(sessions: async_sessionmaker[AsyncSession], request: Request, config: RfhConfig,
                         chat: Chat) -> RequestCard:
    """The card the requester sees: with the request's place on its team's priorities list, read now."""
    async with sessions() as session:
        position = (await positions_of(session, [request.id])).get(request.id)
    return await build_card(request, config, chat, position=position)
