"""Turns what the bot did on the stand-in Slack and GitHub into what each person sees, in the order it happened."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bot.shell.demo.render import boxed, message_lines, plain, view_lines
from fakes import FakeGitHub, FakeSlack, GitHubCall, SlackCall

JSONDict = dict[str, Any]
ISSUE_BODY_LINES = 14
QUIET_METHODS = {"auth.test", "usergroups.list", "usergroups.users.list", "conversations.open",
                 "conversations.list", "conversations.history", "conversations.replies", "chat.getPermalink"}
"""Look-ups the bot makes on its way; nobody sees them."""


@dataclass
class Screen:
    slack: FakeSlack
    github: FakeGitHub
    names: dict[str, str]
    """Slack ids (users, channels) → the names people see."""
    modal_owner: dict[str, str] = field(default_factory=dict)
    """view id → the user whose modal it is."""
    print: Callable[[str], None] = print
    _slack_seen: int = 0
    _github_seen: int = 0

    def say(self, text: str) -> None:
        self.print(text)

    def new_effects(self) -> int:
        """Print every effect since the last call, oldest first; returns how many were shown."""
        slack, github = self.slack.calls[self._slack_seen:], self.github.calls[self._github_seen:]
        self._slack_seen += len(slack)
        self._github_seen += len(github)
        events: list[tuple[float, str]] = [(c.at, text) for c in slack if c.ok for text in self._slack(c)]
        events += [(c.at, text) for c in github if 200 <= c.status < 300 for text in self._github(c)]
        for _, text in sorted(events, key=lambda e: e[0]):
            self.print(text)
        return len(events)

    def counts(self) -> tuple[int, int]:
        return len(self.slack.calls), len(self.github.calls)

    def modal(self, who: str, view: JSONDict, heading: str) -> None:
        self.modal_owner[str(view.get("id"))] = who
        self.print(boxed(f"{self.names.get(who, who)} {heading}", view_lines(view, self.names)))

    # -- Slack -----------------------------------------------------------------------------------------------
    def _slack(self, call: SlackCall) -> Iterator[str]:
        args, method = call.args, call.method
        if method in QUIET_METHODS:
            return
        if method == "chat.postMessage":
            yield boxed(self._where(args, call.response or {}), message_lines(args, self.names))
        elif method == "chat.update":
            yield boxed(f"{self._channel(str(args.get('channel')))}: the message is updated",
                        message_lines(args, self.names))
        elif method == "chat.postEphemeral":
            who = self.names.get(str(args.get("user")), str(args.get("user")))
            yield boxed(f"only {who} sees, in {self._channel(str(args.get('channel')))}",
                        message_lines(args, self.names))
        elif method in ("views.open", "views.push"):
            view = (call.response or {}).get("view") or args.get("view") or {}
            who = self.modal_owner.get(str(view.get("id")), "someone")
            self.modal_owner[str(view.get("id"))] = who
            yield boxed(f"{self.names.get(who, who)} sees a modal", view_lines(view, self.names))
        elif method == "views.update":
            who = self.modal_owner.get(str(args.get("view_id")), "The requester")
            yield boxed(f"{self.names.get(who, who)}'s modal now shows", view_lines(args.get("view") or {},
                                                                                     self.names))

    def _where(self, args: JSONDict, response: JSONDict) -> str:
        channel = str(response.get("channel") or args.get("channel"))
        if args.get("thread_ts"):
            return f"in the thread in {self._channel(channel)}"
        return f"{self._channel(channel)} gets a message"

    def _channel(self, channel_id: str) -> str:
        if channel_id in self.names:
            name = self.names[channel_id]
            return name if name.startswith("#") else f"{name}'s DM from the bot"
        return channel_id

    # -- GitHub ----------------------------------------------------------------------------------------------
    def _github(self, call: GitHubCall) -> Iterator[str]:
        parts = call.path.split("/")
        if len(parts) < 5 or parts[1] != "repos" or call.method == "GET":
            return
        repo, rest = f"{parts[2]}/{parts[3]}", parts[4:]
        body = call.json if isinstance(call.json, dict) else {}
        if rest == ["issues"] and call.method == "POST":
            issue = call.response or {}
            labels = ", ".join(label["name"] for label in issue.get("labels", []))
            text = str(issue.get("body") or "").splitlines()
            lines = [f"title:  {issue.get('title')}", f"labels: {labels}", ""] + text[:ISSUE_BODY_LINES]
            if len(text) > ISSUE_BODY_LINES:
                lines.append(f"… ({len(text) - ISSUE_BODY_LINES} more lines)")
            yield boxed(f"GitHub: {repo}#{issue.get('number')} is filed", lines)
        elif len(rest) == 3 and rest[2] == "comments" and call.method == "POST":
            yield boxed(f"GitHub: a comment on {repo}#{rest[1]}", plain(str(body.get("body", "")), {}).splitlines())
        elif len(rest) == 2 and call.method == "PATCH" and body.get("state"):
            reason = f" ({body['state_reason']})" if body.get("state_reason") else ""
            yield boxed(f"GitHub: {repo}#{rest[1]} is {body['state']}{reason}", [])
        elif len(rest) >= 3 and rest[2] == "labels":
            yield boxed(f"GitHub: the labels of {repo}#{rest[1]} change", [str(body.get("labels", body))])
