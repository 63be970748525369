"""Typed ``private_metadata`` for the modals that act on one stored request (hand over, resolve, re-route, the
public issue's edit) or one tech review (its decision). The other modals keep theirs beside their builder: the intake
modal's ``IntakeMeta`` (where a new request started), the priorities list's ``MoveMeta`` and App Home's
``HomeState``."""

from __future__ import annotations

import json
from dataclasses import dataclass

METADATA_LIMIT = 3000  # Slack's limit on a view's private_metadata


@dataclass(frozen=True)
class RequestMeta:
    """Which request a modal acts on."""

    request_id: int

    def dump(self) -> str:
        return json.dumps({"request_id": self.request_id}, separators=(",", ":"))

    @classmethod
    def load(cls, text: str | None) -> RequestMeta:
        return cls(_the_id(text, "request_id"))


@dataclass(frozen=True)
class ReviewMeta:
    """Which tech review (``TR-<id>``) the decision modal records."""

    review_id: int

    def dump(self) -> str:
        return json.dumps({"review_id": self.review_id}, separators=(",", ":"))

    @classmethod
    def load(cls, text: str | None) -> ReviewMeta:
        return cls(_the_id(text, "review_id"))


def _the_id(text: str | None, key: str) -> int:
    """Raises ValueError for metadata this bot did not write (a view is ours, so that is a bug, not input)."""
    data = json.loads(text or "null")
    if not isinstance(data, dict) or not isinstance(data.get(key), int):
        raise ValueError(f"not a modal's metadata with {key}: {text!r}")
    return int(data[key])
