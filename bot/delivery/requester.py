"""The requester's one message about a request: in the thread the shortcut was used in, or by DM when that thread
is customer-facing (``bot.security.conversations``), so nothing internal is ever posted where a customer reads."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.blocks.team_post import RequestCard, confirmation, confirmation_blocks
from bot.core.config import RfhConfig
from bot.core.errors import DeliveryError
from bot.core.ports import Chat, PostRef
from bot.security.conversations import customer_facing
from storage.models import Request

log = logging.getLogger(__name__)


class RequesterMessages:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, chat: Chat):
        self.sessions, self.config, self.chat = sessions, config, chat

    async def show(self, request: Request, card: RequestCard, *, uncertain: bool = False) -> None:
        """The requester's one message about the request: updated in place once posted; else posted in their
        thread (message shortcut) or as a DM, keyed so an uncertain earlier attempt is found, not repeated."""
        text, blocks = confirmation(card), confirmation_blocks(card)
        if request.confirm_ts and request.confirm_channel:
            await self.chat.update(PostRef(request.confirm_channel, request.confirm_ts), text=text, blocks=blocks)
            return
        in_thread = bool(request.origin_channel and request.origin_thread_ts)
        private = in_thread and await self._customer_facing(request)
        in_thread = in_thread and not private
        channel = request.origin_channel if in_thread else request.requester_id
        ref = await self.chat.post_once(str(channel), key=f"{request.key}:confirm", text=text, blocks=blocks,
                                        thread_ts=request.origin_thread_ts if in_thread else None,
                                        uncertain=uncertain)
        async with self.sessions() as session, session.begin():
            row = await session.get(Request, request.id)
            assert row is not None
            row.confirm_channel, row.confirm_ts = ref.channel, ref.ts
        if private and not uncertain:
            await self._point_to_dm(request)

    async def _customer_facing(self, request: Request) -> bool:
        """Decided once per request and stored (before anything is posted): is the thread the shortcut was used in
        one a customer can read? Then the confirmation and every later note go to the requester by DM."""
        stored = (request.details or {}).get("origin_customer_facing")
        if isinstance(stored, bool):
            return stored
        info = await self.chat.conversation_info(str(request.origin_channel))
        facing = customer_facing(info, self.config.privacy.customer_channel_patterns)
        async with self.sessions() as session, session.begin():
            row = await session.get(Request, request.id)
            assert row is not None
            row.details = {**row.details, "origin_customer_facing": facing}
        return facing

    async def _point_to_dm(self, request: Request) -> None:
        """Best effort: an ephemeral in the customer thread, which only the requester sees, saying where to look."""
        text = (f":lock: RFH-{request.id} is filed. This conversation is shared with people outside the company, "
                "so I sent you the details in a direct message and will keep the updates there.")
        try:
            await self.chat.ephemeral(str(request.origin_channel), request.requester_id, text,
                                      thread_ts=request.origin_thread_ts)
        except DeliveryError as exc:
            log.info("could not point the requester of RFH-%s to the DM: %s", request.id, exc)

