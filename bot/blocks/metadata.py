"""Typed ``private_metadata`` for the modals that act on one stored request (hand over, resolve, re-route, …).
The intake modal has its own (``bot.blocks.intake_modal.IntakeMeta``): where a new request started."""

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
        """Raises ValueError for metadata this bot did not write (a view is ours, so that is a bug, not input)."""
        data = json.loads(text or "null")
        if not isinstance(data, dict) or not isinstance(data.get("request_id"), int):
            raise ValueError(f"not a request modal's metadata: {text!r}")
        return cls(int(data["request_id"]))
