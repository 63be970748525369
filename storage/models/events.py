"""What happened to a request: ownership changes, routing decisions (the prediction log) and the other
timeline events."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class OwnershipEventRow(Base):
    __tablename__ = "ownership_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    from_user: Mapped[str | None] = mapped_column(String(64))
    to_user: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    resolution: Mapped[str | None] = mapped_column(String(32))


class RouteSource(StrEnum):
    """Why a routing decision was recorded: the request was filed, or moved to another team."""

    INTAKE = "intake"
    REROUTE = "reroute"


class RouteDecision(Base):
    """The prediction log: what the router suggested and which team the request ended with."""

    __tablename__ = "route_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    at: Mapped[datetime]
    text: Mapped[str] = mapped_column(Text)
    suggested_team_id: Mapped[str | None] = mapped_column(String(64))
    chosen_team_id: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16))
    """A ``RouteSource``."""
    actor: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)


class TimelineKind(StrEnum):
    """What a timeline event records."""

    COMMENT = "comment"  # a GitHub comment bridged to the thread
    REPLY = "reply"  # a thread reply bridged to the issue
    LABEL = "label"
    ASSIGNEE = "assignee"
    PRIORITY = "priority"  # a priority label changed on GitHub


class TimelineEvent(Base):
    """What happened to a request that no other table records: GitHub state, label and assignee changes and bridged
    comments, each with its real actor (a Slack user id, ``github:<login>`` or ``rfh``). Migration 0003."""

    __tablename__ = "timeline_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
