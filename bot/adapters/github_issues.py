"""Reading a tracker's labelled issues with PyGithub, for `rfh learn --github` (read-only, paginated).

Pages are requested by number (through PyGithub's requester, with its retry policy and rate-limit bookkeeping)
over issues sorted by last update (oldest first) and updated at or after a
``since`` instant, so an import can resume from the last page it stored. PyGithub's ``GithubRetry`` answers
GitHub's rate-limit responses (403/429 with ``Retry-After``, a primary limit until its reset when that is
near); the importer also watches the remaining budget (:meth:`IssueReader.budget`) and pauses before running
dry.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from github import Auth, Github, GithubException, GithubRetry, RateLimitExceededException
from requests.exceptions import RequestException

from bot.learning.tracker import Budget, TrackerIssue, TrackerReadError

PER_PAGE = 100


class IssueReader:
    def __init__(self, *, token: str, base_url: str, per_page: int = PER_PAGE, timeout: int = 30,
                 max_rate_limit_wait: int = 120):
        self.per_page = per_page
        self._github = Github(
            auth=Auth.Token(token), base_url=base_url.rstrip("/"), timeout=timeout, per_page=per_page,
            retry=GithubRetry(total=5, secondary_rate_wait=30, max_rate_limit_wait=max_rate_limit_wait),
            seconds_between_requests=None, seconds_between_writes=None, lazy=True,
        )

    def count(self, repo: str, *, state: str, since: datetime | None) -> int | None:
        """How many issues (and pull requests) the import will page through; ``None`` if GitHub will not say."""
        try:
            return int(self._issues(repo, state, since).totalCount)
        except (GithubException, RequestException, OSError):
            return None

    def page(self, repo: str, *, state: str, since: datetime | None, page: int) -> list[TrackerIssue]:
        """Page ``page`` (0-based) of the issues updated at or after ``since``, oldest update first."""
        parameters: dict[str, Any] = {"state": state, "sort": "updated", "direction": "asc",
                                      "per_page": self.per_page, "page": page + 1}
        if since is not None:
            parameters["since"] = since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            # The listing's JSON as it is: PyGithub's Issue objects would fetch each issue again for an attribute
            # the listing leaves out (``pull_request`` is absent on plain issues), a request per issue.
            _, items = self._github.requester.requestJsonAndCheck("GET", f"/repos/{repo}/issues", parameters)
            return [_issue(i) for i in items or []]
        except GithubException as exc:
            if isinstance(exc, RateLimitExceededException) or (
                    exc.status in (403, 429) and "rate limit" in str(_message(exc) or "").lower()):
                raise TrackerReadError("GitHub's rate limit is used up", reset_at=self.budget().reset_at) from None
            raise TrackerReadError(_explain(exc, repo)) from None
        except (RequestException, OSError) as exc:
            raise TrackerReadError(f"cannot reach GitHub: {exc}") from None

    def budget(self) -> Budget:
        """The core rate-limit budget as of the last answer."""
        remaining, limit = self._github.rate_limiting
        reset = self._github.rate_limiting_resettime
        return Budget(remaining, limit, datetime.fromtimestamp(reset, UTC) if reset else datetime.now(UTC))

    def _issues(self, repo: str, state: str, since: datetime | None):  # type: ignore[no-untyped-def]
        repository = self._github.get_repo(repo)  # lazy (see Github(lazy=True)): no request for the repo itself
        if since is None:
            return repository.get_issues(state=state, sort="updated", direction="asc")
        return repository.get_issues(state=state, sort="updated", direction="asc", since=since)


def _issue(data: dict[str, Any]) -> TrackerIssue:
    updated = datetime.fromisoformat(str(data["updated_at"]).replace("Z", "+00:00"))
    labels = tuple(str(lab["name"]) if isinstance(lab, dict) else str(lab) for lab in data.get("labels") or [])
    return TrackerIssue(number=int(data["number"]), title=str(data.get("title") or ""),
                        body=str(data.get("body") or ""), labels=labels,
                        updated_at=updated if updated.tzinfo else updated.replace(tzinfo=UTC),
                        pull_request=data.get("pull_request") is not None)


def _message(exc: GithubException) -> str | None:
    return exc.data.get("message") if isinstance(exc.data, dict) else None


def _explain(exc: GithubException, repo: str) -> str:
    message = _message(exc)
    if exc.status == 401:
        return "GitHub refused the token (GITHUB_TOKEN): Bad credentials"
    if exc.status == 404:
        return f"no repository {repo} (or GITHUB_TOKEN cannot read it)"
    if exc.status in (403, 429):
        return f"GitHub refused the request ({exc.status}: {message or 'forbidden'})"
    return f"GitHub answered {exc.status}: {message or exc}"
