"""The people map: the config wins, e-mail matches are remembered, /rfh github is the user's word (with limits)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.bridge.people import PeopleMap
from bot.core.clock import ManualClock
from tests.scenario.ownership.flows import oncall_config

CONFIG = oncall_config('\n[people]\nU0ANA = "Ana-GH"\n')


class Directory:
    """GitHub's public e-mails and Slack's e-mail lookup, counted."""

    def __init__(self) -> None:
        self.github_lookups = 0

    async def public_email(self, login: str) -> str | None:
        self.github_lookups += 1
        return {"car-gh": "car@example.com", "noslack": "nobody@example.com"}.get(login)

    async def user_by_email(self, email: str) -> str | None:
        return {"car@example.com": "U0CAR"}.get(email)


async def test_config_then_links_then_email(sessions) -> None:
    directory = Directory()
    people = PeopleMap(sessions=sessions, config=CONFIG, clock=ManualClock(datetime(2026, 1, 1, tzinfo=UTC)),
                       tracker=directory, slack=directory)  # type: ignore[arg-type]
    assert await people.login_for("U0ANA") == "ana-gh" and await people.user_for("ANA-gh") == "U0ANA"
    assert await people.user_for("car-gh") == "U0CAR" and await people.login_for("U0CAR") == "car-gh"
    assert await people.user_for("noslack") is None and await people.user_for("noslack") is None
    assert directory.github_lookups == 2  # car once (then stored), noslack once (then remembered as unknown)

    refused = await people.link("U0ANA", "someone-else")
    assert not refused.ok and "config links you" in refused.message
    assert not (await people.link("U0BEN", "ana-gh")).ok
    assert not (await people.link("U0BEN", "not a login!")).ok
    linked = await people.link("U0BEN", "@Ben-GH")
    assert linked.ok and "takes your word" in linked.message
    assert await people.user_for("ben-gh") == "U0BEN"
    assert (await people.link("U0DAN", "ben-gh")).ok  # a login moves to whoever said it last
    assert await people.user_for("ben-gh") == "U0DAN" and await people.login_for("U0BEN") is None
