"""Customer environment profiles (issue 14, migration 0004): the profile, its aliases and its versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class CustomerProfile(Base):
    """A customer's environment (handbook 003's facts), kept between requests; ``version`` counts its changes."""

    __tablename__ = "customer_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime]
    updated_by: Mapped[str | None] = mapped_column(String(64))


class CustomerAlias(Base):
    """Every normalised name a profile answers to (its own name included): one customer per alias."""

    __tablename__ = "customer_aliases"

    alias_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("customer_profiles.id"), index=True)


class CustomerProfileVersion(Base):
    """One change of a profile: who, when, from where, and each field's old and new value."""

    __tablename__ = "customer_profile_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("customer_profiles.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(200))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
