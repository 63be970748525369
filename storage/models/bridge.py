"""The Slack ↔ GitHub bridge (migration 0003): comments kept in step and Slack users' GitHub logins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class BridgedItem(Base):
    """One comment or thread reply kept in step between the GitHub issue and the team post's thread (migration 0003).

    ``source_key`` is the item's id where it was written (``gh:<comment id>`` or ``sl:<channel>:<ts>``): a redelivered
    webhook or event finds the row instead of bridging twice. ``version`` grows with every change (edit, deletion);
    each version is one durable step that brings the mirror in line with the row."""

    __tablename__ = "bridged_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    origin: Mapped[str] = mapped_column(String(8))
    source_key: Mapped[str] = mapped_column(String(128), unique=True)
    author: Mapped[str] = mapped_column(String(128))
    body: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    files: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    edited_key: Mapped[str | None] = mapped_column(String(64))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    slack_channel: Mapped[str | None] = mapped_column(String(64))
    slack_ts: Mapped[str | None] = mapped_column(String(32))
    github_comment_id: Mapped[int | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class PersonLink(Base):
    """A Slack user's GitHub login, learned from an e-mail match or said by the user (``/rfh github LOGIN``).
    The config's ``[people]`` table is read directly and wins over these rows. Migration 0003."""

    __tablename__ = "person_links"

    slack_user: Mapped[str] = mapped_column(String(64), primary_key=True)
    github_login: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime]
