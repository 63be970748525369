"""Submissions ask the router to learn after the answer; those asking together share one refresh."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.services import Services


class CountingServices(Services):
    def __init__(self, **kwargs: Any):
        super().__init__(**{name: None for name in ("config", "engine", "sessions", "chat", "tracker", "router",
                                                     "clock", "runner", "worker", "ownership")}, **kwargs)
        self.refreshes = 0
        self.release = asyncio.Event()
        self.release.set()

    async def refresh_router(self) -> int:
        self.refreshes += 1
        await self.release.wait()
        return 0


async def test_many_requests_to_learn_at_once_make_one_refresh():
    services = CountingServices()
    for _ in range(50):
        services.learn_soon()  # 50 submissions answered in the same moment
    await services.close_learning()
    assert services.refreshes == 1


async def test_a_request_to_learn_during_a_refresh_gets_one_more_refresh_after_it():
    services = CountingServices()
    services.release.clear()
    services.learn_soon()
    while services.refreshes == 0:  # the first refresh is running (and waits)
        await asyncio.sleep(0.01)
    services.learn_soon()
    services.learn_soon()  # decisions stored after its query: they need a refresh of their own, one is enough
    services.release.set()
    await services.close_learning()
    assert services.refreshes == 2


async def test_a_failed_refresh_is_logged_and_the_next_request_refreshes_again(caplog):
    services = CountingServices()

    async def broken() -> int:
        services.refreshes += 1
        raise RuntimeError("database away")

    services.refresh_router = broken  # type: ignore[method-assign]
    services.learn_soon()
    await services.close_learning()
    services.learn_soon()
    await services.close_learning()
    assert services.refreshes == 2
    assert "refreshing the router" in caplog.text


async def test_the_related_index_is_refreshed_in_the_same_background_pass():
    class Related:
        refreshes = 0

        async def refresh(self) -> int:
            Related.refreshes += 1
            return 0

    services = CountingServices()
    services.related = Related()  # type: ignore[assignment]
    for _ in range(10):
        services.learn_soon()
    await services.close_learning()
    assert (services.refreshes, Related.refreshes) == (1, 1)
