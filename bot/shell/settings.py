"""Process settings, read from the environment once at start (never at import time)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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
}


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
    RFH_WORKER_POLL_SECONDS: float = 2.0
    RFH_GITHUB_WRITE_SPACING: float = 1.0
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
    problem = "is missing" if err["type"] == "missing" else f"is invalid: {err['msg']}"
    return _line(name, problem)


def _line(name: str, problem: str) -> str:
    fix = _HOW_TO_FIX.get(name, "see README.md, 'Environment'")
    return f"{name} {problem}; {fix}"
