"""Tech-review requests (handbook 000, migration 0004)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class TechReview(Base):
    """A tech-review request (handbook 000): filed in a tracker, posted for EPS, resolved by a decision."""

    __tablename__ = "tech_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    view_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    requester_id: Mapped[str] = mapped_column(String(64))
    customer: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reviewers: Mapped[list[str]] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(32), default="open")
    decision_note: Mapped[str | None] = mapped_column(Text)
    deciders: Mapped[list[str]] = mapped_column(JSON, default=list)
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(64))
    issue_repo: Mapped[str | None] = mapped_column(String(200))
    issue_number: Mapped[int | None]
    issue_url: Mapped[str | None] = mapped_column(Text)
    post_channel: Mapped[str | None] = mapped_column(String(64))
    post_ts: Mapped[str | None] = mapped_column(String(32))
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
