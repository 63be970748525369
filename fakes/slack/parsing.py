"""Reading a Web API request as Slack does: query, form, multipart or JSON body merged into one set of arguments, the
JSON-string fields (``blocks``, ``view``, ...) decoded; and spotting the mention flags the bot must never send."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

from fakes.slack.model import TRUTHY, JSONDict, SlackApiFailure

JSON_STRING_FIELDS = ("blocks", "attachments", "view", "metadata")


async def _body_args(request: web.Request, raw: bytes) -> JSONDict:
    ctype = request.content_type
    if ctype == "application/json":
        try:
            body = json.loads(raw)
        except ValueError:
            raise SlackApiFailure("invalid_json") from None
        if not isinstance(body, dict):
            raise SlackApiFailure("json_not_object")
        return body
    if ctype.startswith("multipart/"):
        form = await request.post()
        return {k: v for k, v in form.items() if isinstance(v, str)}
    try:
        return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False))
    except UnicodeDecodeError:
        raise SlackApiFailure("invalid_charset") from None


async def parse_args(request: web.Request) -> JSONDict:
    """The call's arguments; ``SlackApiFailure`` for a body Slack could not read."""
    args: JSONDict = dict(request.query)
    raw = await request.read()
    if raw:
        args.update(await _body_args(request, raw))
    for key in JSON_STRING_FIELDS:
        value = args.get(key)
        if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            try:
                args[key] = json.loads(value)
            except ValueError:
                message = f"[ERROR] failed to parse json [json-pointer:/{key}]"
                raise SlackApiFailure("invalid_arguments", message) from None
    return args


def parse_response_body(raw: bytes) -> Any:
    """A response_url post: JSON (what Bolt's respond() sends), else a form, with a ``payload`` field decoded."""
    try:
        return json.loads(raw) if raw else {}
    except ValueError:
        body: Any = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
        if "payload" in body:
            body = json.loads(body["payload"])
        return body


def mention_flags(args: Mapping[str, Any]) -> tuple[str, ...]:
    """``link_names`` / ``parse=full`` if the call asked Slack to turn names into mentions."""
    flags = []
    if args.get("link_names") in TRUTHY:
        flags.append("link_names")
    if str(args.get("parse", "")).lower() == "full":
        flags.append("parse=full")
    return tuple(flags)


def seconds(value: float) -> str:
    """A Retry-After value: an integer when it is one (slack_sdk needs that)."""
    return str(int(value)) if float(value).is_integer() else str(value)
