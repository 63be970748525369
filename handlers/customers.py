"""The intake modal's customer type-ahead (options load) and what choosing a customer does: its profile is shown
and, when Environment is still empty, pre-fills it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.ids import ActionId, BlockId
from bot.blocks.intake_parts import carry_over, next_environment_block, profile_note
from bot.core.text import one_line, truncate
from bot.customers.rules import render_environment
from bot.services import Services
from handlers import intake_view
from handlers.forms import environment_block, field_value


def customer_options(names: list[str], typed: str) -> list[dict[str, Any]]:
    """Option groups for the type-ahead: known customers, then the name as typed (unknown customers are fine)."""

    def option(name: str, label: str | None = None) -> dict[str, Any]:
        return {"text": {"type": "plain_text", "text": truncate(label or name, 75)}, "value": truncate(name, 150)}

    groups = []
    if names:
        groups.append({"label": {"type": "plain_text", "text": "Customers"}, "options": [option(n) for n in names]})
    typed = one_line(typed)
    if typed and not any(n.casefold() == typed.casefold() for n in names):
        groups.append({"label": {"type": "plain_text", "text": "New customer"},
                       "options": [option(typed, f"{typed} (new)")]})
    return groups


def register(app: AsyncApp, services: Services) -> None:
    customers = services.customers
    assert customers is not None

    async def is_customer(body: dict[str, Any]) -> bool:
        return body.get("block_id") == BlockId.CUSTOMER

    @app.options(ActionId.VALUE, matchers=[is_customer])
    async def load_customers(ack: AsyncAck, body: dict[str, Any]) -> None:
        typed = str(body.get("value") or "")
        await ack(option_groups=customer_options(await customers.search(typed), typed))

    @app.action({"block_id": BlockId.CUSTOMER, "action_id": ActionId.VALUE})
    async def customer_chosen(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        view = body["view"]
        name = str(((body["actions"][0].get("selected_option")) or {}).get("value") or "")
        profile = await customers.find(name) if name else None
        extras = carry_over(view.get("blocks") or [])
        if profile is None:
            extras = replace(extras, profile_note=None)
        else:
            state = view["state"]["values"]
            current = field_value(state, environment_block(state))
            prefill = not current and bool(profile.fields)
            extras = replace(extras, profile_note=profile_note(name=profile.name, rows=profile.rows(),
                                                               version=profile.version, prefilled=prefill))
            if prefill:
                extras = replace(extras, environment=render_environment(profile.fields),
                                 environment_block=next_environment_block(extras.environment_block))
        await intake_view.refresh(services, client, view, extras=extras)
