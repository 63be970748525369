"""Models for the routing history (migration 0006_learning): learned examples, import cursors, calibration."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class LearnedExample(Base):
    """A labelled past request the router learns from, imported by `rfh learn` (a JSONL file or a tracker)."""

    __tablename__ = "learned_examples"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(240), unique=True)
    """``id:<the example's id>`` (e.g. ``id:github:acme/app#12``), or ``text:<hash>`` for an example without one."""
    text_hash: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    team_id: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(240))
    """Where it came from: ``file:NAME`` or ``github:OWNER/REPO``."""
    imported_at: Mapped[datetime]


class LearnCursor(Base):
    """How far a tracker import got: a later run resumes from here (and picks up only what changed since)."""

    __tablename__ = "learn_cursors"

    source: Mapped[str] = mapped_column(String(240), primary_key=True)
    options: Mapped[str] = mapped_column(Text)
    """The import's options (state, label mapping); a run with other options starts from the beginning."""
    since: Mapped[datetime | None]
    """Every issue updated before this instant has been imported."""
    page: Mapped[int] = mapped_column(Integer, default=0)
    """Pages already imported among the issues updated exactly at ``since``."""
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime]


class RoutingCalibration(Base):
    """The confidence calibration fitted on the history by `rfh learn` (newest row wins)."""

    __tablename__ = "routing_calibrations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    fitted_at: Mapped[datetime]
    examples: Mapped[int] = mapped_column(Integer)
    curve: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
