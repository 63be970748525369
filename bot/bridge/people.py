"""Slack user ↔ GitHub login: the config's ``[people]`` first, then links stored from an e-mail match
(``users.lookupByEmail`` with the GitHub user's public e-mail) or said by the user (``/rfh github LOGIN``).

A self-service link is the user's word only: nothing proves they own the GitHub account. It changes how comments
are attributed and whose assignment makes whom the owner, never who may see what.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.bridge.ports import BridgePeople, BridgeTracker
from bot.core.clock import Clock
from bot.core.config import GITHUB_LOGIN_PATTERN, RfhConfig
from storage import bridge_repo

NEGATIVE_CACHE_SECONDS = 600.0
"""A login without a public e-mail (or a Slack match) is not looked up again for this long."""


@dataclass(frozen=True)
class LinkOutcome:
    ok: bool
    message: str


class PeopleMap:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, clock: Clock,
                 tracker: BridgeTracker | None = None, slack: BridgePeople | None = None):
        self.sessions, self.config, self.clock = sessions, config, clock
        self.tracker, self.slack = tracker, slack
        self._by_login = {login: user for user, login in config.people.items()}
        self._unknown: dict[str, float] = {}

    async def login_for(self, user: str) -> str | None:
        if user in self.config.people:
            return self.config.people[user]
        async with self.sessions() as session:
            return await bridge_repo.login_for(session, user)

    async def known_user_for(self, login: str, session: AsyncSession | None = None) -> str | None:
        """From the config and the stored links only (no outside call); in ``session`` when given."""
        login = login.lower()
        if login in self._by_login:
            return self._by_login[login]
        if session is not None:
            return await bridge_repo.user_for(session, login)
        async with self.sessions() as own:
            return await bridge_repo.user_for(own, login)

    async def user_for(self, login: str) -> str | None:
        """Also tries the GitHub user's public e-mail against Slack once, and remembers a match."""
        found = await self.known_user_for(login)
        if found or self.tracker is None or self.slack is None:
            return found
        login = login.lower()
        if time.monotonic() < self._unknown.get(login, 0.0):
            return None
        email = await self.tracker.public_email(login)
        user = await self.slack.user_by_email(email) if email else None
        if user is None or user in self.config.people:
            self._unknown[login] = time.monotonic() + NEGATIVE_CACHE_SECONDS
            return None
        async with self.sessions() as session, session.begin():
            if await bridge_repo.login_for(session, user) is None:  # never overrides what the user said
                await bridge_repo.link_person(session, slack_user=user, github_login=login, source="email",
                                              at=self.clock.now())
        return user

    async def link(self, user: str, login: str) -> LinkOutcome:
        """``/rfh github LOGIN``: the caller says the GitHub account is theirs."""
        login = login.strip().lstrip("@")
        if not re.fullmatch(GITHUB_LOGIN_PATTERN, login):
            return LinkOutcome(False, f"`{login[:40]}` is not a GitHub login. Use `/rfh github YOUR-LOGIN`.")
        configured = self.config.people.get(user)
        if configured and configured != login.lower():
            return LinkOutcome(False, f"The bot's config links you to GitHub user `{configured}`; ask an admin to "
                                      "change it there.")
        owner = self._by_login.get(login.lower())
        if owner and owner != user:
            return LinkOutcome(False, f"The bot's config links `{login}` to someone else.")
        async with self.sessions() as session, session.begin():
            await bridge_repo.link_person(session, slack_user=user, github_login=login, source="self",
                                          at=self.clock.now())
        self._unknown.pop(login.lower(), None)
        return LinkOutcome(True, f"Linked: your GitHub account is `{login.lower()}`. Comments you write there show "
                                 "as yours in Slack, and assigning you on GitHub makes you the owner. The bot "
                                 "takes your word for it.")
