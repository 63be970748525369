"""Reading what the bot did to the fake GitHub: the calls it made, the issues, comments, labels and hooks as they are
now, and the webhook body GitHub would send about an issue. A mixin of ``FakeGitHub``; every method takes the
server's lock and hands out JSON (copies)."""

from __future__ import annotations

import copy
import re
import threading

from fakes.github import hooks
from fakes.github.model import GitHubCall, JSONDict
from fakes.github.shapes import comment_json, issue_json, label_json
from fakes.github.store import Store


class Recorded:
    _lock: threading.RLock
    _store: Store
    _calls: list[GitHubCall]

    @property
    def calls(self) -> list[GitHubCall]:
        with self._lock:
            return list(self._calls)

    def calls_matching(self, method: str | None, path_regex: str = "") -> list[GitHubCall]:
        """Calls with this HTTP method (None/``"*"`` = any) whose raw path matches ``re.search(path_regex)``."""
        pattern = re.compile(path_regex)
        wanted = (method or "*").upper()
        with self._lock:
            return [c for c in self._calls if wanted in ("*", c.method) and pattern.search(c.path)]

    def issues(self, repo: str) -> list[JSONDict]:
        """Every issue of the repo as REST JSON, by number."""
        with self._lock:
            r = self._store.repo(repo)
            return [issue_json(self._store, r, i) for _, i in sorted(r.issues.items())]

    def issue(self, repo: str, number: int) -> JSONDict:
        with self._lock:
            r = self._store.repo(repo)
            return issue_json(self._store, r, self._store.issue(r, number))

    def comments(self, repo: str, number: int | None = None) -> list[JSONDict]:
        """The comments of one issue (or of every issue of the repo), oldest first."""
        with self._lock:
            r = self._store.repo(repo)
            return [comment_json(self._store, r, c)
                    for c in sorted(self._store.comments.values(), key=lambda c: c["id"])
                    if c["repo"] == r.full_name.lower() and (number is None or c["number"] == number)]

    def labels(self, repo: str) -> list[JSONDict]:
        with self._lock:
            r = self._store.repo(repo)
            return [label_json(self._store, r, lab) for lab in r.labels.values()]

    def hooks(self, repo: str) -> list[JSONDict]:
        with self._lock:
            r = self._store.repo(repo)
            return [copy.deepcopy(h) for h in r.hooks.values()]

    def webhook_payload(self, event: str, action: str, repo: str, number: int, *, sender: str | None = None,
                        comment_id: int | None = None, label: str | None = None, assignee: str | None = None,
                        comment: JSONDict | None = None) -> JSONDict:
        """A webhook body (``issues`` / ``issue_comment``) built from the fake's current state, shaped like
        github_payloads/*.json: ``action``, ``issue``, ``repository``, ``sender`` (+ ``comment`` / ``label``)."""
        with self._lock:
            return hooks.webhook_payload(self._store, event, action, repo, number, sender=sender,
                                         comment_id=comment_id, label=label, assignee=assignee, comment=comment)
