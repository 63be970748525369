"""App Home: publish the user's home when they open it; tabs, filters, pages and Take ownership re-publish it."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.app_home import HomeState, Tab
from bot.blocks.ids import ActionId
from bot.blocks.queues import ListPage
from bot.services import Services
from handlers.home import Home

FILTERS = {ActionId.HOME_FILTER_TEAM: "team", ActionId.HOME_FILTER_PRIORITY: "priority",
           ActionId.HOME_FILTER_STATE: "state"}


def home_state(body: dict[str, Any]) -> HomeState:
    """The state of the home view the click came from."""
    return HomeState.load((body.get("view") or {}).get("private_metadata"))


def register(app: AsyncApp, services: Services) -> None:
    home = Home(services)
    ownership = services.ownership

    @app.event("app_home_opened")
    async def publish_home(event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab") != "home":
            return
        # Back where they left it: the last published view carries the tab, page and filters.
        state = HomeState.load((event.get("view") or {}).get("private_metadata"))
        await home.publish(client, event["user"], state)

    @app.action(re.compile(f"^{ActionId.HOME_TAB}:"))
    async def switch_tab(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        state = replace(home_state(body), tab=Tab(body["actions"][0]["value"]), page=0)
        await home.publish(client, body["user"]["id"], state)

    @app.action(re.compile("^(" + "|".join(FILTERS) + ")$"))
    async def change_filter(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        action = body["actions"][0]
        value = (action.get("selected_option") or {}).get("value") or "any"
        state = home_state(body).with_filter(FILTERS[ActionId(action["action_id"])], value)
        await home.publish(client, body["user"]["id"], state)

    @app.action(re.compile(f"^({ActionId.HOME_PAGE_PREVIOUS}|{ActionId.HOME_PAGE_NEXT})$"))
    async def turn_page(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        page = ListPage.load(body["actions"][0]["value"]).page
        await home.publish(client, body["user"]["id"], replace(home_state(body), page=page))

    @app.action(ActionId.HOME_TAKE_OWNERSHIP)
    async def take_from_home(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        user = body["user"]["id"]
        outcome = await ownership.take(int(body["actions"][0]["value"]), user)
        services.worker.wake()
        await home.publish(client, user, home_state(body), notice=outcome.message)
