"""App Home: publish the user's requests when they open the bot's Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.app_home import LIST_LIMIT, app_home
from bot.delivery.presenter import build_card
from bot.services import Services
from storage import repository as repo


def register(app: AsyncApp, services: Services) -> None:
    @app.event("app_home_opened")
    async def publish_home(event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab") != "home":
            return
        user = event["user"]
        async with services.sessions() as session:
            requested = await repo.requests_by_user(session, requester=user, limit=LIST_LIMIT)
            owned = await repo.requests_by_user(session, owner=user, limit=LIST_LIMIT)
        view = app_home(requested=[await build_card(r, services.config, None) for r in requested],
                        owned=[await build_card(r, services.config, None) for r in owned])
        await client.views_publish(user_id=user, view=view)
