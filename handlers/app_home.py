"""App Home: publish the user's requests when they open the bot's Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.app_home import LIST_LIMIT, app_home
from bot.blocks.tech_review import home_section
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
