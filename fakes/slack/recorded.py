"""Reading what the bot did to the fake workspace (calls, messages, views, user groups, files), and acting on a view as
the person looking at it would (close it, change it elsewhere, type into it). A mixin of ``FakeSlack``; every method
takes the server's lock and hands out copies."""

from __future__ import annotations

import copy
import threading

from fakes.slack.model import JSONDict, ResponseUrlPost, SlackCall
from fakes.slack.workspace import Workspace


class Recorded:
    _lock: threading.RLock
    _ws: Workspace
    _calls: list[SlackCall]
    _response_posts: list[ResponseUrlPost]

    # -- calls ----------------------------------------------------------------------------------------------------
    @property
    def calls(self) -> list[SlackCall]:
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[SlackCall]:
        with self._lock:
            return [c for c in self._calls if c.method == method]

    def flagged(self) -> list[SlackCall]:
        """Calls that sent a truthy ``link_names`` or ``parse="full"`` (the bot must never do that)."""
        with self._lock:
            return [c for c in self._calls if c.flags]

    def flagged_responses(self) -> list[ResponseUrlPost]:
        with self._lock:
            return [p for p in self._response_posts if p.flags]

    def response_posts(self, key_or_url: str | None = None) -> list[ResponseUrlPost]:
        key = key_or_url.rstrip("/").rsplit("/", 1)[-1] if key_or_url else None
        with self._lock:
            return [p for p in self._response_posts if key is None or p.key == key]

    # -- channels and messages ------------------------------------------------------------------------------------
    def messages(self, channel: str) -> list[JSONDict]:
        """Every message in the channel (name or id), replies included, oldest first."""
        with self._lock:
            channel_id = self._ws.resolve_channel(channel, create=False)
            return copy.deepcopy(self._ws.messages.get(channel_id, [])) if channel_id else []

    def message(self, channel: str, ts: str) -> JSONDict | None:
        with self._lock:
            channel_id = self._ws.resolve_channel(channel, create=False)
            msg = self._ws.find_message(channel_id, ts) if channel_id else None
            return copy.deepcopy(msg)

    def thread(self, channel: str, ts: str) -> list[JSONDict]:
        """The thread's root and replies, oldest first."""
        return [m for m in self.messages(channel) if m["ts"] == ts or m.get("thread_ts") == ts]

    def all_messages(self) -> dict[str, list[JSONDict]]:
        """``{channel_id: messages}`` for every channel with messages."""
        with self._lock:
            return {k: copy.deepcopy(v) for k, v in self._ws.messages.items() if v}

    def ephemerals(self, channel: str | None = None, user: str | None = None) -> list[JSONDict]:
        with self._lock:
            channel_id = self._ws.resolve_channel(channel, create=False) if channel else None
            return [copy.deepcopy(e) for e in self._ws.ephemerals
                    if (channel is None or e["channel"] == channel_id) and (user is None or e["user"] == user)]

    def channels(self) -> dict[str, str]:
        """``{name: id}`` of the channels the fake knows."""
        with self._lock:
            return {c.name: c.id for c in self._ws.channels.values()}

    def files(self, channel: str | None = None) -> list[JSONDict]:
        """Files uploaded through files.getUploadURLExternal and its upload URL (``content`` holds the bytes), in
        upload order; with ``channel``, only those completeUploadExternal shared there."""
        with self._lock:
            channel_id = self._ws.resolve_channel(channel, create=False) if channel else None
            return [copy.deepcopy(f) for f in self._ws.files.values()
                    if channel is None or channel_id in f["channels"]]

    # -- user groups ----------------------------------------------------------------------------------------------
    def usergroup(self, id_or_handle: str) -> JSONDict | None:
        with self._lock:
            group = self._ws.find_usergroup(id_or_handle)
            return copy.deepcopy(group)

    def usergroup_users(self, id_or_handle: str) -> list[str]:
        group = self.usergroup(id_or_handle)
        return list(group["users"]) if group else []

    # -- views ----------------------------------------------------------------------------------------------------
    def views(self) -> list[JSONDict]:
        """Every view opened, pushed or published (current version), in creation order."""
        with self._lock:
            return copy.deepcopy(list(self._ws.views.values()))

    def view(self, view_id: str) -> JSONDict:
        with self._lock:
            return copy.deepcopy(self._ws.views[view_id])

    def open_views(self) -> list[JSONDict]:
        """Modals still open (not closed via ``close_view``)."""
        with self._lock:
            return [copy.deepcopy(v) for k, v in self._ws.views.items()
                    if v["type"] == "modal" and k not in self._ws.closed_views]

    def home_view(self, user_id: str) -> JSONDict | None:
        with self._lock:
            view_id = self._ws.home_views.get(user_id)
            return copy.deepcopy(self._ws.views[view_id]) if view_id else None

    def close_view(self, view_id: str) -> None:
        """Simulate the user closing the modal (and its whole stack): later views.update answer ``not_found``."""
        with self._lock:
            root = self._ws.views[view_id]["root_view_id"]
            for vid in self._ws.stacks.pop(root, [view_id]):
                self._ws.closed_views.add(vid)

    def touch_view(self, view_id: str) -> str:
        """Change the view's hash (as if updated elsewhere), so a stale ``hash`` gets ``hash_conflict``."""
        with self._lock:
            self._ws.views[view_id]["hash"] = self._ws.new_hash()
            return str(self._ws.views[view_id]["hash"])

    def set_view_state(self, view_id: str, values: JSONDict) -> None:
        """Set ``view.state.values`` (what the user typed) for views.update/views.* answers."""
        with self._lock:
            self._ws.views[view_id]["state"] = {"values": copy.deepcopy(values)}
