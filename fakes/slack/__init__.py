"""A fake Slack Web API over real HTTP, shaped like https://slack.com/api/.

Point ``AsyncWebClient(token=..., base_url=fake.url)`` (or ``SLACK_API_URL``) at it. It answers the methods the bot
uses with realistic bodies, validates required arguments (from Slack's OpenAPI spec) and the Block Kit limits that
Slack enforces server-side, keeps channels/messages/views/user groups in memory, records every call, and can inject
faults (HTTP 429 with Retry-After, ok:false errors, 5xx, hangs, connection resets).

Everything public is safe to call from the test thread while the bot talks to the server.

Where things are: ``server`` (FakeSlack: HTTP, tokens, faults), ``api`` (the table of methods and their required
arguments), one module per family of methods (``chat``, ``conversations``, ``views``, ``directory`` for users and
user groups, ``files``, ``socket_mode``), ``workspace`` (the state they share), ``blockkit`` (Slack's Block Kit
limits), ``parsing`` (reading a request), ``seeding`` / ``recorded`` (what tests set up and read back).
"""

from fakes.slack.api import APP_TOKEN_METHODS, REQUIRED_ARGS
from fakes.slack.blockkit import OPTION_LIMITS, block_errors, element_errors, view_errors
from fakes.slack.model import (
    DEFAULT_APP_TOKEN,
    DEFAULT_BOT_TOKEN,
    TRUTHY,
    JSONDict,
    ResponseUrlPost,
    SlackApiFailure,
    SlackCall,
)
from fakes.slack.parsing import JSON_STRING_FIELDS
from fakes.slack.server import FakeSlack

__all__ = [
    "APP_TOKEN_METHODS",
    "DEFAULT_APP_TOKEN",
    "DEFAULT_BOT_TOKEN",
    "JSON_STRING_FIELDS",
    "OPTION_LIMITS",
    "REQUIRED_ARGS",
    "TRUTHY",
    "FakeSlack",
    "JSONDict",
    "ResponseUrlPost",
    "SlackApiFailure",
    "SlackCall",
    "block_errors",
    "element_errors",
    "view_errors",
]
