"""Is a Slack channel one where customers read along? Nothing from such a channel is bridged to GitHub.

The decision is the one every private answer uses (``bot.security.conversations.customer_facing``: Slack Connect or
shared, named like a customer channel, or unknown), plus the channels ``[bridge] customer_facing_channels`` lists.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.core.config import RfhConfig
from bot.core.ports import Chat
from bot.security.conversations import customer_facing

CustomerFacing = Callable[[str], Awaitable[bool]]


def customer_facing_check(config: RfhConfig, chat: Chat) -> CustomerFacing:
    listed = set(config.bridge.customer_facing_channels)
    known: dict[str, bool] = {}  # answers Slack gave; a failed lookup is asked again next time

    async def is_customer_facing(channel: str) -> bool:
        if channel in listed:
            return True
        if channel not in known:
            info = await chat.conversation_info(channel)
            if info is None:
                return True  # unknown counts as customer-facing
            known[channel] = customer_facing(info, config.privacy.customer_channel_patterns)
        return known[channel]

    return is_customer_facing
