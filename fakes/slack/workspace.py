"""The in-memory Slack workspace behind the fake: channels and their messages, views, users, user groups, files and
trigger ids, with the lookups every Web API method shares (which channel a name means, where the bot may write, a
thread's root). No HTTP and no lock: the server calls in with its lock held.
"""

from __future__ import annotations

import copy
import secrets
import time
from collections.abc import Callable

from fakes.slack.model import CHANNEL_ID_RE, USER_ID_RE, Channel, JSONDict, SlackApiFailure, Team, Trigger


class Workspace:
    """State and shared lookups. ``origin`` gives the server's ``http://127.0.0.1:PORT`` (known once it listens)."""

    def __init__(self, team: Team, *, origin: Callable[[], str], trigger_ttl: float = 3.0,
                 strict_triggers: bool = True, strict_channels: bool = False):
        self.team = team
        self.origin = origin
        self.trigger_ttl = trigger_ttl
        self.strict_triggers = strict_triggers
        self.strict_channels = strict_channels
        # Ids and timestamps keep counting across clear(), so nothing recorded before a reset is ever reused.
        self._seq = 0
        self._last_ts_us = 0
        self.clear()

    def clear(self) -> None:
        """Forget every channel, message, view, trigger, user, user group and file."""
        self.triggers: dict[str, Trigger] = {}
        self.views: dict[str, JSONDict] = {}
        self.closed_views: set[str] = set()
        self.stacks: dict[str, list[str]] = {}
        self.last_root: str | None = None
        self.home_views: dict[str, str] = {}
        self.channels: dict[str, Channel] = {}
        self.channel_names: dict[str, str] = {}
        self.dms: dict[tuple[str, ...], str] = {}
        self.messages: dict[str, list[JSONDict]] = {}
        self.ephemerals: list[JSONDict] = []
        self.users: dict[str, JSONDict] = {}
        self.usergroups: dict[str, JSONDict] = {}
        self.files: dict[str, JSONDict] = {}

    # -- ids ------------------------------------------------------------------------------------------------------
    def new_id(self, prefix: str) -> str:
        self._seq += 1
        return f"{prefix}{self._seq:08d}"

    def next_ts(self) -> str:
        """A message ts: the current time in microseconds, strictly increasing (Slack's ts is unique per channel)."""
        now_us = max(int(time.time() * 1_000_000), self._last_ts_us + 1)
        self._last_ts_us = now_us
        return f"{now_us // 1_000_000}.{now_us % 1_000_000:06d}"

    @staticmethod
    def new_hash() -> str:
        return f"{int(time.time())}.{secrets.token_urlsafe(6)}"

    # -- channels -------------------------------------------------------------------------------------------------
    def register_channel(self, channel: Channel) -> str:
        self.channels[channel.id] = channel
        self.channel_names[channel.name] = channel.id
        self.messages.setdefault(channel.id, [])
        return channel.id

    def resolve_channel(self, value: str | None, *, create: bool) -> str | None:
        """The id a channel argument means: an id, a user id (its DM), or a name with or without ``#``. With
        ``create``, an unknown one is made up (unless ``strict_channels``), as a lenient stand-in for setup."""
        if not value:
            return None
        raw = str(value)
        if raw in self.channels:
            return raw
        if not raw.startswith("#") and USER_ID_RE.match(raw):
            return self.dm_for([raw]) if create else self.dms.get((raw,))
        if not raw.startswith("#") and CHANNEL_ID_RE.match(raw):
            if not create or self.strict_channels:
                return None
            self.channels[raw] = Channel(id=raw, name=raw.lower(), is_private=raw.startswith("G"))
            self.messages.setdefault(raw, [])
            return raw
        name = raw.lstrip("#").lower()
        if name in self.channel_names:
            return self.channel_names[name]
        if not create or self.strict_channels:
            return None
        return self.register_channel(Channel(id=self.new_id("C"), name=name))

    def dm_for(self, users: list[str]) -> str:
        """The IM (one other person) or MPIM (several) between the bot and ``users``, opened on first use."""
        bot = self.team.bot_user_id
        others = tuple(sorted(set(users) - {bot})) or (bot,)
        channel_id = self.dms.get(others)
        if channel_id is None:
            if len(others) == 1:
                channel_id = self.new_id("D")
                self.channels[channel_id] = Channel(id=channel_id, name=channel_id, user=others[0], is_private=True,
                                                    members=[others[0], bot])
            else:
                channel_id = self.new_id("G")
                name = "mpdm-" + "--".join(u.lower() for u in (*others, bot)) + "-1"
                self.channels[channel_id] = Channel(id=channel_id, name=name, is_private=True,
                                                    members=[*others, bot])
            self.dms[others] = channel_id
            self.messages.setdefault(channel_id, [])
        return channel_id

    def existing_channel(self, value: str) -> str:
        channel_id = self.resolve_channel(value, create=True)
        if channel_id is None:
            raise SlackApiFailure("channel_not_found")
        return channel_id

    def readable_channel(self, value: str) -> str:
        channel_id = self.existing_channel(value)
        channel = self.channels[channel_id]
        if channel.is_private and not channel.is_member and not channel.is_im:
            raise SlackApiFailure("channel_not_found")
        if not channel.is_member and not channel.is_im:
            raise SlackApiFailure("not_in_channel")
        return channel_id

    def writable_channel(self, value: str) -> str:
        channel_id = self.existing_channel(value)
        channel = self.channels[channel_id]
        if not channel.is_member and not channel.is_im:
            # The bot posts only where it is a member (rfh's manifest has no chat:write.public): Slack says
            # not_in_channel for a public channel, and hides a private one.
            raise SlackApiFailure("channel_not_found" if channel.is_private else "not_in_channel")
        if channel.is_archived:
            raise SlackApiFailure("is_archived")
        return channel_id

    # -- messages -------------------------------------------------------------------------------------------------
    def bot_message(self, args: JSONDict) -> JSONDict:
        """A message as the bot posts it (``bot_id``, ``bot_profile``), from chat.postMessage-style arguments."""
        team = self.team
        msg: JSONDict = {
            "bot_id": team.bot_id, "type": "message", "text": args.get("text") or "", "user": team.bot_user_id,
            "ts": self.next_ts(), "app_id": team.app_id, "team": team.team_id,
            "bot_profile": {"id": team.bot_id, "app_id": team.app_id, "name": team.bot_name, "icons": {},
                            "deleted": False, "updated": int(time.time()), "team_id": team.team_id},
        }
        for key in ("blocks", "attachments", "metadata"):
            if args.get(key):
                msg[key] = copy.deepcopy(args[key])
        return msg

    def store_message(self, channel_id: str, msg: JSONDict, thread_ts: str | None) -> None:
        """Add ``msg`` to the channel; a reply to a reply joins the root's thread, whose counters move on."""
        messages = self.messages.setdefault(channel_id, [])
        if thread_ts:
            parent = self.find_message(channel_id, thread_ts)
            if parent is not None and parent.get("thread_ts") and parent["thread_ts"] != parent["ts"]:
                thread_ts = parent["thread_ts"]
                parent = self.find_message(channel_id, thread_ts)
            msg["thread_ts"] = thread_ts
            if parent is not None:
                _count_reply(parent, msg)
        messages.append(msg)
        messages.sort(key=lambda m: ts_key(m["ts"]))

    def find_message(self, channel_id: str | None, ts: str) -> JSONDict | None:
        for msg in self.messages.get(channel_id or "", []):
            if msg["ts"] == ts:
                return msg
        return None

    def find_usergroup(self, id_or_handle: str) -> JSONDict | None:
        key = id_or_handle.lstrip("@")
        if key in self.usergroups:
            return self.usergroups[key]
        return next((g for g in self.usergroups.values() if g["handle"] == key), None)


def _count_reply(parent: JSONDict, msg: JSONDict) -> None:
    msg["parent_user_id"] = parent.get("user")
    parent["thread_ts"] = parent["ts"]
    parent["reply_count"] = parent.get("reply_count", 0) + 1
    parent["reply_users"] = sorted({*parent.get("reply_users", []), msg.get("user", "")})
    parent["reply_users_count"] = len(parent["reply_users"])
    parent["latest_reply"] = msg["ts"]


def ts_key(ts: str) -> tuple[int, int]:
    """A ts as (seconds, microseconds), for ordering and time windows."""
    whole, _, frac = str(ts).partition(".")
    return int(whole or 0), int((frac or "0").ljust(6, "0")[:6])


def public_message(msg: JSONDict, with_metadata: bool = True) -> JSONDict:
    """A copy of a stored message as an answer carries it (``metadata`` only when asked for)."""
    out = copy.deepcopy(msg)
    if not with_metadata:
        out.pop("metadata", None)
    return out
