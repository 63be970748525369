"""conversations.*: opening DMs, channel info and lists, history and threads with Slack's time windows and cursor
pagination."""

from __future__ import annotations

import base64
import time

from fakes.slack.model import TRUTHY, USER_ID_RE, Channel, JSONDict, SlackApiFailure, split_users
from fakes.slack.workspace import Workspace, public_message, ts_key


def channel_object(ws: Workspace, channel: Channel) -> JSONDict:
    """A conversation object as conversations.info/list answer it (an IM has its own, shorter shape)."""
    created = int(time.time()) - 86_400
    if channel.is_im:
        return {"id": channel.id, "created": created, "is_im": True, "is_org_shared": False,
                "user": channel.user, "is_user_deleted": False, "priority": 0, "is_open": True}
    return {
        "id": channel.id, "name": channel.name, "is_channel": not channel.is_private, "is_group": False,
        "is_im": False, "is_mpim": channel.is_mpim, "is_private": channel.is_private, "created": created,
        "is_archived": channel.is_archived, "is_general": channel.name == "general", "unlinked": 0,
        "name_normalized": channel.name, "is_shared": channel.is_shared,
        "is_org_shared": channel.is_shared and not channel.is_ext_shared, "is_ext_shared": channel.is_ext_shared,
        "is_pending_ext_shared": False, "pending_shared": [], "context_team_id": ws.team.team_id,
        "creator": "U0ADMIN", "is_member": channel.is_member, "last_read": "0000000000.000000",
        "topic": {"value": "", "creator": "", "last_set": 0},
        "purpose": {"value": "", "creator": "", "last_set": 0},
        "previous_names": [],
    }


def time_window(messages: list[JSONDict], args: JSONDict) -> list[JSONDict]:
    """The messages between ``oldest`` and ``latest`` (bounds excluded unless ``inclusive``)."""
    inclusive = args.get("inclusive") in TRUTHY
    oldest, latest = args.get("oldest"), args.get("latest")
    out = []
    for m in messages:
        key = ts_key(m["ts"])
        if oldest and (key < ts_key(oldest) or (key == ts_key(oldest) and not inclusive)):
            continue
        if latest and (key > ts_key(latest) or (key == ts_key(latest) and not inclusive)):
            continue
        out.append(m)
    return out


def page(items: list[JSONDict], args: JSONDict, *, default_limit: int) -> tuple[list[JSONDict], str]:
    """One page of ``items`` after ``cursor``, at most ``limit`` (1..1000); and the next cursor ("" at the end)."""
    try:
        limit = int(args.get("limit") or default_limit)
    except ValueError:
        raise SlackApiFailure("invalid_limit") from None
    limit = max(1, min(limit, 1000))
    offset = 0
    cursor = args.get("cursor")
    if cursor:
        try:
            offset = int(base64.b64decode(str(cursor)).decode().split(":", 1)[1])
        except (ValueError, IndexError):
            raise SlackApiFailure("invalid_cursor") from None
    chunk = items[offset:offset + limit]
    more = offset + limit < len(items)
    next_cursor = base64.b64encode(f"offset:{offset + limit}".encode()).decode() if more else ""
    return chunk, next_cursor


def open_(ws: Workspace, args: JSONDict) -> JSONDict:
    if args.get("channel"):
        channel_id = ws.existing_channel(str(args["channel"]))
    else:
        users = split_users(args.get("users"))
        if not users:
            raise SlackApiFailure("users_list_not_supplied")
        if any(not USER_ID_RE.match(u) for u in users):
            raise SlackApiFailure("user_not_found")
        channel_id = ws.dm_for(users)
    channel = ws.channels[channel_id]
    if args.get("return_im") in TRUTHY:
        return {"ok": True, "channel": channel_object(ws, channel)}
    return {"ok": True, "channel": {"id": channel_id}}


def history(ws: Workspace, args: JSONDict) -> JSONDict:
    """The channel's top-level messages (and broadcast replies), newest first."""
    channel_id = ws.readable_channel(str(args["channel"]))
    top = [m for m in ws.messages[channel_id]
           if not m.get("thread_ts") or m["thread_ts"] == m["ts"] or m.get("subtype") == "thread_broadcast"]
    top = time_window(top, args)
    top.sort(key=lambda m: ts_key(m["ts"]), reverse=True)
    chunk, next_cursor = page(top, args, default_limit=100)
    with_metadata = args.get("include_all_metadata") in TRUTHY
    return {
        "ok": True, "messages": [public_message(m, with_metadata) for m in chunk], "has_more": bool(next_cursor),
        "pin_count": 0, "channel_actions_ts": None, "channel_actions_count": 0,
        "response_metadata": {"next_cursor": next_cursor},
    }


def replies(ws: Workspace, args: JSONDict) -> JSONDict:
    """The thread of ``ts`` (given the root or any reply), oldest first."""
    channel_id = ws.readable_channel(str(args["channel"]))
    msg = ws.find_message(channel_id, str(args["ts"]))
    if msg is None:
        raise SlackApiFailure("thread_not_found")
    root_ts = msg.get("thread_ts") or msg["ts"]
    thread = [m for m in ws.messages[channel_id] if m["ts"] == root_ts or m.get("thread_ts") == root_ts]
    thread = time_window(thread, args)
    thread.sort(key=lambda m: ts_key(m["ts"]))
    chunk, next_cursor = page(thread, args, default_limit=1000)
    with_metadata = args.get("include_all_metadata") in TRUTHY
    return {"ok": True, "messages": [public_message(m, with_metadata) for m in chunk], "has_more": bool(next_cursor),
            "response_metadata": {"next_cursor": next_cursor}}


def info(ws: Workspace, args: JSONDict) -> JSONDict:
    channel_id = ws.existing_channel(str(args["channel"]))
    return {"ok": True, "channel": channel_object(ws, ws.channels[channel_id])}


def list_(ws: Workspace, args: JSONDict) -> JSONDict:
    """Channels by name -> id (the bot looks its team channel up after a restart). Private channels only where
    the bot is a member, like Slack; never IMs or MPIMs."""
    types = set(str(args.get("types") or "public_channel").split(","))
    listed = [c for c in ws.channels.values() if not c.is_im and not c.is_mpim
              and ("private_channel" if c.is_private else "public_channel") in types
              and (c.is_member or not c.is_private)
              and not (c.is_archived and args.get("exclude_archived") in TRUTHY)]
    chunk, next_cursor = page([channel_object(ws, c) for c in listed], args, default_limit=100)
    return {"ok": True, "channels": chunk, "response_metadata": {"next_cursor": next_cursor}}


METHODS = {
    "conversations.open": open_,
    "conversations.replies": replies,
    "conversations.history": history,
    "conversations.info": info,
    "conversations.list": list_,
}
