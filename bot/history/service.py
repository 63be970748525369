"""The history of one request as the History modal and `rfh history` show it: every source read in one session."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.blocks.ownership_notes import who
from bot.core.config import RfhConfig
from bot.core.text import mrkdwn
from bot.history import timeline as tl
from storage import bridge_repo
from storage import repository as repo

FILING_STEPS = ("file_issue", "file_public_issue", "post_team", "ping_oncall")


@dataclass(frozen=True)
class History:
    request_id: int
    title: str
    entries: list[tl.Entry]


async def request_history(sessions: async_sessionmaker[AsyncSession], config: RfhConfig,
                          request_id: int) -> History | None:
    """None when there is no such request. Texts are Slack mrkdwn; actors are rendered with ``who``."""
    async with sessions() as session:
        request = await repo.get_request(session, request_id)
        if request is None:
            return None
        routes = await bridge_repo.route_decisions(session, request_id)
        owned = await repo.ownership_events(session, request_id)
        jobs = await bridge_repo.finished_jobs(session, request_id)
        steps = await bridge_repo.done_steps(session, request_id, FILING_STEPS)
        noted = await bridge_repo.timeline(session, request_id)

    def team_name(team_id: str | None) -> str:
        team = config.teams.get(team_id) if team_id else None
        return mrkdwn(team.name if team else team_id or "no team")

    filed = tl.Entry(request.created_at, request.requester_id,
                     f"asked for help: *[{mrkdwn(request.customer)}] {mrkdwn(request.summary)}* "
                     f"({mrkdwn(request.priority)})", 0)
    entries = [filed, *tl.routing_entries(routes, request.requester_id, team_name, who),
               *tl.step_entries(steps, who), *tl.ownership_entries(owned, who), *tl.job_entries(jobs, who),
               *tl.noted_entries(noted)]
    title = f"RFH-{request.id} [{request.customer}] {request.summary}"
    return History(request.id, title, tl.in_order(entries))
