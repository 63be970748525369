"""chat.* and reactions.add: posting, updating and deleting the bot's messages, ephemerals, permalinks, reactions.
Each method is ``(workspace, args) -> answer`` and raises ``SlackApiFailure`` for Slack's ok:false answers."""

from __future__ import annotations

import copy
import re

from fakes.slack.blockkit import block_errors
from fakes.slack.model import TRUTHY, JSONDict, SlackApiFailure, str_or_none
from fakes.slack.workspace import Workspace, public_message


def check_message_content(args: JSONDict) -> None:
    """What Slack refuses in a message: nothing to show, text over 40,000 characters, blocks over its limits."""
    text, blocks, attachments = args.get("text"), args.get("blocks"), args.get("attachments")
    if not text and not blocks and not attachments:
        raise SlackApiFailure("no_text")
    if isinstance(text, str) and len(text) > 40_000:
        raise SlackApiFailure("msg_too_long")
    if blocks:
        if not isinstance(blocks, list):
            raise SlackApiFailure("invalid_blocks_format")
        errors = block_errors(blocks, "/blocks", max_blocks=50)
        if errors:
            raise SlackApiFailure("invalid_blocks", *errors, errors=errors)


def post_message(ws: Workspace, args: JSONDict) -> JSONDict:
    check_message_content(args)
    channel_id = ws.writable_channel(str(args["channel"]))
    msg = ws.bot_message(args)
    reply_broadcast = args.get("reply_broadcast") in TRUTHY
    if reply_broadcast and args.get("thread_ts"):
        msg["subtype"] = "thread_broadcast"
    ws.store_message(channel_id, msg, str_or_none(args.get("thread_ts")))
    return {"ok": True, "channel": channel_id, "ts": msg["ts"], "message": public_message(msg)}


def _own_message(ws: Workspace, args: JSONDict, *, refused: str) -> tuple[str, JSONDict]:
    """The bot's own message at ``channel``/``ts`` (Slack lets an app change only what it posted)."""
    channel_id = ws.existing_channel(str(args["channel"]))
    msg = ws.find_message(channel_id, str(args["ts"]))
    if msg is None:
        raise SlackApiFailure("message_not_found")
    if msg.get("bot_id") != ws.team.bot_id:
        raise SlackApiFailure(refused)
    return channel_id, msg


def update(ws: Workspace, args: JSONDict) -> JSONDict:
    channel_id, msg = _own_message(ws, args, refused="cant_update_message")
    check_message_content(args)
    for key in ("text", "blocks", "attachments", "metadata"):
        if key in args and args[key] is not None:
            msg[key] = copy.deepcopy(args[key])
    msg["edited"] = {"user": ws.team.bot_user_id, "ts": ws.next_ts()}
    return {"ok": True, "channel": channel_id, "ts": msg["ts"], "text": msg.get("text", ""),
            "message": public_message(msg)}


def post_ephemeral(ws: Workspace, args: JSONDict) -> JSONDict:
    check_message_content(args)
    channel_id = ws.writable_channel(str(args["channel"]))
    message_ts = ws.next_ts()
    ws.ephemerals.append({
        "channel": channel_id, "user": args["user"], "text": args.get("text", ""),
        "blocks": copy.deepcopy(args.get("blocks")), "thread_ts": args.get("thread_ts"),
        "message_ts": message_ts,
    })
    return {"ok": True, "message_ts": message_ts}


def get_permalink(ws: Workspace, args: JSONDict) -> JSONDict:
    channel_id = ws.existing_channel(str(args["channel"]))
    msg = ws.find_message(channel_id, str(args["message_ts"]))
    if msg is None:
        raise SlackApiFailure("message_not_found")
    link = f"https://{ws.team.team_domain}.slack.com/archives/{channel_id}/p{str(msg['ts']).replace('.', '')}"
    if msg.get("thread_ts") and msg["thread_ts"] != msg["ts"]:
        link += f"?thread_ts={msg['thread_ts']}&cid={channel_id}"
    return {"ok": True, "channel": channel_id, "permalink": link}


def delete(ws: Workspace, args: JSONDict) -> JSONDict:
    channel_id, msg = _own_message(ws, args, refused="cant_delete_message")
    ws.messages[channel_id].remove(msg)
    return {"ok": True, "channel": channel_id, "ts": msg["ts"]}


def add_reaction(ws: Workspace, args: JSONDict) -> JSONDict:
    channel_id = ws.readable_channel(str(args["channel"]))
    msg = ws.find_message(channel_id, str(args["timestamp"]))
    if msg is None:
        raise SlackApiFailure("message_not_found")
    name = str(args["name"]).strip(":")
    if not re.match(r"^[a-z0-9_+\-']+$", name):
        raise SlackApiFailure("invalid_name")
    bot = ws.team.bot_user_id
    reactions = msg.setdefault("reactions", [])
    for reaction in reactions:
        if reaction["name"] == name:
            if bot in reaction["users"]:
                raise SlackApiFailure("already_reacted")
            reaction["users"].append(bot)
            reaction["count"] += 1
            break
    else:
        reactions.append({"name": name, "users": [bot], "count": 1})
    return {"ok": True}


METHODS = {
    "chat.postMessage": post_message,
    "chat.update": update,
    "chat.postEphemeral": post_ephemeral,
    "chat.getPermalink": get_permalink,
    "chat.delete": delete,
    "reactions.add": add_reaction,
}
