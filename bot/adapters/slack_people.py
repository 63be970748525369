"""Slack calls of the bridge: people's names and e-mail matches, Slack Connect channels, updates of messages that
someone may have deleted. Through the same Web API client (and its retry handlers) as ``SlackChat``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block

from bot.adapters.slack_chat import SlackChat
from bot.adapters.slack_client import block_dicts, classify
from bot.core.errors import TemporaryDeliveryError
from bot.core.ports import PostRef

NOT_FOUND = {"users_not_found", "user_not_found", "message_not_found"}


class SlackPeople:
    def __init__(self, chat: SlackChat):
        self.chat = chat
        self._names: dict[str, str | None] = {}

    async def user_name(self, user: str) -> str | None:
        """A person's name as Slack shows it (real name, else display name); cached for the process."""
        if user not in self._names:
            response = await self._call("users.info", user=user)
            profile = ((response or {}).get("user") or {}).get("profile") or {}
            self._names[user] = str(profile.get("real_name") or profile.get("display_name") or "") or None
        return self._names[user]

    async def user_by_email(self, email: str) -> str | None:
        """The Slack user with this e-mail (users.lookupByEmail), or None."""
        response = await self._call("users.lookupByEmail", email=email)
        return str(((response or {}).get("user") or {}).get("id") or "") or None

    async def update_if_there(self, ref: PostRef, *, text: str,
                              blocks: Sequence[Block | dict[str, Any]] | None) -> bool:
        """chat.update of a message that may have been deleted meanwhile: False when it is gone."""
        response = await self._call("chat.update", channel=ref.channel, ts=ref.ts, text=text,
                                    blocks=block_dicts(blocks) or [])
        return response is not None

    async def _call(self, method: str, **kwargs: Any) -> Any:
        """The answer, or None when Slack says the user or message does not exist."""
        try:
            return await self.chat.client.api_call(method, json={k: v for k, v in kwargs.items() if v is not None})
        except SlackApiError as exc:
            if exc.response.get("error") in NOT_FOUND:
                return None
            raise classify(method, exc) from None
        except (TimeoutError, OSError, ClientError) as exc:
            raise TemporaryDeliveryError(f"Slack did not answer {method} ({type(exc).__name__})", service="Slack",
                                         uncertain=method == "chat.update") from None
