"""Retrying a request whose delivery needed attention, once the cause is fixed (button or `rfh retry`)."""

from __future__ import annotations

import logging

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.domain import RequestState
from bot.security.access import check
from bot.security.permissions import OPERATOR, Action
from storage import repository as repo
from storage.models import Request, Step

log = logging.getLogger(__name__)


async def retry_request(*, sessions: async_sessionmaker[AsyncSession], request_id: int, clock: Clock,
                        actor: str = OPERATOR, config: RfhConfig | None = None) -> str:
    """``actor``: the Slack user who pressed Retry (checked: the requester, the team, admins), or ``OPERATOR`` for
    `rfh retry`, run by whoever operates the bot. A user's retry needs ``config`` to know the team."""
    async with sessions() as session, session.begin():
        request = await session.get(Request, request_id)
        if request is None:
            return f"There is no request RFH-{request_id}."
        if actor != OPERATOR:
            if config is None:
                raise ValueError("a user's retry needs the config to check who may retry")
            verdict = check(config, request, actor, Action.RETRY)
            if not verdict.ok:
                return verdict.reason
        result = await session.execute(
            update(Step)
            .where(Step.request_id == request_id, Step.state.in_((repo.FAILED, repo.PENDING)))
            .values(state=repo.PENDING, next_attempt_at=clock.now(), claimed_by=None, claimed_until=None)
            .execution_options(synchronize_session=False)
        )
        if not getattr(result, "rowcount", 0):
            return f"RFH-{request_id} has nothing left to deliver."
        if request.state in (RequestState.NEEDS_ATTENTION.value, RequestState.RETRYING.value):
            # Only a stuck request goes back to "filing"; a filed one stays filed (no step would mark it again).
            request.state, request.state_detail = RequestState.FILING.value, None
    log.info("RFH-%s retried by %s", request_id, actor)
    return f"Retrying RFH-{request_id} now" + (" (as the operator)." if actor == OPERATOR else ".")
