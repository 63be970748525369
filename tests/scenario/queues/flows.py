"""The queues scenarios' config and steps: two teams that keep an RFH priorities list (with leads), one that does
not; file requests, open App Home, click its tabs and filters, type `/rfh list` and `/rfh priorities`."""

from __future__ import annotations

import json
from typing import Any

from bot.core.config import RfhConfig, parse_config
from tests.scenario.harness import BotUnderTest, wait_for
from tests.scenario.ownership.flows import rendered, signed  # noqa: F401  (rendered: shared with the tests)
from tests.signing import block_actions_body, event_body, slash_command_body

LEAD, LEAD2, CORE_LEAD = "U0LEAD", "U0LEAD2", "U0CLEAD"
REQUESTER, ANA, BEN, STRANGER = "U0REQ", "U0ANA", "U0BEN", "U0OUT"

CONFIG = """
[security]
requests_per_user_per_minute = 1000  # these tests file many requests from one requester at once

[trackers]
private = "sourcegraph/customer"

[[teams]]
id = "distribution"
name = "Distribution"
channel = "#distribution"
handle = "distribution-support"
label = "team/distribution"
keywords = ["deploy", "Kubernetes", "k8s"]
keeps_priorities_list = true
leads = ["U0LEAD", "U0LEAD2"]
members = ["U0ANA", "U0BEN"]

[[teams]]
id = "core-application"
name = "Core Application"
channel = "#core-application-support"
handle = "core-app-support"
label = "team/core-application"
keywords = ["SAML", "SSO"]
keeps_priorities_list = true
leads = ["U0CLEAD"]

[[teams]]
id = "search-core"
name = "Search Core"
channel = "#search"
label = "team/search-core"
keywords = ["zoekt"]
"""


def queues_config() -> RfhConfig:
    return parse_config(CONFIG, source="queues test config")


async def slash(bot: BotUnderTest, fake_slack: Any, text: str, user: str, *, channel: str = "C0SUPPORT") -> dict:
    """Type ``/rfh <text>``; returns the private answer (the ephemeral message the bot posted for ``user``)."""
    before = len(fake_slack.ephemerals(user=user))
    body = slash_command_body(text=text, user_id=user, channel_id=channel, trigger_id=fake_slack.new_trigger_id(),
                              response_url=fake_slack.response_url())
    reply = await bot.slack(body, signed(body))
    assert reply.status == 200, reply.text
    assert await wait_for(lambda: len(fake_slack.ephemerals(user=user)) > before), f"no answer to /rfh {text}"
    return fake_slack.ephemerals(user=user)[-1]


def rfh_ids_in_order(text: str) -> list[int]:
    import re

    return [int(n) for n in re.findall(r"RFH-(\d+)", text)]


async def open_home(bot: BotUnderTest, fake_slack: Any, user: str) -> dict[str, Any]:
    """The user opens the bot's Home tab; returns the view the bot published."""
    before = len(fake_slack.calls_to("views.publish"))
    view = fake_slack.home_view(user)
    event = {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home",
             **({"view": view} if view else {})}
    body = event_body(event)
    assert (await bot.slack(body, signed(body))).status == 200
    return await published_after(fake_slack, before, user)


async def published_after(fake_slack: Any, before: int, user: str) -> dict[str, Any]:
    calls = await wait_for(lambda: [c for c in fake_slack.calls_to("views.publish")[before:]
                                    if c.args.get("user_id") == user])
    assert calls, "nothing published"
    assert calls[-1].ok, calls[-1].response  # the fake validated the view (types, limits, 100 blocks)
    return fake_slack.home_view(user)


async def click_home(bot: BotUnderTest, fake_slack: Any, user: str, action_id: str, value: Any = None, *,
                     action: dict[str, Any] | None = None) -> dict[str, Any]:
    """Press a button (or pick an option) on the user's App Home; returns the re-published view."""
    before = len(fake_slack.calls_to("views.publish"))
    body = block_actions_body(action_id=action_id, value=value, user_id=user, view=fake_slack.home_view(user),
                              trigger_id=fake_slack.new_trigger_id(), action=action)
    assert (await bot.slack(body, signed(body))).status == 200
    return await published_after(fake_slack, before, user)


def home_text(view: dict[str, Any]) -> str:
    return json.dumps(view["blocks"], ensure_ascii=False)


def sections(view: dict[str, Any]) -> list[str]:
    return [b["text"]["text"] for b in view["blocks"] if b["type"] == "section" and "text" in b]


def listed(view: dict[str, Any]) -> list[int]:
    """The requests a view lists, in order: RFH ids of its section blocks (not the notice or the context lines)."""
    return rfh_ids_in_order(" ".join(b["text"]["text"] for b in view["blocks"]
                                     if b["type"] == "section" and "text" in b))
