"""App Home: publish the user's requests when they open the bot's Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.app_home import LIST_LIMIT, app_home
from bot.blocks.tech_review import home_section
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
        published = view.to_dict()
        published["blocks"] = [*published["blocks"], *await review_home(services, user)][:100]
        await client.views_publish(user_id=user, view=published)


async def review_home(services: Services, user: str) -> list[dict[str, Any]]:
    """The Tech reviews section: the user's own reviews and those waiting for their decision."""
    if services.reviews is None or services.review_jobs is None:
        return []
    mine, to_review = await services.reviews.for_user(user)
    cards = services.review_jobs.card
    return home_section(mine=[await cards(r, mentions=False) for r in mine],
                        to_review=[await cards(r, mentions=False) for r in to_review])
