"""Customer profiles: find one by any spelling or alias, type-ahead over names, and versioned updates (from a
submission's Environment, or an import). Every change is a version row: who, when, from where, what changed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.text import one_line
from bot.customers.rules import Profile, changes, clean_fields, name_key
from bot.customers.snapshot import ProfileSnapshot
from storage import customers_repo as repo
from storage.models import CustomerProfile

OPTIONS_LIMIT = 20


@dataclass(frozen=True)
class Version:
    version: int
    at: datetime
    actor: str
    source: str
    changes: Mapping[str, Any]


@dataclass(frozen=True)
class Saved:
    profile: Profile
    changed: Mapping[str, Any] = field(default_factory=dict)
    created: bool = False


def _profile(row: CustomerProfile) -> Profile:
    return Profile(name=row.name, fields=dict(row.fields or {}), aliases=tuple(row.aliases or ()),
                   version=row.version)


class CustomerProfiles:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], clock: Clock, config: RfhConfig | None = None):
        self.sessions, self.clock, self.config = sessions, clock, config
        self.snapshot = ProfileSnapshot(self._all_by_key)

    async def find(self, name: str) -> Profile | None:
        key = name_key(name)
        if not key:
            return None
        async with self.sessions() as session:
            row = await repo.profile_by_alias(session, key)
        return _profile(row) if row else None

    async def find_recent(self, name: str) -> Profile | None:
        """``find`` from the in-memory snapshot (``bot.customers.snapshot``: this process's changes at once, other
        processes' within a minute), for a submission's answer; from the database while there is no fresh one."""
        key = name_key(name)
        if not key:
            return None
        if self.snapshot.fresh():
            return self.snapshot.get(key)
        self.snapshot.reload_soon()
        return await self.find(name)

    async def _all_by_key(self) -> list[tuple[str, Profile]]:
        async with self.sessions() as session:
            profiles = {row.id: _profile(row) for row in await repo.all_profiles(session)}
            keys = await repo.alias_keys(session)
        return [(key, profiles[profile_id]) for key, profile_id in keys if profile_id in profiles]

    async def search(self, query: str, limit: int = OPTIONS_LIMIT) -> list[str]:
        """Customer names for a type-ahead: profiles (by name or alias) and the config's customers, names starting
        with the query first."""
        wanted = name_key(query)
        async with self.sessions() as session:
            profiles = {p.id: p.name for p in await repo.all_profiles(session)}
            aliases = await repo.alias_keys(session)
        names: dict[str, tuple[int, str]] = {}
        for key, profile_id in aliases:
            if wanted in key:
                name = profiles[profile_id]
                rank = 0 if key.startswith(wanted) else 1
                names[name] = min(names.get(name, (rank, name)), (rank, name))
        for customer in (self.config.customers.values() if self.config else ()):
            key = name_key(customer.name)
            if wanted in key and not any(name_key(n) == key for n in names):
                names[customer.name] = (0 if key.startswith(wanted) else 1, customer.name)
        return [name for name, _ in sorted(names.items(), key=lambda kv: (kv[1][0], kv[1][1].lower()))][:limit]

    async def update(self, name: str, values: Mapping[str, object], *, actor: str, source: str,
                     aliases: Sequence[str] = (), create: bool = True) -> Saved | None:
        """Lay ``values`` over the profile (facts not given are kept) and record a version when anything changed.
        Creates the profile when ``create`` and it has something to keep. None: no profile and nothing to create."""
        fields = clean_fields(values)
        for attempt in (1, 2):
            try:
                async with self.sessions() as session, session.begin():
                    saved = await self._update(session, name, fields, actor=actor, source=source, aliases=aliases,
                                               create=create)
            except IntegrityError:  # another replica created the same customer at the same moment: update that one
                if attempt == 2:
                    raise
                continue
            if saved is not None:  # committed: the submissions' snapshot has it at once
                self.snapshot.changed(saved.profile)
            return saved
        return None

    async def history(self, name: str) -> tuple[Profile, list[Version]] | None:
        async with self.sessions() as session:
            row = await repo.profile_by_alias(session, name_key(name))
            if row is None:
                return None
            rows = await repo.versions(session, row.id)
        return _profile(row), [Version(v.version, v.at, v.actor, v.source, dict(v.changes or {})) for v in rows]

    async def export(self) -> list[Profile]:
        async with self.sessions() as session:
            return [_profile(row) for row in await repo.all_profiles(session)]

    async def _update(self, session: AsyncSession, name: str, fields: dict[str, str], *, actor: str, source: str,
                      aliases: Sequence[str], create: bool) -> Saved | None:
        key = name_key(name)
        if not key:
            return None
        row = await repo.profile_by_alias(session, key, lock=True)
        created = False
        if row is None:
            if not create or not (fields or aliases):
                return None
            row = await repo.create_profile(session, key=key, name=one_line(name), at=self.clock.now())
            created = True
        diff: dict[str, Any] = changes(row.fields or {}, fields)
        added = await repo.add_aliases(session, row, [(a, name_key(a)) for a in aliases if name_key(a)])
        if added:
            diff["aliases"] = {"from": None, "to": ", ".join(added)}
        if diff:
            row.fields = {**(row.fields or {}), **{k: v["to"] for k, v in diff.items() if k != "aliases"}}
            await repo.add_version(session, row, at=self.clock.now(), actor=actor, source=source, changes=diff)
        return Saved(_profile(row), diff, created)
