"""The RFH priorities lists (migration 0005): the per-team lock row, the ranked items and their history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class PriorityList(Base):
    """One row per team that keeps an RFH priorities list: the lock every change of that list takes first, so two
    leads (on any replica) reorder one after the other and never lose or duplicate an item (migration 0005)."""

    __tablename__ = "priority_lists"

    team_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime | None]


class PriorityItem(Base):
    """A request on its team's priorities list. ``rank`` orders the list (smallest first) with gaps, so a move
    changes one row; ``(team_id, rank)`` is unique and a request is on at most one list (migration 0005)."""

    __tablename__ = "priority_items"

    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(64))
    rank: Mapped[int] = mapped_column(BigInteger)
    added_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("team_id", "rank", name="uq_priority_items_team_rank"),)


class PriorityEvent(Base):
    """The priorities-list history of a request: added, moved (with the lead's reason), removed, re-routed.
    ``summary_job`` is the channel summary (a scheduler job) that reported the move (migration 0005)."""

    __tablename__ = "priority_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    team_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    from_position: Mapped[int | None]
    to_position: Mapped[int | None]
    reason: Mapped[str | None] = mapped_column(Text)
    summary_job: Mapped[int | None]

    __table_args__ = (Index("ix_priority_events_summary", "team_id", "summary_job"),)
