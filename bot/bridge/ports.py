"""What the bridge needs from Slack and GitHub, as typing protocols: the adapters in ``bot.adapters`` satisfy them,
and the bridge itself imports no Slack or GitHub library."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol


class MessageRef(Protocol):
    @property
    def channel(self) -> str: ...

    @property
    def ts(self) -> str: ...


class BridgeChat(Protocol):
    async def post(self, channel: str, *, text: str, blocks: Sequence[Any] | None = None,
                   thread_ts: str | None = None, metadata: dict[str, Any] | None = None) -> MessageRef: ...

    async def find_post(self, channel: str, event_type: str, key: str,
                        thread_ts: str | None = None) -> MessageRef | None: ...

    async def permalink(self, ref: Any) -> str | None: ...


class BridgePeople(Protocol):
    async def user_name(self, user: str) -> str | None: ...

    async def user_by_email(self, email: str) -> str | None: ...

    async def update_if_there(self, ref: Any, *, text: str, blocks: Sequence[Any] | None) -> bool: ...


class BridgeTracker(Protocol):
    async def create_comment(self, repo: str, number: int, body: str) -> int: ...

    async def find_comment(self, repo: str, number: int, token: str) -> int | None: ...

    async def edit_comment(self, repo: str, number: int, comment_id: int, body: str) -> bool: ...

    async def delete_comment(self, repo: str, number: int, comment_id: int) -> bool: ...

    async def set_assignees(self, repo: str, number: int, *, add: list[str], remove: list[str]) -> None: ...

    async def remove_label(self, repo: str, number: int, label: str) -> bool: ...

    async def is_private(self, repo: str) -> bool: ...

    async def public_email(self, login: str) -> str | None: ...


@dataclass(frozen=True)
class Ref:
    """A Slack message: its channel id and ts."""

    channel: str
    ts: str
