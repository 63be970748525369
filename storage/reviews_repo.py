"""Repository functions for tech reviews. Callers own the session and its transaction."""

from __future__ import annotations

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import TechReview


async def find_by_view(session: AsyncSession, view_id: str) -> TechReview | None:
    return (await session.execute(select(TechReview).where(TechReview.view_id == view_id))).scalar_one_or_none()


async def lock(session: AsyncSession, review_id: int) -> TechReview | None:
    """Take the row's lock (a no-op UPDATE) so two decisions at once are recorded one after the other."""
    await session.execute(update(TechReview).where(TechReview.id == review_id).values(state=TechReview.state)
                          .execution_options(synchronize_session=False))
    return await session.get(TechReview, review_id, populate_existing=True)


async def for_requester(session: AsyncSession, user: str, limit: int = 10) -> list[TechReview]:
    query = select(TechReview).where(TechReview.requester_id == user).order_by(TechReview.id.desc()).limit(limit)
    return list((await session.execute(query)).scalars())


async def undecided(session: AsyncSession, limit: int = 10) -> list[TechReview]:
    query = (select(TechReview).where(or_(TechReview.state == "open", TechReview.state == "needs_info"))
             .order_by(TechReview.id.desc()).limit(limit))
    return list((await session.execute(query)).scalars())
