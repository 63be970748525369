"""File uploads in Slack's three steps (what slack_sdk's files_upload_v2 does): files.getUploadURLExternal hands out
an upload URL on the fake, the bytes are POSTed there, files.completeUploadExternal shares them in a channel."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from fakes.slack.model import CHANNEL_ID_RE, JSONDict, SlackApiFailure, str_or_none
from fakes.slack.workspace import Workspace


def public_file(entry: JSONDict) -> JSONDict:
    name = str(entry["name"])
    mimetype = "image/png" if name.lower().endswith(".png") else "application/octet-stream"
    return {"id": entry["id"], "name": name, "title": entry["title"] or name, "mimetype": mimetype,
            "filetype": name.rsplit(".", 1)[-1].lower() if "." in name else "binary", "size": entry["size"],
            "channels": list(entry["channels"]), "alt_txt": entry["alt_txt"]}


async def read_upload(request: web.Request) -> bytes:
    """The file's bytes as sent to the upload URL: raw, or the first file of a multipart form."""
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        for value in form.values():
            if isinstance(value, web.FileField):
                return bytes(value.file.read())
        return b""
    return await request.read()


def store_upload(ws: Workspace, file_id: str, content: bytes) -> bool:
    """Keep the bytes of an announced file; False if it is unknown or was uploaded already."""
    entry = ws.files.get(file_id)
    if entry is None or entry["content"] is not None:
        return False
    entry["content"], entry["size"] = content, len(content)
    return True


def get_upload_url_external(ws: Workspace, args: JSONDict) -> JSONDict:
    try:
        length = int(args["length"])
    except (TypeError, ValueError):
        raise SlackApiFailure("invalid_arguments", "[ERROR] length must be an integer") from None
    if length <= 0:
        raise SlackApiFailure("invalid_arguments", "[ERROR] length must be positive")
    file_id = ws.new_id("F")
    ws.files[file_id] = {"id": file_id, "name": str(args["filename"]), "title": None, "length": length,
                         "alt_txt": args.get("alt_txt"), "content": None, "size": 0, "channels": [],
                         "initial_comment": None}
    return {"ok": True, "upload_url": f"{ws.origin()}/upload/{file_id}", "file_id": file_id}


def _uploaded(ws: Workspace, files: Any) -> list[tuple[JSONDict, JSONDict]]:
    """The ``files`` argument's entries with what was uploaded for each; Slack's error for a bad or unsent one."""
    if isinstance(files, str):
        try:
            files = json.loads(files)
        except ValueError:
            message = "[ERROR] failed to parse json [json-pointer:/files]"
            raise SlackApiFailure("invalid_arguments", message) from None
    if not isinstance(files, list) or not files:
        raise SlackApiFailure("invalid_arguments", "[ERROR] files must be a non-empty list")
    entries = []
    for item in files:
        entry = ws.files.get(str((item or {}).get("id")))
        if entry is None or entry["content"] is None:
            raise SlackApiFailure("file_not_found")
        if entry["size"] != entry["length"]:
            raise SlackApiFailure("file_upload_size_mismatch")  # the length announced is not what was sent
        entries.append((entry, item))
    return entries


def complete_upload_external(ws: Workspace, args: JSONDict) -> JSONDict:
    entries = _uploaded(ws, args["files"])
    channel_id = None
    if args.get("channel_id"):
        raw = str(args["channel_id"])
        if not CHANNEL_ID_RE.match(raw):  # Slack wants an id here, not a #name
            raise SlackApiFailure("channel_not_found")
        channel_id = ws.writable_channel(raw)
    for entry, item in entries:
        entry["title"] = item.get("title") or entry["name"]
        if channel_id:
            entry["channels"].append(channel_id)
            entry["initial_comment"] = args.get("initial_comment")
    if channel_id:
        msg = ws.bot_message({"text": args.get("initial_comment") or ""})
        msg["files"] = [public_file(entry) for entry, _ in entries]
        msg["upload"] = True
        ws.store_message(channel_id, msg, str_or_none(args.get("thread_ts")))
    return {"ok": True, "files": [public_file(entry) for entry, _ in entries]}


METHODS = {
    "files.getUploadURLExternal": get_upload_url_external,
    "files.completeUploadExternal": complete_upload_external,
}
