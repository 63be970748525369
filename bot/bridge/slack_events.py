"""Replies in the team post's thread, taken in: stored, with the step that brings the private issue in line.

Only a person's reply in the *team post's* thread counts (never the requester's origin thread, which may be a
customer's); the bot's own messages and other apps' never do. A reply starting with the internal marker is stored
but stays in Slack. Edits and deletions are stored as new versions of the same reply.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.bridge.rules import files_of, is_internal, reply_key
from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.domain import StepKind
from bot.core.text import one_line, truncate
from storage import bridge_repo
from storage import repository as repo
from storage.models import BridgedItem, Request, TimelineKind

TAKEN = {None: "created", "thread_broadcast": "created", "file_share": "created", "message_changed": "edited",
         "message_deleted": "deleted"}


class SlackReplies:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, clock: Clock):
        self.sessions, self.config, self.clock = sessions, config, clock

    async def take(self, event: dict[str, Any]) -> str:
        """What became of the message event (for logs and tests)."""
        if _from_an_app(event):
            return "own"
        kind = TAKEN.get(event.get("subtype"), "ignored")
        channel = str(event.get("channel") or "")
        message = _message(event, kind)
        if kind == "deleted" and not message and event.get("deleted_ts"):
            return await self._deleted_by_key(channel, str(event["deleted_ts"]))
        if kind == "ignored" or not message:
            return "ignored"
        if _from_an_app(message):
            return "own"
        if channel in self.config.bridge.customer_facing_channels:
            return "customer_facing"
        thread_ts, ts = message.get("thread_ts"), str(message.get("ts") or "")
        if not (thread_ts and ts and message.get("user")) or thread_ts == ts:
            return "not_a_reply"
        async with self.sessions() as session, session.begin():
            request = await bridge_repo.request_for_post(session, channel, str(thread_ts))
            if request is None:
                return "not_a_team_thread"
            team = self.config.team_model(request.team_id)
            if not request.issue_number or (team is not None and not team.bridge.enabled):
                return "bridge_off"
            item = await bridge_repo.item(session, reply_key(channel, ts))
            if kind == "deleted":
                return await self._deleted(session, request, item)
            return await self._written(session, request, item, message, channel, kind)

    async def _written(self, session: AsyncSession, request: Request, item: BridgedItem | None,
                       message: dict[str, Any], channel: str, kind: str) -> str:
        now, text = self.clock.now(), str(message.get("text") or "")
        internal = is_internal(text, self.config.bridge.internal_marker)
        files = [{"name": f.name, "url": f.url} for f in files_of(message)]
        edit_key = str((message.get("edited") or {}).get("ts") or "")
        if item is not None and (kind == "created" or item.edited_key == edit_key):
            return "duplicate"
        was_public = item is not None and (not item.internal or item.github_comment_id is not None)
        if item is None:
            item = BridgedItem(request_id=request.id, origin="slack", source_key=reply_key(channel, message["ts"]),
                               author=str(message["user"]), body=text, url=None, files=files, version=1,
                               edited_key=edit_key or None, deleted=False, internal=internal, slack_channel=channel,
                               slack_ts=str(message["ts"]), created_at=now, updated_at=now)
            session.add(item)
            await session.flush()
        else:
            item.body, item.files, item.internal = text, files, internal
            item.edited_key, item.version, item.updated_at = edit_key, item.version + 1, now
        if internal and not was_public:
            return "internal"  # stays in Slack; a later edit without the marker bridges it
        what = ("marked a reply internal (removed from GitHub)" if internal else
                "edited a reply bridged to GitHub" if was_public else "replied in Slack (bridged to GitHub)")
        plain = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")  # history keeps plain text
        await self._queue(session, request, item, what + ": " + truncate(one_line(plain), 280))
        return "internal" if internal else kind

    async def _deleted_by_key(self, channel: str, ts: str) -> str:
        """A deletion event without the deleted message: the stored reply is found by its channel and ts."""
        async with self.sessions() as session, session.begin():
            item = await bridge_repo.item(session, reply_key(channel, ts))
            request = await session.get(Request, item.request_id) if item else None
            return await self._deleted(session, request, item) if request else "unknown_reply"

    async def _deleted(self, session: AsyncSession, request: Request, item: BridgedItem | None) -> str:
        if item is None or item.deleted:
            return "duplicate" if item else "unknown_reply"
        item.deleted, item.version, item.updated_at = True, item.version + 1, self.clock.now()
        if item.internal and item.github_comment_id is None:
            return "deleted"  # never left Slack
        await self._queue(session, request, item, "deleted a reply in Slack (removed from GitHub)")
        return "deleted"

    async def _queue(self, session: AsyncSession, request: Request, item: BridgedItem, text: str) -> None:
        now = self.clock.now()
        await bridge_repo.add_timeline(session, request.id, at=now, actor=item.author, kind=TimelineKind.REPLY,
                                       text=text)
        await repo.add_steps(session, request, [StepKind.BRIDGE_TO_GITHUB], now, round_=f"{item.id}.{item.version}",
                             payload={"item": item.id, "version": item.version})


def _message(event: dict[str, Any], kind: str) -> dict[str, Any]:
    if kind == "edited":
        return dict(event.get("message") or {})
    if kind == "deleted":
        previous = dict(event.get("previous_message") or {})
        return {**previous, "ts": event.get("deleted_ts") or previous.get("ts")} if previous else {}
    return event


def _from_an_app(message: dict[str, Any]) -> bool:
    """The bot itself or another app: never bridged (and never taken as anyone's reply)."""
    metadata = message.get("metadata") or {}
    return bool(message.get("bot_id") or message.get("subtype") == "bot_message" or message.get("app_id")
                or str(metadata.get("event_type", "")).startswith("rfh_"))
