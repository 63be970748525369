"""Which Slack conversations are customer-facing: nothing internal (issue links, priorities, notes) is posted there."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fnmatch import fnmatchcase
from typing import Any

SHARED_FLAGS = ("is_ext_shared", "is_shared", "is_pending_ext_shared")


def customer_facing(info: Mapping[str, Any] | None, patterns: Sequence[str]) -> bool:
    """``info`` is conversations.info's channel (None: the lookup failed). Customer-facing: shared with another
    workspace or organisation (Slack Connect), named like one of ``patterns`` (shell patterns such as ``ext-*``),
    or unknown: when in doubt the bot answers privately."""
    if info is None:
        return True
    if any(info.get(flag) for flag in SHARED_FLAGS):
        return True
    name = str(info.get("name") or "").lower()
    return bool(name) and any(fnmatchcase(name, pattern.lower().lstrip("#")) for pattern in patterns)
