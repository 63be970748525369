"""/rfh report [team]: the weekly report, sent privately (a DM) to whoever asks. The listener only queues the job
(``bot.reports.jobs``); the scheduler builds and sends it, with retries, like the weekly post."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.ids import SLASH_COMMAND
from bot.blocks.report import on_its_way, unknown_team
from bot.core.config import RfhConfig
from bot.services import Services

SUBCOMMAND = "report"


async def is_report(command: dict[str, Any]) -> bool:
    words = (command.get("text") or "").split()
    return bool(words) and words[0].lower() == SUBCOMMAND


def team_asked(config: RfhConfig, text: str) -> tuple[str | None, bool]:
    """The team after ``report`` (its id, name or handle, any case): (team id or None for all, known)."""
    asked = text.strip()[len(SUBCOMMAND):].strip().lstrip("@").lower()
    if not asked:
        return None, True
    for team in config.teams.teams:
        if asked in (team.id, team.name.lower(), (team.handle or "").lower()):
            return team.id, True
    return None, False


def register(app: AsyncApp, services: Services) -> None:
    @app.command(SLASH_COMMAND, matchers=[is_report])
    async def send_report(ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        channel, user = command["channel_id"], command["user_id"]
        team, known = team_asked(services.config, command.get("text") or "")
        if not known:
            asked = (command.get("text") or "").split(maxsplit=1)[1]
            names = [t.id for t in services.config.teams.teams]
            await client.chat_postEphemeral(channel=channel, user=user, text=unknown_team(asked, names))
            return
        assert services.report_posts is not None
        await services.report_posts.request_private(user=user, team=team)
        if services.scheduler is not None:
            services.scheduler.wake()
        name = services.config.teams[team].name if team else None
        await client.chat_postEphemeral(channel=channel, user=user, text=on_its_way(name))
