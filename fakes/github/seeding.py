"""Setting the fake GitHub up, and acting on it as a person on github.com would: repositories, issues filed, closed and
reopened, comments written, edited and deleted, assignees and labels changed, users, a spent rate limit. A mixin of
``FakeGitHub``; each method takes the server's lock and returns the REST JSON of what it changed."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable

from fakes.github.model import JSONDict, Repo, iso
from fakes.github.shapes import comment_json, issue_json
from fakes.github.store import Store


class Seeding:
    _lock: threading.RLock
    _store: Store

    def add_repo(self, full_name: str, *, private: bool = True, has_issues: bool = True,
                 assignees: Iterable[str] = ()) -> None:
        """Register ``owner/name`` (issues disabled: ``has_issues=False`` gives 410 Gone on issue creation)."""
        owner, _, name = full_name.partition("/")
        if not owner or not name:
            raise ValueError("use owner/name")
        with self._lock:
            s = self._store
            s.repos[full_name.lower()] = Repo(owner=owner, name=name, id=s.next_id(), private=private,
                                              has_issues=has_issues, assignees={s.login, *assignees})

    def set_rate_limit(self, *, remaining: int, reset_in: float) -> None:
        """Spend the core budget (5,000 an hour) down to ``remaining``, with the window resetting in ``reset_in``
        seconds. From then on the fake enforces it as GitHub does: once spent, every call but ``/rate_limit``
        gets 403 "API rate limit exceeded" with ``x-ratelimit-remaining: 0``, until the reset."""
        with self._lock:
            self._store.rate.spend(remaining=remaining, reset_in=reset_in)

    def add_user(self, login: str, *, email: str | None = None) -> None:
        """A GitHub user for ``GET /users/{login}``, with a public e-mail or none (the default for most people)."""
        with self._lock:
            self._store.emails[login.lower()] = email

    def add_issue(self, repo: str, title: str, body: str | None = "", *, labels: Iterable[str] = (),
                  state: str = "open", state_reason: str | None = None, user: str = "octocat",
                  created_at: float | None = None) -> JSONDict:
        """Create an issue directly (as if filed on github.com); returns its JSON."""
        with self._lock:
            s = self._store
            r = s.repo(repo)
            issue = s.new_issue(r, title=title, body=body, labels=list(labels), user=user)
            if state == "closed":
                s.set_state(issue, "closed", state_reason or "completed", user)
            if created_at is not None:  # filed (and, if closed, closed) at that time
                issue["created"] = created_at
                issue["created_at"] = issue["updated_at"] = iso(created_at)
                if state == "closed":
                    issue["closed_at"] = issue["created_at"]
            return issue_json(s, r, issue)

    def close_issue(self, repo: str, number: int, *, state_reason: str = "completed", by: str = "octocat") -> JSONDict:
        """Close it as a person on github.com would (for webhook scenarios); returns the issue JSON."""
        with self._lock:
            r = self._store.repo(repo)
            issue = self._store.issue(r, number)
            self._store.set_state(issue, "closed", state_reason, by)
            return issue_json(self._store, r, issue)

    def reopen_issue(self, repo: str, number: int, *, by: str = "octocat") -> JSONDict:
        with self._lock:
            r = self._store.repo(repo)
            issue = self._store.issue(r, number)
            self._store.set_state(issue, "open", None, by)
            return issue_json(self._store, r, issue)

    def assign(self, repo: str, number: int, login: str, *, remove: bool = False) -> JSONDict:
        """Assign (or unassign) someone as a person on github.com would; returns the issue JSON."""
        with self._lock:
            r = self._store.repo(repo)
            issue = self._store.issue(r, number)
            r.assignees.add(login)
            people = set(issue["assignees"])
            issue["assignees"] = sorted(people - {login} if remove else people | {login})
            return issue_json(self._store, r, issue)

    def label(self, repo: str, number: int, name: str, *, remove: bool = False) -> JSONDict:
        """Add (or remove) a label as a person on github.com would; returns the issue JSON."""
        with self._lock:
            r = self._store.repo(repo)
            issue = self._store.issue(r, number)
            label = self._store.ensure_label(r, name)
            issue["labels"] = [n for n in issue["labels"] if n.lower() != name.lower()]
            if not remove:
                issue["labels"].append(label["name"])
            return issue_json(self._store, r, issue)

    def add_comment(self, repo: str, number: int, body: str, *, user: str = "octocat") -> JSONDict:
        """Comment as someone on github.com; returns the comment JSON."""
        with self._lock:
            s = self._store
            r = s.repo(repo)
            return comment_json(s, r, s.new_comment(r, s.issue(r, number), body, user))

    def edit_comment(self, repo: str, comment_id: int, body: str) -> JSONDict:
        """Edit a comment as its author on github.com would (``updated_at`` moves on); returns the comment JSON."""
        with self._lock:
            r = self._store.repo(repo)
            comment = self._store.comment(r, comment_id)
            comment["body"] = body
            comment["updated_at"] = iso(time.time() + comment.get("edits", 0) + 1)
            comment["edits"] = comment.get("edits", 0) + 1
            return comment_json(self._store, r, comment)

    def delete_comment(self, repo: str, comment_id: int) -> JSONDict:
        """Delete a comment on github.com; returns its last JSON (a ``deleted`` webhook carries it)."""
        with self._lock:
            r = self._store.repo(repo)
            comment = self._store.comment(r, comment_id)
            del self._store.comments[comment_id]
            return comment_json(self._store, r, comment)
