"""aiohttp request → Bolt request, with Slack's form-encoded payloads decoded in C.

Interactivity (a modal submission, a button) arrives as ``payload=<percent-encoded JSON>``: a submitted intake modal
carries the whole view, 20+ KB with thousands of escapes. Bolt decodes it with ``urllib.parse.parse_qsl``, whose
pure-Python unquoting took ~2.5 ms per submission on the event loop, more than storing the request. The same
decoding done with str/bytes methods takes ~0.1 ms; anything it does not handle exactly like ``parse_qsl`` falls
back to Bolt's own parser, and Bolt still verifies the signature over the raw body.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_internals import build_async_context
from slack_bolt.request.async_request import AsyncBoltRequest

FORM = "application/x-www-form-urlencoded"
PAYLOAD = "payload="


async def to_bolt_request(request: web.Request) -> AsyncBoltRequest:
    raw = await request.text()
    payload = interactive_payload(raw) if request.content_type == FORM else None
    if payload is None:  # slash commands, events, anything unusual: Bolt's own parsing
        return AsyncBoltRequest(body=raw, query=request.query_string, headers=request.headers)  # type: ignore[arg-type]
    bolt_request = AsyncBoltRequest(body="", query=request.query_string, headers=request.headers)  # type: ignore[arg-type]
    bolt_request.raw_body = raw  # what the signature is checked against
    bolt_request.body = payload
    bolt_request.context = build_async_context(AsyncBoltContext({}), payload)
    return bolt_request


def interactive_payload(body: str) -> dict[str, Any] | None:
    """The JSON object in a ``payload=…`` form body, as Bolt's ``parse_body`` reads it; None when the body is
    anything else (more fields, malformed escapes, not JSON), for Bolt to parse or reject itself."""
    if not body.startswith(PAYLOAD) or "&" in body:
        return None
    try:
        parsed = json.loads(unquote_plus(body[len(PAYLOAD):]))
    except ValueError:  # UnicodeError and JSONDecodeError included
        return None
    return parsed if isinstance(parsed, dict) else None


def unquote_plus(text: str) -> str:
    """``urllib.parse.unquote_plus`` for well-formed input, in C: each ``%XX`` becomes a ``\\xXX`` escape for the
    ``unicode_escape`` codec (backslashes already there are doubled first), giving the bytes, then UTF-8.
    Raises ValueError where urllib would be lenient (a stray ``%``, non-ASCII input, invalid UTF-8)."""
    if "%" not in text:
        return text.replace("+", " ")
    escaped = text.replace("\\", "\\\\").replace("+", " ").replace("%", "\\x")
    return escaped.encode("ascii").decode("unicode_escape").encode("latin-1").decode("utf-8")
