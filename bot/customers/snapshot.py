"""Every customer profile by each of its alias keys, in memory, for the look-up a submission makes before Slack is
answered: at 50 submissions in flight that query was half of the listener's time on the event loop.

The snapshot is used while it is younger than ``FRESH_SECONDS`` and is reloaded in the background by the first
look-up after that (which asks the database itself meanwhile). This process's own changes go into it at once; other
replicas' and `rfh customers import`'s reach it with the next load, within ``FRESH_SECONDS`` of being made.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Iterable

from bot.customers.rules import Profile, name_key

log = logging.getLogger(__name__)
FRESH_SECONDS = 60.0
Loader = Callable[[], Awaitable[Iterable[tuple[str, Profile]]]]
"""Every (alias key, profile) pair in the database."""


class ProfileSnapshot:
    def __init__(self, load: Loader, *, clock: Callable[[], float] = time.monotonic):
        self._load, self._clock = load, clock
        self._by_key: dict[str, Profile] = {}
        self._loaded_at: float | None = None  # never loaded: monotonic time counts from boot, so 0.0 could look fresh
        self._loading: asyncio.Task[None] | None = None
        self._changed_meanwhile: list[Profile] = []

    def fresh(self) -> bool:
        return self._loaded_at is not None and self._clock() - self._loaded_at < FRESH_SECONDS

    def get(self, key: str) -> Profile | None:
        """The profile ``key`` names, as of the snapshot (call ``fresh`` first)."""
        return self._by_key.get(key)

    def reload_soon(self) -> None:
        """Start loading a new snapshot in the background, unless one is loading already."""
        if self._loading is None or self._loading.done():
            self._loading = asyncio.get_running_loop().create_task(self._reload())

    def changed(self, profile: Profile) -> None:
        """A profile this process has just stored: the snapshot holds it from now on (and a load under way too)."""
        self._put(profile)
        if self._loading is not None and not self._loading.done():
            self._changed_meanwhile.append(profile)

    async def close(self) -> None:
        """Stop a load under way (before the database is closed)."""
        if self._loading is not None and not self._loading.done():
            self._loading.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loading

    async def _reload(self) -> None:
        started = self._clock()
        self._changed_meanwhile = []
        try:
            pairs = await self._load()
        except Exception:  # the database may be away for a moment: look-ups keep asking it, and the next one retries
            log.warning("loading the customer profiles failed; look-ups ask the database meanwhile", exc_info=True)
            return
        self._by_key = dict(pairs)
        for profile in self._changed_meanwhile:  # stored after the load read its rows: newer than what it read
            self._put(profile)
        self._changed_meanwhile = []
        self._loaded_at = started

    def _put(self, profile: Profile) -> None:
        for key in {name_key(profile.name), *(name_key(a) for a in profile.aliases)}:
            if key:
                self._by_key[key] = profile
