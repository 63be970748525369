"""Issues in GitHub through PyGithub, run off the event loop, with a deliberate retry policy."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from github import Auth, Github, GithubException, GithubRetry
from github.Repository import Repository
from requests.exceptions import RequestException

from bot.core.errors import PermanentDeliveryError, TemporaryDeliveryError
from bot.core.ports import IssueRef

log = logging.getLogger(__name__)
T = TypeVar("T")
RECENT_ISSUES_SCANNED = 100
BOT_FOOTER = "filed by the rfh bot"


def github_retry_policy() -> GithubRetry:
    # POST/PATCH are never retried inside PyGithub: a 502 after GitHub created the issue would file it twice.
    # Our durable step worker retries them after checking for the idempotency marker instead.
    return GithubRetry(total=3, allowed_methods=frozenset({"GET", "HEAD"}), secondary_rate_wait=5,
                       max_rate_limit_wait=30)


class GitHubTracker:
    def __init__(self, *, token: str, base_url: str, write_spacing: float | None = 1.0, timeout: int = 15,
                 retries: bool = True):
        self._github = Github(
            auth=Auth.Token(token),
            base_url=base_url,
            timeout=timeout,
            retry=github_retry_policy() if retries else None,
            seconds_between_requests=None,
            seconds_between_writes=write_spacing or None,
            lazy=True,
        )
        self._repos: dict[str, Repository] = {}
        self._private: dict[str, bool] = {}

    async def create_issue(self, repo: str, *, title: str, body: str, labels: list[str]) -> IssueRef:
        def call() -> IssueRef:
            issue = self._repo(repo).create_issue(title=title, body=body, labels=labels)
            return IssueRef(repo=repo, number=issue.number, url=issue.html_url)

        return await self._run(call, what=f"filing the issue in {repo}", write=True)

    async def find_issue_by_marker(self, repo: str, token: str) -> IssueRef | None:
        """Look for an issue we may already have created (its body carries ``token``) among the newest ones."""

        def call() -> IssueRef | None:
            issues = self._repo(repo).get_issues(state="all", sort="created", direction="desc")
            for n, issue in enumerate(issues):
                if n >= RECENT_ISSUES_SCANNED:
                    break
                if issue.body and token in issue.body:
                    return IssueRef(repo=repo, number=issue.number, url=issue.html_url)
            return None

        return await self._run(call, what=f"looking up issues in {repo}")

    async def check_access(self, repo: str) -> str:
        """One read of the tracker repository: proves the token works and can see it (cheap; no write)."""
        return await self._run(lambda: self._github.get_repo(repo).complete().full_name,
                               what=f"reading the repository {repo}")

    async def comment(self, repo: str, number: int, body: str) -> None:
        await self._run(lambda: self._repo(repo).get_issue(number).create_comment(body), what="commenting", write=True)

    async def close(self, repo: str, number: int, *, reason: str = "completed") -> None:
        def call() -> None:
            self._repo(repo).get_issue(number).edit(state="closed", state_reason=reason)

        await self._run(call, what="closing the issue", write=True)

    async def reopen(self, repo: str, number: int) -> None:
        await self._run(lambda: self._repo(repo).get_issue(number).edit(state="open"), what="reopening", write=True)

    async def set_labels(self, repo: str, number: int, labels: list[str]) -> None:
        await self._run(lambda: self._repo(repo).get_issue(number).set_labels(*labels), what="labelling", write=True)

    # -- the bridge (comments, assignees, labels, people, webhooks) ------------------------------------------------

    async def create_comment(self, repo: str, number: int, body: str) -> int:
        def call() -> int:
            return int(self._repo(repo).get_issue(number).create_comment(body).id)

        return await self._run(call, what="commenting", write=True)

    async def find_comment(self, repo: str, number: int, token: str) -> int | None:
        """A comment of ours carrying ``token`` (after an uncertain attempt, to not comment twice)."""

        def call() -> int | None:
            return next((int(c.id) for c in self._repo(repo).get_issue(number).get_comments()
                         if token in (c.body or "")), None)

        return await self._run(call, what="looking up comments")

    async def edit_comment(self, repo: str, number: int, comment_id: int, body: str) -> bool:
        """False when the comment is gone (deleted on GitHub meanwhile)."""
        return await self._gone_ok(lambda: self._repo(repo).get_issue(number).get_comment(comment_id).edit(body),
                                   what="editing a comment")

    async def delete_comment(self, repo: str, number: int, comment_id: int) -> bool:
        return await self._gone_ok(lambda: self._repo(repo).get_issue(number).get_comment(comment_id).delete(),
                                   what="deleting a comment")

    async def set_assignees(self, repo: str, number: int, *, add: list[str], remove: list[str]) -> None:
        def call() -> None:
            issue = self._repo(repo).get_issue(number)
            if remove:
                issue.remove_from_assignees(*remove)
            if add:
                issue.add_to_assignees(*add)

        await self._run(call, what="assigning the issue", write=True)

    async def remove_label(self, repo: str, number: int, label: str) -> bool:
        return await self._gone_ok(lambda: self._repo(repo).get_issue(number).remove_from_labels(label),
                                   what="removing a label")

    async def is_private(self, repo: str) -> bool:
        if repo not in self._private:
            self._private[repo] = await self._run(lambda: bool(self._github.get_repo(repo).private),
                                                  what=f"reading {repo}")
        return self._private[repo]

    async def public_email(self, login: str) -> str | None:
        """The GitHub user's public e-mail, if they show one (most do not)."""
        try:
            return await self._run(lambda: self._github.get_user(login).email or None, what=f"reading {login}")
        except PermanentDeliveryError:
            return None

    async def webhooks(self, repo: str) -> list[dict[str, Any]]:
        def call() -> list[dict[str, Any]]:
            return [{"id": h.id, "url": h.config.get("url", ""), "events": list(h.events), "active": h.active,
                     "content_type": h.config.get("content_type")} for h in self._repo(repo).get_hooks()]

        return await self._run(call, what=f"listing the webhooks of {repo}")

    async def ensure_webhook(self, repo: str, *, url: str, secret: str, events: list[str], match: str) -> str:
        """Create the repository's webhook, or update the one whose URL is ``url`` or ends with ``match``."""

        def call() -> str:
            config = {"url": url, "content_type": "json", "secret": secret, "insecure_ssl": "0"}
            hooks = list(self._repo(repo).get_hooks())
            found = next((h for h in hooks if h.config.get("url") == url), None) or next(
                (h for h in hooks if str(h.config.get("url", "")).endswith(match)), None)
            if found is None:
                self._repo(repo).create_hook("web", config, events, active=True)
                return "created"
            found.edit("web", config, events=events, active=True)
            return "updated"

        return await self._run(call, what=f"setting up the webhook of {repo}", write=True)

    async def _gone_ok(self, call: Callable[[], Any], *, what: str) -> bool:
        """Run a write whose target may be gone already (404/410: what was wanted): False then."""

        def guarded() -> bool:
            try:
                call()
            except GithubException as exc:
                if exc.status in (404, 410):
                    return False
                raise
            return True

        return await self._run(guarded, what=what, write=True)
    async def add_labels(self, repo: str, number: int, labels: list[str]) -> None:
        await self._run(lambda: self._repo(repo).get_issue(number).add_to_labels(*labels), what="labelling",
                        write=True)

    async def search_open_issues(self, repo: str, terms: Sequence[str], limit: int) -> list[dict[str, Any]]:
        """Open issues in ``repo`` matching every term (GitHub's issue search), newest first; each says whether the
        bot filed it (its footer marker), so related-issue lists can leave those out."""

        def call() -> list[dict[str, Any]]:
            words = " ".join(f'"{t}"' if " " in t else t for t in terms)
            found = self._github.search_issues(f"repo:{repo} is:issue is:open {words}", sort="created", order="desc")
            out = []
            for n, issue in enumerate(found):
                if n >= limit:
                    break
                out.append({"ref": f"{repo.split('/')[-1]}#{issue.number}", "title": issue.title,
                            "url": issue.html_url, "created_at": issue.created_at,
                            "filed_by_bot": BOT_FOOTER in (issue.body or "")})
            return out

        return await self._run(call, what=f"searching issues in {repo}")

    def _repo(self, name: str) -> Repository:
        if name not in self._repos:
            self._repos[name] = self._github.get_repo(name)
        return self._repos[name]

    async def _run(self, call: Callable[[], T], *, what: str, write: bool = False) -> T:
        try:
            return await asyncio.to_thread(call)
        except GithubException as exc:
            raise _classify(exc, what, write) from None
        except (RequestException, OSError) as exc:
            raise TemporaryDeliveryError(
                f"GitHub did not answer while {what} ({type(exc).__name__})", service="GitHub", uncertain=write
            ) from None


