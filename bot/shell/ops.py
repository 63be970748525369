"""Operator commands: `rfh retry`, `rfh oncall` and `rfh priorities`."""

from __future__ import annotations

import asyncio
import csv
import sys
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


def priorities_command(database_url: str, config: RfhConfig, team_id: str, *, csv_out: bool) -> int:
    """A team's RFH priorities list, one item a line, first = top priority; or CSV with a header row."""
    from bot.queues.rules import find_team
    from bot.queues.service import Priorities

    team = find_team(config.teams, team_id)
    keeping = ", ".join(t.id for t in config.teams.teams if t.keeps_priorities_list) or "none"
    if team is None or not team.keeps_priorities_list:
        what = f"there is no team {team_id!r}" if team is None else f"team {team.id!r} keeps no priorities list " \
            "(keeps_priorities_list = false in RFH_CONFIG)"
        print(f"rfh priorities: {what}; teams with a list: {keeping}", file=sys.stderr)
        return 2

    async def run() -> list[list[str]]:
        engine = make_engine(database_url)
        try:
            await migrate(engine)
            plist = await Priorities(sessions=session_factory(engine), config=config, clock=SystemClock()).list_of(
                team.id)
        finally:
            await engine.dispose()
        return [[str(e.position), f"RFH-{e.item.request_id}", e.item.customer, e.item.summary, e.item.priority,
                 e.item.owner_id or "", e.item.requester_id, e.added_at.date().isoformat() if e.added_at else "",
                 e.last_reason or ""] for e in plist.entries]

    rows = asyncio.run(run())
    if csv_out:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["position", "request", "customer", "summary", "priority", "owner", "requester", "added",
                         "last_move_reason"])
        writer.writerows(rows)
        return 0
    if not rows:
        print(f"The RFH priorities list of {team.name} is empty.", file=sys.stderr)
    for position, rfh, customer, summary, priority, owner, _, added, reason in rows:
        who = f"owned by {owner}" if owner else "unclaimed"
        why = f"; last moved: {' '.join(reason.split())}" if reason else ""
        print(f"{position}. {rfh} [{' '.join(customer.split())}] {' '.join(summary.split())} ({priority}, {who}, "
              f"on the list since {added}{why})")
    return 0
