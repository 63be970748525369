"""Operator commands: `rfh retry` and `rfh oncall`."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from bot.core.clock import SystemClock
from bot.core.config import RfhConfig
from bot.delivery.retry import retry_request
from bot.security.permissions import OPERATOR
from storage.db import make_engine, migrate, session_factory


def retry_command(database_url: str, request_id: int) -> int:
    async def run() -> str:
        engine = make_engine(database_url)
        try:
            await migrate(engine)
            # The command runs with the database's credentials: its user operates the bot (README, Security).
            return await retry_request(sessions=session_factory(engine), request_id=request_id, clock=SystemClock(),
                                       actor=OPERATOR)
        finally:
            await engine.dispose()

    message = asyncio.run(run())
    print(message + (" A running `rfh serve` delivers it within seconds." if message.startswith("Retrying") else ""))
    return 0 if message.startswith("Retrying") else 1


def oncall_command(config: RfhConfig) -> int:
    from bot.oncall.rotations import rotations_from_config
    from bot.oncall.rules import format_oncall_table

    rotations = rotations_from_config(config)
    if not rotations:
        print("No team has an on-call rotation configured (see [teams.oncall] in the README).")
        return 0
    print(format_oncall_table(rotations, datetime.now(UTC)))
    return 0
