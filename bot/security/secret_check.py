"""The secret check on submit: the first time a modal's text carries secrets, a field error names each (and where);
pressing the button again with the same text accepts it with every secret replaced by ``[redacted: …]``.

"Pressed again with the same secrets" is remembered in the database (the seen-deliveries table, keyed by the view and
a hash of what was found), so it holds across replicas and restarts, and nothing of the secret itself is stored.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.clock import Clock
from bot.security.secrets import Scan, describe, scan
from storage import repository as repo

WARNED = "secret-warning"
SCAN_IN_THREAD_CHARS = 8000
"""Texts longer than this (about 2 ms of scanning) are scanned in a thread; shorter ones cost less than the hop."""


@dataclass(frozen=True)
class Review:
    errors: dict[str, str] = field(default_factory=dict)
    """Block id → "Line 3 of Logs looks like an AWS access key. …": show these and file nothing."""
    redacted: dict[str, str] = field(default_factory=dict)
    """Block id → the text with its secrets redacted: file with these."""


def _scan_all(texts: Mapping[str, str]) -> dict[str, Scan]:
    return {block: scan(text) for block, text in texts.items()}


class SecretGuard:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], clock: Clock):
        self.sessions, self.clock = sessions, clock

    async def review(self, view_id: str | None, fields: Mapping[str, tuple[str, str]], *, button: str) -> Review:
        """``fields``: block id → (the field's label, its text). ``button`` names the submit button in the message."""
        texts = {block: text for block, (_, text) in fields.items() if text}
        if sum(map(len, texts.values())) > SCAN_IN_THREAD_CHARS:  # pasted logs: the loop keeps serving meanwhile
            scans = await asyncio.to_thread(_scan_all, texts)
        else:
            scans = _scan_all(texts)
        found = {block: s for block, s in scans.items() if s.findings}
        if not found:
            return Review()
        redacted = {block: s.redacted for block, s in found.items()}
        if view_id and not await self._first_warning(view_id, found):
            return Review(redacted=redacted)
        how = (f"Remove it, or press {button} again to send it with "
               f"{' and '.join(sorted({f'[redacted: {f.label}]' for s in found.values() for f in s.findings}))} "
               "in its place.")
        return Review(errors={block: f"{describe(fields[block][0], s.findings)}. {how}" for block, s in found.items()})

    async def _first_warning(self, view_id: str, found: Mapping[str, Scan]) -> bool:
        digest = hashlib.sha256(repr(sorted((b, s.redacted) for b, s in found.items())).encode()).hexdigest()[:24]
        async with self.sessions() as session, session.begin():
            return await repo.mark_seen(session, WARNED, f"{view_id[:96]}:{digest}", self.clock.now())
