"""Checks at start: the database can be reached and the tokens are accepted, each problem said in one line.

A refusal that waiting cannot fix (a bad token, a database that does not exist) stops the command with exit 2; a
service that does not answer yet only gets a warning, because requests are stored and delivered once it does.
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from bot.core.errors import PermanentDeliveryError, TemporaryDeliveryError
from bot.shell.settings import Settings, SettingsError, how_to_fix
from storage.db import make_engine

log = logging.getLogger(__name__)
DEFAULT_DATABASE_URL = "sqlite:///rfh.db"
CONNECT_SECONDS = 10.0
TOKEN_CHECK_SECONDS = 10.0


def shown(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def sqlite_file(url: str) -> Path | None:
    """The database file of a sqlite URL (None for PostgreSQL and in-memory SQLite)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database).expanduser()


def sqlite_problem(url: str, *, must_exist: bool) -> str | None:
    """Why this sqlite URL cannot be used, if it cannot: the bot creates the file, never a directory."""
    path = sqlite_file(url)
    if path is None:
        return None
    if must_exist and not path.exists():
        where = "in the current directory" if not path.is_absolute() else "there"
        return (f"DATABASE_URL: there is no database at {path} ({where}); set DATABASE_URL to the bot's database "
                "(this command reads it and never creates one)")
    folder = path.absolute().parent
    if not folder.is_dir():
        return f"DATABASE_URL: the directory {folder} does not exist; create it, or point DATABASE_URL elsewhere"
    if not path.exists() and not os.access(folder, os.W_OK):
        return f"DATABASE_URL: cannot create {path.name} in {folder} (no write permission); fix it or move the file"
    return None


async def check_database(url: str, *, must_exist: bool = False) -> None:
    """Raise SettingsError (one line) unless the database can be opened."""
    problem = sqlite_problem(url, must_exist=must_exist)
    if problem:
        raise SettingsError([problem])
    connect_args = {"timeout": CONNECT_SECONDS} if sqlite_file(url) is None else {}
    engine = make_engine(url, connect_args=connect_args) if connect_args else make_engine(url)
    try:
        async with asyncio.timeout(CONNECT_SECONDS + 1):
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
    except (OSError, TimeoutError, SQLAlchemyError) as exc:
        raise SettingsError([f"DATABASE_URL: cannot open the database {shown(url)} ({_reason(exc)}); check the "
                             "host, port, database name, user and password, and that the server runs"]) from None
    finally:
        await engine.dispose()


def _reason(exc: BaseException) -> str:
    original: BaseException = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    while original.__cause__ is not None:  # the driver's own error (asyncpg's), not SQLAlchemy's wrapper of it
        original = original.__cause__
    text_ = str(original).strip().splitlines()[0] if str(original).strip() else ""
    return f"{type(original).__name__}: {text_}" if text_ else type(original).__name__


async def check_tokens(settings: Settings, private_tracker: str) -> None:
    """auth.test for Slack (and apps.connections.open for Socket Mode's app token), one read of the private tracker
    for GitHub. Refused: SettingsError naming the token. Not answering: a warning, and the bot starts anyway."""
    from bot.adapters.github_tracker import GitHubTracker
    from bot.adapters.slack_chat import SlackChat
    from bot.adapters.slack_client import make_web_client

    # One attempt each, no retries: this only asks whether the tokens are accepted.
    chat = SlackChat(make_web_client(token=settings.SLACK_BOT_TOKEN, base_url=settings.slack_api_url,
                                     retries=False))
    tracker = GitHubTracker(token=settings.GITHUB_TOKEN, base_url=settings.github_api_url, write_spacing=None,
                            timeout=min(settings.RFH_GITHUB_TIMEOUT_SECONDS, int(TOKEN_CHECK_SECONDS)),
                            retries=False)
    checks = {
        "SLACK_BOT_TOKEN": chat.check_token(),
        "GITHUB_TOKEN": tracker.check_access(private_tracker),
    }
    if settings.SLACK_APP_TOKEN:
        app_client = make_web_client(token=settings.SLACK_APP_TOKEN, base_url=settings.slack_api_url,
                                     retries=False)
        checks["SLACK_APP_TOKEN"] = SlackChat(app_client).check_token("apps.connections.open")
    results = await asyncio.gather(*(_bounded(call) for call in checks.values()), return_exceptions=True)
    problems = []
    for name, result in zip(checks, results, strict=True):
        if isinstance(result, PermanentDeliveryError):
            fix = result.fix if name == "GITHUB_TOKEN" else how_to_fix(name)
            problems.append(f"{name} is not accepted: {result}; {fix}")
        elif isinstance(result, (TemporaryDeliveryError, TimeoutError)):
            log.warning("%s could not be checked: %s; starting anyway (requests are stored and delivered once it "
                        "answers)", name, result or "no answer in time")
        elif isinstance(result, BaseException):
            raise result
    if problems:
        raise SettingsError(problems)


async def _bounded(call: object) -> object:
    async with asyncio.timeout(TOKEN_CHECK_SECONDS):
        return await call  # type: ignore[misc]
