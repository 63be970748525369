"""The in-memory GitHub behind the fake: repositories with their issues, labels and hooks, comments, users' public
e-mails, the rate limits; the lookups (404 when missing) and changes every handler shares, and GitHub's pagination.
No HTTP and no lock: the server calls in with its lock held.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fakes.github.model import DOCS, Answer, Ctx, GitHubError, JSONDict, Repo, iso
from fakes.github.ratelimit import RateLimits


class Store:
    """State and shared lookups. ``origin`` gives the server's ``http://127.0.0.1:PORT`` (every URL is built on it,
    as PyGithub checks); ``login`` is the bot's account; ``search_lag`` how long a new issue takes to be found."""

    def __init__(self, *, login: str, search_lag: float, origin: Callable[[], str]):
        self.login = login
        self.search_lag = search_lag
        self.origin = origin
        self.repos: dict[str, Repo] = {}
        self._seq = 1_000_000  # ids keep counting across clear()
        self.clear()

    def clear(self) -> None:
        """Forget comments, users and the rate limits' counts (the repositories are the caller's to clear)."""
        self.comments: dict[int, JSONDict] = {}
        self.emails: dict[str, str | None] = {}
        self.rate = RateLimits()

    def next_id(self) -> int:
        self._seq += 1
        return self._seq

    # -- lookups --------------------------------------------------------------------------------------------------
    def repo(self, full_name: str) -> Repo:
        """For the test's helpers: a KeyError names the missing repository."""
        r = self.repos.get(full_name.lower())
        if r is None:
            raise KeyError(f"FakeGitHub has no repo {full_name!r}; call add_repo() first")
        return r

    def repo_of(self, ctx: Ctx) -> Repo:
        r = self.repos.get(f"{ctx.params['owner']}/{ctx.params['repo']}".lower())
        if r is None:
            raise GitHubError(404, docs=f"{DOCS}/repos/repos#get-a-repository")
        return r

    @staticmethod
    def issue(r: Repo, number: int) -> JSONDict:
        issue = r.issues.get(number)
        if issue is None:
            raise GitHubError(404, docs=f"{DOCS}/issues/issues#get-an-issue")
        return issue

    def comment(self, r: Repo, comment_id: int) -> JSONDict:
        comment = self.comments.get(comment_id)
        if comment is None or comment["repo"] != r.full_name.lower():
            raise GitHubError(404)
        return comment

    def comments_on(self, repo_key: str, number: int) -> list[JSONDict]:
        """The comments of one issue (``repo_key`` is the lower-cased full name), oldest first."""
        return sorted((c for c in self.comments.values() if c["repo"] == repo_key and c["number"] == number),
                      key=lambda c: c["id"])

    def comment_count(self, issue: JSONDict) -> int:
        return sum(1 for c in self.comments.values() if c["repo"] == issue["repo"] and c["number"] == issue["number"])

    # -- changes --------------------------------------------------------------------------------------------------
    def new_issue(self, r: Repo, *, title: str, body: str | None, labels: list[str], user: str) -> JSONDict:
        now = time.time()
        issue_id = self.next_id()
        issue_labels: list[str] = []
        issue: JSONDict = {
            "repo": r.full_name.lower(), "number": r.next_number, "id": issue_id, "node_id": f"I_kwDOFAKE{issue_id}",
            "title": title, "body": body, "labels": issue_labels,
            "state": "open", "state_reason": None, "assignees": [], "user": user, "locked": False,
            "created": now, "created_at": iso(now), "updated_at": iso(now), "closed_at": None, "closed_by": None,
        }
        for name in labels:
            label = self.ensure_label(r, name)
            if label["name"] not in issue_labels:
                issue_labels.append(label["name"])
        r.issues[r.next_number] = issue
        r.next_number += 1
        return issue

    @staticmethod
    def set_state(issue: JSONDict, state: str, reason: str | None, by: str) -> None:
        now = iso(time.time())
        if state == "closed":
            issue.update(state="closed", state_reason=reason or "completed", closed_at=now, closed_by=by)
        else:
            issue.update(state="open", state_reason="reopened", closed_at=None, closed_by=None)
        issue["updated_at"] = now

    def new_comment(self, r: Repo, issue: JSONDict, body: str, user: str) -> JSONDict:
        now = iso(time.time())
        comment_id = self.next_id()
        comment = {"id": comment_id, "repo": r.full_name.lower(), "number": issue["number"], "body": body,
                   "user": user, "created_at": now, "updated_at": now}
        self.comments[comment_id] = comment
        issue["updated_at"] = now
        return comment

    def ensure_label(self, r: Repo, name: str, *, color: str = "ededed", description: str | None = None) -> JSONDict:
        """The repository's label of that name (any case), created if new, as GitHub does when an issue uses it."""
        label = r.labels.get(name.lower())
        if label is None:
            label_id = self.next_id()
            label = {"id": label_id, "node_id": f"LA_kwDOFAKE{label_id}", "name": name, "color": color,
                     "default": False, "description": description}
            r.labels[name.lower()] = label
        return label

    # -- listing --------------------------------------------------------------------------------------------------
    def sort_key(self, issue: JSONDict, sort: str) -> Any:
        if sort == "comments":
            return (self.comment_count(issue), issue["number"])
        if sort == "updated":
            return (issue["updated_at"], issue["number"])
        return (issue["created_at"], issue["number"])

    def paginate(self, ctx: Ctx, items: list[Any]) -> tuple[list[Any], dict[str, str]]:
        """The page ``page`` of ``per_page`` (30, at most 100) and GitHub's ``Link`` header to the others."""
        try:
            per_page = int(ctx.query.get("per_page", 30))
            page = int(ctx.query.get("page", 1))
        except ValueError:
            raise GitHubError(422, "Validation Failed") from None
        per_page = max(1, min(per_page, 100))
        page = max(1, page)
        last = max(1, -(-len(items) // per_page))
        start = (page - 1) * per_page
        links = []

        def link(n: int, rel: str) -> str:
            query = {**ctx.query, "page": str(n)}
            return f'<{self.origin()}{ctx.path}?{urlencode(query)}>; rel="{rel}"'

        if page > 1:
            links += [link(page - 1, "prev"), link(1, "first")]
        if page < last:
            links += [link(page + 1, "next"), link(last, "last")]
        # GitHub orders them next, last, first, prev; PyGithub does not care.
        return items[start:start + per_page], ({"Link": ", ".join(links)} if links else {})


Handler = Callable[[Store, Ctx], Answer]
Routes = list[tuple[str, dict[str, Handler]]]
"""(path regex, {HTTP method: handler}) pairs; a path matching none, or a method not listed, is a 404."""
