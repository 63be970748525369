"""Repository functions for customer profiles, their aliases and versions. Callers own the session."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import CustomerAlias, CustomerProfile, CustomerProfileVersion


async def profile_by_alias(session: AsyncSession, alias_key: str, *, lock: bool = False) -> CustomerProfile | None:
    profile_id = await session.scalar(select(CustomerAlias.profile_id).where(CustomerAlias.alias_key == alias_key))
    if profile_id is None:
        return None
    if lock:  # a no-op UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) before reading
        await session.execute(update(CustomerProfile).where(CustomerProfile.id == profile_id)
                              .values(version=CustomerProfile.version).execution_options(synchronize_session=False))
    return await session.get(CustomerProfile, profile_id, populate_existing=lock)


async def all_profiles(session: AsyncSession) -> list[CustomerProfile]:
    return list((await session.execute(select(CustomerProfile).order_by(CustomerProfile.name))).scalars())


async def alias_keys(session: AsyncSession) -> list[tuple[str, int]]:
    return [(k, int(p)) for k, p in (await session.execute(select(CustomerAlias.alias_key,
                                                                  CustomerAlias.profile_id))).all()]


async def create_profile(session: AsyncSession, *, key: str, name: str, at: datetime) -> CustomerProfile:
    profile = CustomerProfile(key=key, name=name, aliases=[], fields={}, version=0, updated_at=at, updated_by=None)
    session.add(profile)
    await session.flush()
    session.add(CustomerAlias(alias_key=key, profile_id=profile.id))
    await session.flush()
    return profile


async def add_aliases(session: AsyncSession, profile: CustomerProfile, aliases: Sequence[tuple[str, str]]) -> list[str]:
    """Add (alias, key) pairs not taken yet; returns the aliases added. A key owned by another profile is refused."""
    added = []
    for alias, key in aliases:
        owner = await session.scalar(select(CustomerAlias.profile_id).where(CustomerAlias.alias_key == key))
        if owner is None:
            session.add(CustomerAlias(alias_key=key, profile_id=profile.id))
            added.append(alias)
    if added:
        profile.aliases = [*profile.aliases, *added]
        await session.flush()
    return added


async def add_version(session: AsyncSession, profile: CustomerProfile, *, at: datetime, actor: str, source: str,
                      changes: dict[str, Any]) -> CustomerProfileVersion:
    profile.version += 1
    profile.updated_at, profile.updated_by = at, actor
    row = CustomerProfileVersion(profile_id=profile.id, version=profile.version, at=at, actor=actor,
                                 source=source[:200], changes=changes)
    session.add(row)
    await session.flush()
    return row


async def versions(session: AsyncSession, profile_id: int) -> list[CustomerProfileVersion]:
    query = (select(CustomerProfileVersion).where(CustomerProfileVersion.profile_id == profile_id)
             .order_by(CustomerProfileVersion.version))
    return list((await session.execute(query)).scalars())
