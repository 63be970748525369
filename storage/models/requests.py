"""The request for help as the requester filed it, plus where it went and who owns it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class Request(Base):
    """One request for help as the requester filed it, plus where it went."""

    __tablename__ = "requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    view_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    requester_id: Mapped[str] = mapped_column(String(64))
    origin_channel: Mapped[str | None] = mapped_column(String(64))
    origin_thread_ts: Mapped[str | None] = mapped_column(String(32))
    origin_permalink: Mapped[str | None] = mapped_column(Text)
    customer: Mapped[str] = mapped_column(String(200))
    customer_slug: Mapped[str] = mapped_column(String(200))
    tier: Mapped[int | None]
    in_sales_process: Mapped[bool] = mapped_column(Boolean, default=False)
    request_type: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    team_id: Mapped[str] = mapped_column(String(64))
    suggested_team_id: Mapped[str | None] = mapped_column(String(64))
    suggestion_confidence: Mapped[float | None]
    priority: Mapped[str] = mapped_column(String(32))
    priority_level: Mapped[int]
    tracker: Mapped[str] = mapped_column(String(16), default="private")
    state: Mapped[str] = mapped_column(String(32), default="filing")
    state_detail: Mapped[str | None] = mapped_column(Text)
    issue_repo: Mapped[str | None] = mapped_column(String(200))
    issue_number: Mapped[int | None]
    issue_url: Mapped[str | None] = mapped_column(Text)
    public_issue_url: Mapped[str | None] = mapped_column(Text)
    post_channel: Mapped[str | None] = mapped_column(String(64))
    post_ts: Mapped[str | None] = mapped_column(String(32))
    confirm_channel: Mapped[str | None] = mapped_column(String(64))
    confirm_ts: Mapped[str | None] = mapped_column(String(32))
    filing_view_id: Mapped[str | None] = mapped_column(String(64))
    owner_id: Mapped[str | None] = mapped_column(String(64))
    owner_informal: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="open")
    resolution: Mapped[str | None] = mapped_column(String(32))
    resolved_at: Mapped[datetime | None]
    last_activity_at: Mapped[datetime | None]
    snoozed_until: Mapped[datetime | None]
    """The owner snoozed the stale-ownership nudge until then (migration 0002)."""
    template_sections: Mapped[int | None]
    """``bot.core.domain.template_sections`` of the form at intake; NULL for requests stored before (0007_reports)."""

    __table_args__ = (
        Index("ix_requests_post", "post_channel", "post_ts"),
        Index("ix_requests_origin", "origin_channel", "origin_thread_ts"),
        # the queues and App Home (migration 0005): a user's requests, what they own, a team's open requests
        Index("ix_requests_requester", "requester_id", "id"),
        Index("ix_requests_owner", "owner_id", "status"),
        Index("ix_requests_queue", "status", "team_id", "priority_level", "created_at"),
        Index("ix_requests_resolved", "resolved_at"),
    )
