"""Process settings, read from the environment once at start (never at import time)."""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_GITHUB_API_URL = "https://api.github.com"

_HOW_TO_FIX = {
    "SLACK_BOT_TOKEN": "set it to the app's bot token (xoxb-…) from the Slack app's OAuth & Permissions page",
    "SLACK_SIGNING_SECRET": "set it to the Signing Secret from the Slack app's Basic Information page",
    "SLACK_APP_TOKEN": "set it to an app-level token (xapp-…) with connections:write, or unset it for HTTP mode",
    "GITHUB_TOKEN": "set it to a GitHub token with Issues read & write on the tracker repositories",
    "DATABASE_URL": "use sqlite:///path/to/rfh.db or postgresql://user:pass@host/db",
    "SLACK_API_URL": "use an http(s) URL such as https://slack.com/api/",
    "GITHUB_API_URL": "use an http(s) URL such as https://api.github.com",
    "RFH_LOG_LEVEL": "use DEBUG, INFO, WARNING, ERROR or CRITICAL",
    "RFH_LOG_FORMAT": "use text (the default) or json (one JSON object per line)",
    "RFH_WORKER_POLL_SECONDS": "use a number of seconds of at least 0.1 (default 2; new requests wake the "
                               "worker at once, so a short poll only burns CPU)",
    "RFH_GITHUB_WRITE_SPACING": "use a number of seconds, 0 or more (default 1.0)",
    "RFH_GITHUB_TIMEOUT_SECONDS": "use a whole number of seconds above 0 (default 15)",
    "RFH_STEP_LEASE_SECONDS": "use a number of seconds above 0 (default 60)",
    "RFH_PORT": "use a TCP port number, e.g. 3000",
}
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
MIN_POLL_SECONDS = 0.1


class SettingsError(Exception):
    """Raised with one line per bad variable; the CLI prints them and exits 2."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class Settings(BaseSettings):
    model_config = SettingsConfigDict(frozen=True, extra="ignore", case_sensitive=True)

    SLACK_BOT_TOKEN: str = Field(min_length=1)
    SLACK_SIGNING_SECRET: str = Field(default="", repr=False)
    SLACK_APP_TOKEN: str | None = Field(default=None, repr=False)
    SLACK_API_URL: str = DEFAULT_SLACK_API_URL
    GITHUB_TOKEN: str = Field(min_length=1, repr=False)
    GITHUB_API_URL: str = DEFAULT_GITHUB_API_URL
    GITHUB_WEBHOOK_SECRET: str | None = Field(default=None, repr=False)
    DATABASE_URL: str = "sqlite:///rfh.db"
    RFH_CONFIG: Path | None = None
    RFH_LOG_LEVEL: str = "INFO"
    RFH_LOG_FORMAT: str = "text"
    RFH_PORT: int = Field(default=3000, gt=0, lt=65536)
    """The HTTP port of `rfh serve` (unless --port); the image's HEALTHCHECK reads it too."""
    RFH_WORKER_POLL_SECONDS: float = Field(default=2.0, ge=MIN_POLL_SECONDS)
    RFH_GITHUB_WRITE_SPACING: float = Field(default=1.0, ge=0)
    RFH_GITHUB_TIMEOUT_SECONDS: int = Field(default=15, gt=0)
    RFH_STEP_LEASE_SECONDS: float = Field(default=60.0, gt=0)

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: Any, *_: Any, **__: Any
    ) -> Any:
        # Only the mapping handed to load_settings counts: tests inject it, the CLI passes os.environ.
        return (init_settings,)

    @field_validator("SLACK_API_URL", "GITHUB_API_URL")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("DATABASE_URL")
    @classmethod
    def _database_url(cls, value: str) -> str:
        return check_database_url(value)

    @field_validator("RFH_LOG_LEVEL")
    @classmethod
    def _log_level(cls, value: str) -> str:
        if value.upper() not in LOG_LEVELS:
            raise ValueError(f"{value!r} is not a log level")
        return value.upper()

    @field_validator("RFH_LOG_FORMAT")
    @classmethod
    def _log_format(cls, value: str) -> str:
        if value.lower() not in ("text", "json"):
            raise ValueError(f"{value!r} is not a log format")
        return value.lower()

    @field_validator("SLACK_BOT_TOKEN")
    @classmethod
    def _bot_token(cls, value: str) -> str:
        if not value.startswith("xox"):
            raise ValueError("must be a Slack bot token starting with xoxb-")
        return value

    @field_validator("SLACK_APP_TOKEN")
    @classmethod
    def _app_token(cls, value: str | None) -> str | None:
        if value and not value.startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp-")
        return value or None

    @property
    def slack_api_url(self) -> str:
        return self.SLACK_API_URL if self.SLACK_API_URL.endswith("/") else self.SLACK_API_URL + "/"

    @property
    def github_api_url(self) -> str:
        return self.GITHUB_API_URL.rstrip("/")


def check_database_url(value: str) -> str:
    """The URL if it names a database rfh supports (raises ValueError with a short reason, never the password)."""
    try:
        backend = make_url(value).get_backend_name()
    except ArgumentError:
        raise ValueError("not a database URL") from None
    if backend not in ("sqlite", "postgresql", "postgres"):
        raise ValueError(f"{backend!r} is not supported")
    if backend != "sqlite" and importlib.util.find_spec("asyncpg") is None:
        raise ValueError("PostgreSQL needs its driver: pip install 'rfh[postgres]'")
    return value


def database_url(value: str) -> str:
    """DATABASE_URL checked on its own (the commands that only need the database): SettingsError, one line."""
    try:
        return check_database_url(value)
    except ValueError as exc:
        raise SettingsError([_line("DATABASE_URL", f"is invalid: {exc}")]) from None


def load_settings(environ: Mapping[str, str], *, http_mode: bool = True) -> Settings:
    """Build settings from ``environ``, collecting every problem into one SettingsError."""
    values: dict[str, Any] = {k: v for k, v in environ.items() if k in Settings.model_fields and v != ""}
    try:
        settings = Settings(**values)
    except ValidationError as exc:
        raise SettingsError([_describe(err) for err in exc.errors()]) from None
    if http_mode and not settings.SLACK_APP_TOKEN and not settings.SLACK_SIGNING_SECRET:
        raise SettingsError([_line("SLACK_SIGNING_SECRET", "is missing (HTTP mode verifies every Slack request)")])
    return settings


def _describe(err: Mapping[str, Any]) -> str:
    name = str(err["loc"][0]) if err.get("loc") else "settings"
    message = str(err["msg"]).removeprefix("Value error, ")
    problem = "is missing" if err["type"] == "missing" else f"is invalid: {message}"
    return _line(name, problem)


def how_to_fix(name: str) -> str:
    return _HOW_TO_FIX.get(name, "see README.md, 'Environment'")


def _line(name: str, problem: str) -> str:
    return f"{name} {problem}; {how_to_fix(name)}"
