"""In-memory fakes of the domain's ports (``bot.core.ports``): no HTTP, no server. Service tests use them to check
what a service asks of Slack and GitHub; the scenario tests keep the HTTP fakes for what crosses the wire.
mypy checks them against the protocols (see ``_conforms`` at the bottom), so a port that changes breaks them.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.core.errors import TemporaryDeliveryError
from bot.core.ports import Blocks, Chat, IssueRef, PostRef, SyncResult, Tracker, Upload, UserGroupDirectory


def _plain(blocks: Blocks | None) -> list[dict[str, Any]]:
    return [b if isinstance(b, dict) else b.to_dict() for b in blocks or ()]


@dataclass
class Message:
    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    thread_ts: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


class FakeChat:
    """Records every message; ``groups`` maps handles to user-group ids for mentions."""

    def __init__(self, groups: Mapping[str, str] | None = None) -> None:
        self.messages: list[Message] = []
        self.ephemerals: list[tuple[str, str, str]] = []
        self.views: dict[str, Any] = {}
        self.uploads: list[tuple[str, list[Upload], str | None]] = []
        self.groups = dict(groups or {})
        self.channels: dict[str, dict[str, Any]] = {}  # conversations.info answers; unknown channels answer None
        self._ts = itertools.count(1)

    async def post(self, channel: str, *, text: str, blocks: Blocks | None = None, thread_ts: str | None = None,
                   metadata: Mapping[str, Any] | None = None) -> PostRef:
        message = Message(channel, f"{next(self._ts)}.000100", text, _plain(blocks), thread_ts, dict(metadata or {}))
        self.messages.append(message)
        return PostRef(channel, message.ts)

    async def find_post(self, channel: str, event_type: str, key: str,
                        thread_ts: str | None = None) -> PostRef | None:
        for m in self.messages:
            payload = m.metadata.get("event_payload") or {}
            if m.channel == channel and m.metadata.get("event_type") == event_type and payload.get("key") == key:
                return PostRef(m.channel, m.ts)
        return None

    async def post_once(self, channel: str, *, key: str, text: str, uncertain: bool, blocks: Blocks | None = None,
                        thread_ts: str | None = None) -> PostRef:
        found = await self.find_post(channel, "rfh_message", key, thread_ts) if uncertain else None
        return found or await self.post(channel, text=text, blocks=blocks, thread_ts=thread_ts,
                                        metadata={"event_type": "rfh_message", "event_payload": {"key": key}})

    async def update(self, ref: PostRef, *, text: str, blocks: Blocks | None) -> None:
        for m in self.messages:
            if (m.channel, m.ts) == (ref.channel, ref.ts):
                m.text, m.blocks = text, _plain(blocks)

    async def ephemeral(self, channel: str, user: str, text: str, thread_ts: str | None = None) -> None:
        self.ephemerals.append((channel, user, text))

    async def permalink(self, ref: PostRef) -> str | None:
        return f"https://example.slack.com/archives/{ref.channel}/p{ref.ts.replace('.', '')}"

    async def update_view(self, view_id: str, view: Any) -> bool:
        self.views[view_id] = view
        return True

    async def usergroup_mention(self, handle: str | None) -> str:
        if not handle:
            return ""
        group = self.groups.get(handle)
        return f"<!subteam^{group}|@{handle}>" if group else f"@{handle}"

    async def conversation_info(self, channel: str) -> dict[str, Any] | None:
        return self.channels.get(channel)

    async def upload(self, channel: str, files: Sequence[Upload], *, comment: str | None = None) -> int:
        self.uploads.append((channel, list(files), comment))
        return len(files)

    def in_channel(self, channel: str, *, thread_ts: str | None = None) -> list[Message]:
        return [m for m in self.messages if m.channel == channel and m.thread_ts == thread_ts]


@dataclass
class Issue:
    ref: IssueRef
    title: str
    body: str
    labels: list[str]
    comments: list[str] = field(default_factory=list)
    state: str = "open"
    state_reason: str | None = None


class FakeTracker:
    """Issues in memory. ``fail_next`` makes the next N calls raise a temporary error, after doing the work when
    ``after_effect`` is set (the 'created, then the connection dropped' case)."""

    def __init__(self) -> None:
        self.issues: dict[tuple[str, int], Issue] = {}
        self.fail_next = 0
        self.after_effect = False
        self.calls: list[str] = []

    async def create_issue(self, repo: str, *, title: str, body: str, labels: list[str]) -> IssueRef:
        self.calls.append("create_issue")
        if self.fail_next and not self.after_effect:
            return self._fail()
        number = 1 + sum(1 for r, _ in self.issues if r == repo)
        ref = IssueRef(repo, number, f"https://github.example/{repo}/issues/{number}")
        self.issues[(repo, number)] = Issue(ref, title, body, list(labels))
        if self.fail_next:
            return self._fail()
        return ref

    async def find_issue_by_marker(self, repo: str, token: str) -> IssueRef | None:
        self.calls.append("find_issue_by_marker")
        return next((i.ref for (r, _), i in self.issues.items() if r == repo and token in i.body), None)

    async def comment(self, repo: str, number: int, body: str) -> None:
        self.calls.append("comment")
        self.issues[(repo, number)].comments.append(body)

    async def close(self, repo: str, number: int, *, reason: str = "completed") -> None:
        self.calls.append("close")
        issue = self.issues[(repo, number)]
        issue.state, issue.state_reason = "closed", reason

    async def reopen(self, repo: str, number: int) -> None:
        self.calls.append("reopen")
        self.issues[(repo, number)].state = "open"

    async def set_labels(self, repo: str, number: int, labels: list[str]) -> None:
        self.calls.append("set_labels")
        self.issues[(repo, number)].labels = list(labels)

    async def add_labels(self, repo: str, number: int, labels: list[str]) -> None:
        self.calls.append("add_labels")
        issue = self.issues[(repo, number)]
        issue.labels = [*issue.labels, *(label for label in labels if label not in issue.labels)]

    def _fail(self) -> IssueRef:
        self.fail_next -= 1
        raise TemporaryDeliveryError("GitHub answered 502", service="GitHub", uncertain=self.after_effect)


class FakeGroups:
    """User groups in memory; ``refuse`` makes setting members fail as a free workspace does."""

    def __init__(self, members: Mapping[str, tuple[str, ...]] | None = None, *, refuse: bool = False) -> None:
        self.members_of = dict(members or {})
        self.refuse = refuse

    async def members(self, handle: str) -> tuple[str, ...]:
        return self.members_of.get(handle, ())

    async def set_members(self, handle: str, users: tuple[str, ...]) -> SyncResult:
        if self.refuse:
            return SyncResult(False, "paid_teams_only")
        self.members_of[handle] = users
        return SyncResult(True, "updated")


def _conforms(chat: FakeChat, tracker: FakeTracker, groups: FakeGroups) -> tuple[Chat, Tracker, UserGroupDirectory]:
    return chat, tracker, groups  # mypy: each fake implements its port
