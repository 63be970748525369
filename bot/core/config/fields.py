"""The config's strict model base and value types: patterns for ids and repositories, durations, weekdays, time
zones and Slack user ids, each parsed with a message the person editing the TOML file can act on."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict

from bot.core.policies import WEEKDAYS

REPO_PATTERN = r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"
GITHUB_LOGIN_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$"
SLACK_USER_PATTERN = r"^[UW][A-Z0-9]{2,}$"  # a Slack user id (U… or W…), not a name or @handle
_SLACK_USER = re.compile(SLACK_USER_PATTERN)


class Strict(BaseModel):
    """Every config table: an unknown key is an error (a typo must not be silently ignored), values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def slack_user_id(value: Any) -> Any:
    """Leads, members and customer contacts are mentioned as <@ID>: a name or an @handle would mention nobody."""
    if isinstance(value, str) and not _SLACK_USER.fullmatch(value):
        raise ValueError(f"{value!r} is not a Slack user id (U… or W…; in Slack: the person's profile → ⋮ → "
                         "Copy member ID)")
    return value


def parse_duration(value: Any) -> timedelta:
    """``"15m"``, ``"2h"``, ``"1d"``, ``"1d 4h"`` → timedelta. On business time a day is one business day."""
    if isinstance(value, timedelta):
        return value
    match = DURATION.fullmatch(value.strip().lower()) if isinstance(value, str) else None
    if not match or not any(match.groups()):
        raise ValueError(f"{value!r} is not a duration; write it like \"15m\", \"2h\", \"1d\" or \"1d 4h\"")
    days, hours, minutes = (int(g or 0) for g in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes)


def parse_weekday(value: Any) -> int:
    """``"monday"``, ``"Mon"`` → 0 … 6."""
    if isinstance(value, str):
        for n, name in enumerate(WEEKDAYS):
            if value.strip().lower() in (name.lower(), name[:3].lower()):
                return n
    raise ValueError(f"{value!r} is not a weekday; use monday … sunday")


def known_zone(value: str, what: str = "") -> str:
    """``value`` if it names an IANA time zone; else a ValueError prefixed with ``what`` (the key) when given."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        prefix = f"{what}: " if what else ""
        raise ValueError(f"{prefix}unknown time zone {value!r} (use an IANA name such as Europe/Berlin)") from None
    return value


DURATION = re.compile(r"(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?")
Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
Weekday = Annotated[int, BeforeValidator(parse_weekday)]
SlackUserId = Annotated[str, BeforeValidator(slack_user_id)]
