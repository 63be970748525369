"""Setting the fake workspace up from a test or the demo: channels, users, user groups, people's messages, trigger ids.
A mixin of ``FakeSlack``; each method takes the server's lock."""

from __future__ import annotations

import copy
import secrets
import threading
from collections.abc import Iterable
from typing import Any

from fakes.slack.directory import user_object, usergroup_object
from fakes.slack.model import Channel, JSONDict
from fakes.slack.views import issue_trigger
from fakes.slack.workspace import Workspace


class Seeding:
    _lock: threading.RLock
    _ws: Workspace

    def new_trigger_id(self, *, age: float = 0.0, view_id: str | None = None) -> str:
        """A trigger_id the fake will accept once within ``trigger_ttl`` s (3 s like Slack) of its issue time.

        ``age`` back-dates it (``age=5`` gives an already expired one). ``view_id`` ties it to a modal (as the
        trigger of a block_actions/view_submission in that modal): ``views.push`` then pushes onto that stack.
        """
        with self._lock:
            return issue_trigger(self._ws, age=age, view_id=view_id)

    def add_channel(
        self, name: str, *, id: str | None = None, is_private: bool = False, is_member: bool = True,
        is_archived: bool = False, members: Iterable[str] = (), is_ext_shared: bool = False,
        is_shared: bool | None = None,
    ) -> str:
        """Register a channel (``name`` without ``#``); returns its id. ``is_ext_shared``: a Slack Connect channel
        (``is_shared`` follows it unless given)."""
        name = name.lstrip("#")
        with self._lock:
            channel_id = id or self._ws.channel_names.get(name) or self._ws.new_id("G" if is_private else "C")
            return self._ws.register_channel(Channel(
                id=channel_id, name=name, is_private=is_private, is_member=is_member, is_archived=is_archived,
                members=list(members), is_ext_shared=is_ext_shared,
                is_shared=is_ext_shared if is_shared is None else is_shared,
            ))

    def channel_id(self, channel: str) -> str:
        """The id for a channel name (``#general``/``general``, allocated if new), a user id (its DM) or an id."""
        with self._lock:
            channel_id = self._ws.resolve_channel(channel, create=True)
            assert channel_id is not None
            return channel_id

    def add_user(
        self, user_id: str, *, name: str | None = None, real_name: str | None = None, email: str | None = None,
        is_bot: bool = False, deleted: bool = False, tz: str = "America/Los_Angeles", **profile: Any,
    ) -> JSONDict:
        """Register a user for users.info / users.lookupByEmail; returns the user object."""
        user = user_object(self._ws.team, user_id, name=name, real_name=real_name, email=email, is_bot=is_bot,
                           deleted=deleted, tz=tz, **profile)
        with self._lock:
            self._ws.users[user_id] = user
        return copy.deepcopy(user)

    def add_usergroup(
        self, handle: str, id: str | None = None, users: Iterable[str] = (), *, name: str | None = None,
        description: str = "", disabled: bool = False,
    ) -> str:
        """Register a user group (``handle`` without ``@``); returns its id (``S...``)."""
        handle = handle.lstrip("@")
        with self._lock:
            group_id = id or self._ws.new_id("S")
            self._ws.usergroups[group_id] = usergroup_object(
                self._ws.team, group_id, handle, list(users), name=name, description=description, disabled=disabled)
            return group_id

    def add_message(
        self, channel: str, text: str, user: str = "U111", thread_ts: str | None = None, *, ts: str | None = None,
        **extra: Any,
    ) -> str:
        """Put a (user's) message into a channel, as if posted in Slack; returns its ts."""
        with self._lock:
            ws = self._ws
            channel_id = ws.resolve_channel(channel, create=True)
            assert channel_id is not None
            msg: JSONDict = {
                "client_msg_id": secrets.token_hex(4) + "-" + secrets.token_hex(2), "type": "message", "text": text,
                "user": user, "ts": ts or ws.next_ts(), "team": ws.team.team_id,
                "blocks": [_rich_text_block(text)],
            }
            msg.update(extra)
            ws.store_message(channel_id, msg, thread_ts)
            return str(msg["ts"])


def _rich_text_block(text: str) -> JSONDict:
    """The rich_text block Slack's clients attach to what a person types."""
    return {"type": "rich_text", "block_id": secrets.token_urlsafe(3)[:4], "elements": [
        {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}]}
