"""What the domain needs from the outside world, as small protocols: a chat (Slack), an issue tracker (GitHub), the
chat's user groups. ``bot.adapters`` implements them over HTTP; ``tests/fakes/ports.py`` implements them in memory,
so services are tested without servers. Blocks travel as Block Kit objects or plain dicts: the domain renders them
with ``bot.blocks`` and never touches a client library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

BlockLike = Any
"""A Block Kit block: an ``slack_sdk.models`` object or its dict (the adapter serialises either)."""
Blocks = Sequence[BlockLike]


@dataclass(frozen=True)
class PostRef:
    """A message the bot posted: where it is and its timestamp (Slack's message id)."""

    channel: str
    ts: str


@dataclass(frozen=True)
class Upload:
    """A file to share in the chat: a chart, say."""

    filename: str
    title: str
    content: bytes
    alt_text: str | None = None


@dataclass(frozen=True)
class IssueRef:
    """An issue in the tracker."""

    repo: str
    number: int
    url: str

    @property
    def short(self) -> str:
        return f"{self.repo.split('/')[-1]}#{self.number}"


@dataclass(frozen=True)
class SyncResult:
    """The outcome of setting a user group's members (a free workspace refuses it: ok=False with the reason)."""

    ok: bool
    detail: str


class Chat(Protocol):
    """Posting and updating messages and views (Slack's chat.*, views.update, user-group mentions)."""

    async def post(self, channel: str, *, text: str, blocks: Blocks | None = None, thread_ts: str | None = None,
                   metadata: Mapping[str, Any] | None = None) -> PostRef: ...

    async def find_post(self, channel: str, event_type: str, key: str,
                        thread_ts: str | None = None) -> PostRef | None: ...

    async def post_once(self, channel: str, *, key: str, text: str, uncertain: bool, blocks: Blocks | None = None,
                        thread_ts: str | None = None) -> PostRef: ...

    async def update(self, ref: PostRef, *, text: str, blocks: Blocks | None) -> None: ...

    async def ephemeral(self, channel: str, user: str, text: str, thread_ts: str | None = None) -> None: ...

    async def permalink(self, ref: PostRef) -> str | None: ...

    async def update_view(self, view_id: str, view: Any) -> bool: ...

    async def usergroup_mention(self, handle: str | None) -> str: ...

    async def conversation_info(self, channel: str) -> dict[str, Any] | None:
        """The conversation's flags and name (None when the chat cannot say: then treat it as customer-facing)."""
        ...

    async def upload(self, channel: str, files: Sequence[Upload], *, comment: str | None = None) -> int: ...


class Tracker(Protocol):
    """Issues in the tracker (GitHub): create, find after an uncertain create, comment, close, reopen, label."""

    async def create_issue(self, repo: str, *, title: str, body: str, labels: list[str]) -> IssueRef: ...

    async def find_issue_by_marker(self, repo: str, token: str) -> IssueRef | None: ...

    async def comment(self, repo: str, number: int, body: str) -> None: ...

    async def close(self, repo: str, number: int, *, reason: str = "completed") -> None: ...

    async def reopen(self, repo: str, number: int) -> None: ...

    async def set_labels(self, repo: str, number: int, labels: list[str]) -> None: ...

    async def add_labels(self, repo: str, number: int, labels: list[str]) -> None: ...


class UserGroupDirectory(Protocol):
    """The chat's user groups (``@…-support``): who is in one, and making it equal to the on-call."""

    async def members(self, handle: str) -> tuple[str, ...]: ...

    async def set_members(self, handle: str, users: tuple[str, ...]) -> SyncResult: ...
