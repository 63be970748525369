"""Repository functions of the Slack ↔ GitHub bridge and the request history. Callers own the session."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import BridgedItem, Job, PersonLink, Request, RouteDecision, Step, TimelineEvent

DONE = "done"


async def request_for_issue(session: AsyncSession, repo: str, number: int) -> Request | None:
    """The request whose (private) issue this is; repository names compare case-insensitively, as on GitHub."""
    query = select(Request).where(func.lower(Request.issue_repo) == repo.lower(), Request.issue_number == number)
    return (await session.execute(query.order_by(Request.id.desc()).limit(1))).scalar_one_or_none()


async def request_for_post(session: AsyncSession, channel: str, ts: str) -> Request | None:
    """The request whose current team post is this message (never its origin thread)."""
    query = select(Request).where(Request.post_channel == channel, Request.post_ts == ts)
    return (await session.execute(query.limit(1))).scalar_one_or_none()


async def item(session: AsyncSession, source_key: str) -> BridgedItem | None:
    query = select(BridgedItem).where(BridgedItem.source_key == source_key)
    return (await session.execute(query)).scalar_one_or_none()


async def item_by_id(session: AsyncSession, item_id: int) -> BridgedItem | None:
    return await session.get(BridgedItem, item_id, populate_existing=True)


async def item_for_slack_message(session: AsyncSession, channel: str, ts: str) -> BridgedItem | None:
    """A bridged item by either side's Slack message (the source reply, or the bot's mirror of a comment)."""
    query = select(BridgedItem).where(BridgedItem.slack_channel == channel, BridgedItem.slack_ts == ts)
    return (await session.execute(query.limit(1))).scalar_one_or_none()


async def add_timeline(session: AsyncSession, request_id: int, *, at: datetime, actor: str, kind: str,
                       text: str) -> None:
    session.add(TimelineEvent(request_id=request_id, at=at, actor=actor, kind=kind, text=text))
    await session.flush()


async def timeline(session: AsyncSession, request_id: int) -> list[TimelineEvent]:
    query = select(TimelineEvent).where(TimelineEvent.request_id == request_id).order_by(TimelineEvent.id)
    return list((await session.execute(query)).scalars())


async def route_decisions(session: AsyncSession, request_id: int) -> list[RouteDecision]:
    query = select(RouteDecision).where(RouteDecision.request_id == request_id).order_by(RouteDecision.id)
    return list((await session.execute(query)).scalars())


async def finished_jobs(session: AsyncSession, request_id: int) -> list[Job]:
    query = select(Job).where(Job.request_id == request_id, Job.done_at.is_not(None)).order_by(Job.done_at, Job.id)
    return list((await session.execute(query)).scalars())


async def done_steps(session: AsyncSession, request_id: int, kinds: tuple[str, ...]) -> list[Step]:
    query = select(Step).where(Step.request_id == request_id, Step.state == DONE, Step.kind.in_(kinds))
    return list((await session.execute(query.order_by(Step.done_at, Step.id))).scalars())


async def items_of(session: AsyncSession, request_id: int) -> list[BridgedItem]:
    query = select(BridgedItem).where(BridgedItem.request_id == request_id).order_by(BridgedItem.id)
    return list((await session.execute(query)).scalars())


# -- the people map --------------------------------------------------------------------------------------------------

async def link_person(session: AsyncSession, *, slack_user: str, github_login: str, source: str,
                      at: datetime) -> None:
    """One login per Slack user and one Slack user per login: an older link of either is replaced."""
    login = github_login.lower()
    await session.execute(delete(PersonLink).where(or_(PersonLink.slack_user == slack_user,
                                                       PersonLink.github_login == login))
                          .execution_options(synchronize_session=False))
    session.add(PersonLink(slack_user=slack_user, github_login=login, source=source, at=at))
    await session.flush()


async def login_for(session: AsyncSession, slack_user: str) -> str | None:
    return await session.scalar(select(PersonLink.github_login).where(PersonLink.slack_user == slack_user))


async def user_for(session: AsyncSession, github_login: str) -> str | None:
    return await session.scalar(select(PersonLink.slack_user).where(PersonLink.github_login == github_login.lower()))


async def step_exists(session: AsyncSession, request_id: int, kind: str, round_: str) -> bool:
    """Whether the step ``add_steps`` would key ``<request>:<kind>:<round>`` is queued already (a retried step)."""
    key = f"{request_id}:{kind}:{round_}"
    return await session.scalar(select(Step.id).where(Step.dedupe_key == key)) is not None
