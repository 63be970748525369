"""Is a Slack channel one where customers read along? Nothing from such a channel is bridged to GitHub.

Kept small and on its own so a fuller check (issue 9's customer-facing channels) can replace it: anything with
``async (channel_id) -> bool`` will do.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.bridge.ports import BridgePeople
from bot.core.config import RfhConfig

CustomerFacing = Callable[[str], Awaitable[bool]]


def customer_facing_check(config: RfhConfig, slack: BridgePeople) -> CustomerFacing:
    """Listed in ``[bridge] customer_facing_channels``, or shared with another organisation (Slack Connect)."""
    listed = set(config.bridge.customer_facing_channels)

    async def is_customer_facing(channel: str) -> bool:
        return channel in listed or await slack.externally_shared(channel)

    return is_customer_facing
