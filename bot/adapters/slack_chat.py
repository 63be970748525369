"""Slack Web API calls the services make: posts, updates, DMs, views, user-group mentions."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping, Sequence
from typing import Any

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack_client import block_dicts, classify
from bot.core.errors import PermanentDeliveryError, TemporaryDeliveryError
from bot.core.ports import Blocks, PostRef, Upload

log = logging.getLogger(__name__)

POST_SPACING_SECONDS = 1.0
USERGROUP_CACHE_SECONDS = 600.0
MESSAGE_EVENT = "rfh_message"
"""Metadata event type of the bot's other messages (confirmations, notes, DMs), keyed for find_post."""


class SlackChat:
    def __init__(self, client: AsyncWebClient):
        self.client = client
        self._channel_locks: dict[str, asyncio.Lock] = {}
        self._last_post: dict[str, float] = {}
        self._groups: dict[str, str] = {}
        self._channel_ids: dict[str, str] = {}
        self._groups_loaded_at: float | None = None  # None = never loaded (monotonic time starts near 0 at boot)
        self._groups_lock = asyncio.Lock()

    async def post(
        self, channel: str, *, text: str, blocks: Blocks | None = None,
        thread_ts: str | None = None, metadata: Mapping[str, Any] | None = None,
    ) -> PostRef:
        async with self._paced(channel):
            response = await self._call(
                "chat.postMessage",
                channel=channel, text=text, blocks=block_dicts(blocks), thread_ts=thread_ts, unfurl_links=False,
                metadata=dict(metadata) if metadata else None,
            )
        ref = PostRef(channel=str(response["channel"]), ts=str(response["ts"]))
        self._channel_ids[channel] = ref.channel
        return ref

    async def find_post(self, channel: str, event_type: str, key: str,
                        thread_ts: str | None = None) -> PostRef | None:
        """A post of ours carrying ``key`` in its metadata among the channel's newest messages, or the thread's
        replies (after a crash or an uncertain failure, to update it rather than post twice)."""
        channel_id = await self._conversation_id(channel)
        if channel_id is None:
            return None
        if thread_ts:
            response = await self._call("conversations.replies", channel=channel_id, ts=thread_ts, limit=200,
                                        include_all_metadata=True)
        else:
            response = await self._call("conversations.history", channel=channel_id, limit=100,
                                        include_all_metadata=True)
        for message in response.get("messages", []):
            metadata = message.get("metadata") or {}
            if metadata.get("event_type") == event_type and (metadata.get("event_payload") or {}).get("key") == key:
                return PostRef(channel=channel_id, ts=str(message["ts"]))
        return None

    async def post_once(self, channel: str, *, key: str, text: str, uncertain: bool,
                        blocks: Blocks | None = None,
                        thread_ts: str | None = None) -> PostRef:
        """Post a message that must appear once: it carries ``key``; after an uncertain earlier attempt
        (``uncertain``), an existing post with that key is returned instead of posting again."""
        if uncertain:
            found = await self.find_post(channel, MESSAGE_EVENT, key, thread_ts)
            if found is not None:
                return found
        return await self.post(channel, text=text, blocks=blocks, thread_ts=thread_ts,
                               metadata={"event_type": MESSAGE_EVENT, "event_payload": {"key": key}})

    async def upload(self, channel: str, files: Sequence[Upload], *, comment: str | None = None) -> int:
        from bot.adapters.slack_files import upload_files  # the three upload steps live there
        return await upload_files(self, channel, files, comment=comment)

    async def update(self, ref: PostRef, *, text: str, blocks: Blocks | None) -> None:
        await self._call("chat.update", channel=ref.channel, ts=ref.ts, text=text, blocks=block_dicts(blocks))

    async def ephemeral(self, channel: str, user: str, text: str, thread_ts: str | None = None) -> None:
        await self._call("chat.postEphemeral", channel=channel, user=user, text=text, thread_ts=thread_ts)

    async def conversation_info(self, channel: str) -> dict[str, Any] | None:
        """conversations.info's channel object, or None when Slack cannot say (no access, not found, failing)."""
        try:
            response = await self._call("conversations.info", channel=channel)
        except (PermanentDeliveryError, TemporaryDeliveryError) as exc:
            log.info("conversations.info for %s failed (%s); treating it as customer-facing", channel, exc)
            return None
        found = response.get("channel")
        return dict(found) if isinstance(found, dict) else None

    async def identity(self) -> dict[str, Any]:
        """auth.test: the workspace (and organisation) this token is installed in."""
        response = await self._call("auth.test")
        return dict(response.data) if isinstance(response.data, dict) else {}

    async def permalink(self, ref: PostRef) -> str | None:
        try:
            response = await self._call("chat.getPermalink", channel=ref.channel, message_ts=ref.ts)
        except (PermanentDeliveryError, TemporaryDeliveryError):
            return None
        return str(response.get("permalink") or "") or None

    async def update_view(self, view_id: str, view: View) -> bool:
        """Best effort: the modal may have been closed by the user in the meantime."""
        try:
            await self.client.views_update(view_id=view_id, view=view)
            return True
        except SlackApiError as exc:
            log.info("views.update for %s skipped: %s", view_id, exc.response.get("error"))
            return False

    async def check_token(self, method: str = "auth.test") -> dict[str, Any]:
        """auth.test (apps.connections.open for an app token); PermanentDeliveryError if Slack refuses the token."""
        return dict((await self._call(method)).data)

    async def usergroup_mention(self, handle: str | None) -> str:
        """<!subteam^ID|@handle> when the group exists, else plain @handle (never a broken mention)."""
        if not handle:
            return ""
        group_id = await self._usergroup_id(handle)
        return f"<!subteam^{group_id}|@{handle}>" if group_id else f"@{handle}"

    async def _usergroup_id(self, handle: str) -> str | None:
        async with self._groups_lock:
            loaded = self._groups_loaded_at
            if loaded is None or time.monotonic() - loaded > USERGROUP_CACHE_SECONDS:
                try:
                    response = await self.client.usergroups_list()
                    groups: list[dict[str, Any]] = response.get("usergroups") or []
                    self._groups = {g["handle"]: g["id"] for g in groups if g.get("handle")}
                except SlackApiError as exc:
                    log.warning("usergroups.list failed (%s); mentioning handles as plain text",
                                exc.response.get("error"))
                    self._groups = {}
                self._groups_loaded_at = time.monotonic()
            return self._groups.get(handle)

    async def _call(self, method: str, **kwargs: Any) -> Any:
        args = {k: v for k, v in kwargs.items() if v is not None}
        try:
            return await self.client.api_call(method, json=args)
        except SlackApiError as exc:
            raise classify(method, exc) from None
        except (TimeoutError, OSError, ClientError) as exc:  # ClientError: e.g. the server hung up mid-answer
            raise TemporaryDeliveryError(
                f"Slack did not answer {method} ({type(exc).__name__})", service="Slack", uncertain=True
            ) from None

    async def _conversation_id(self, channel: str) -> str | None:
        """The id of a channel given by name (conversations.history takes ids only): known once posted in this
        process, else looked up with conversations.list (after a restart)."""
        if _is_conversation_id(channel):
            return channel
        if channel in self._channel_ids:
            return self._channel_ids[channel]
        if _is_user_id(channel):  # a DM: posting to a user id goes to the app's conversation with them
            response = await self._call("conversations.open", users=channel)
            self._channel_ids[channel] = str(response["channel"]["id"])
            return self._channel_ids[channel]
        name, cursor = channel.lstrip("#"), None
        try:
            while True:
                response = await self._call("conversations.list", types="public_channel,private_channel",
                                            exclude_archived=True, limit=1000, cursor=cursor)
                for found in response.get("channels", []):
                    if found.get("name") == name:
                        self._channel_ids[channel] = str(found["id"])
                        return self._channel_ids[channel]
                cursor = (response.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    return None
        except PermanentDeliveryError as exc:
            log.warning("cannot look up the channel %s (%s); posting without looking for an earlier post", channel,
                        exc)
            return None

    def _paced(self, channel: str) -> _Pacer:
        lock = self._channel_locks.setdefault(channel, asyncio.Lock())
        return _Pacer(lock, self._last_post, channel)


class _Pacer:
    """About one message per second per channel, as chat.postMessage's limit asks."""

    def __init__(self, lock: asyncio.Lock, last: dict[str, float], channel: str):
        self.lock, self.last, self.channel = lock, last, channel

    async def __aenter__(self) -> None:
        await self.lock.acquire()
        last = self.last.get(self.channel)
        wait = last + POST_SPACING_SECONDS - time.monotonic() if last is not None else 0.0
        if wait > 0:
            await asyncio.sleep(wait)

    async def __aexit__(self, *_: object) -> None:
        self.last[self.channel] = time.monotonic()
        self.lock.release()


def _is_user_id(channel: str) -> bool:
    return channel[:1] in ("U", "W") and channel[1:].isalnum() and channel.upper() == channel


def _is_conversation_id(channel: str) -> bool:
    return channel[:1] in ("C", "G", "D") and channel[1:].isalnum() and channel.upper() == channel
