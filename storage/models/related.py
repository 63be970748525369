"""Related requests (issue 14, migration 0004): add-ons to an existing request and withdrawn forms."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class RequestAddOn(Base):
    """A request attached to an existing one ("Add to RFH-12 instead"): it counts as an add-on, not a new request."""

    __tablename__ = "request_addons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    view_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    requester_id: Mapped[str] = mapped_column(String(64))
    customer: Mapped[str] = mapped_column(String(200))
    customer_slug: Mapped[str] = mapped_column(String(200))
    priority: Mapped[str | None] = mapped_column(String(32))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class IntakeWithdrawal(Base):
    """The requester closed the form after a related request answered it (*Withdraw — this answered it*)."""

    __tablename__ = "intake_withdrawals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    view_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    answered_by: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    requester_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
