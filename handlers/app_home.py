"""App Home: publish the user's requests when they open the bot's Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.app_home import LIST_LIMIT, app_home
from bot.delivery.presenter import home_cards
from bot.services import Services


def register(app: AsyncApp, services: Services) -> None:
    @app.event("app_home_opened")
    async def publish_home(event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab") != "home":
            return
        user = event["user"]
        requested, owned = await home_cards(services.sessions, services.config, user=user, limit=LIST_LIMIT)
        view = app_home(requested=requested, owned=owned)
        await client.views_publish(user_id=user, view=view)