def _classify(exc: GithubException, what: str, write: bool) -> Exception:
    status = exc.status
    message = _message(exc.data)
    headers = exc.headers or {}
    if status == 401:
        return PermanentDeliveryError(
            f"GitHub refused the token while {what} (401 Bad credentials)",
            service="GitHub",
            fix="set GITHUB_TOKEN to a valid token with Issues read & write",
        )
    if status in (403, 429) and (headers.get("retry-after") or "rate limit" in message.lower()):
        wait = _float(headers.get("retry-after")) or 60.0
        return TemporaryDeliveryError(f"GitHub rate limit while {what}", service="GitHub", retry_after=wait)
    if status in (404, 410):
        return PermanentDeliveryError(
            f"GitHub says the repository is missing or has issues disabled while {what} ({status})",
            service="GitHub",
            fix="check the tracker repositories in the config and the token's access to them",
        )
    if status == 403:
        return PermanentDeliveryError(
            f"GitHub refused access while {what} (403: {message})",
            service="GitHub",
            fix="give the token Issues read & write on the tracker repository",
        )
    if status == 422:
        return PermanentDeliveryError(
            f"GitHub rejected the content while {what} (422: {message})", service="GitHub", fix="edit the request"
        )
    return TemporaryDeliveryError(
        f"GitHub answered {status} while {what}", service="GitHub", uncertain=write and status >= 500
    )


def _message(data: Any) -> str:
    if isinstance(data, dict):
        return str(data.get("message", ""))
    return str(data or "")


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None
