"""A fake GitHub REST API over real HTTP, shaped like https://api.github.com.

Point ``Github(auth=Auth.Token(...), base_url=fake.url, seconds_between_requests=None, seconds_between_writes=None)``
(or ``GITHUB_API_URL``) at it. It keeps repositories, issues, labels and comments in memory, builds every URL in its
answers from its own base (PyGithub asserts that), sends rate-limit headers and ``Link`` pagination, records every
call and can inject faults (5xx, 403 secondary rate limit with Retry-After, hangs, connection resets, and errors
*after* the change was made).

Everything public is safe to call from the test thread while the bot talks to the server.
"""

from __future__ import annotations

import copy
import json
import re
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urlencode

from aiohttp import web

from fakes._server import BackgroundServer, Fault

JSONDict = dict[str, Any]

DEFAULT_TOKEN = "ghp-test-token"
DOCS = "https://docs.github.com/rest"
MAX_BODY = 65_536
MAX_TITLE = 256
MAX_LABEL = 50
SECONDARY_RATE_LIMIT_MESSAGE = (
    "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. "
    "Please retry your request again later. If you reach out to GitHub Support for help, please include the "
    "request ID."
)
_STATUS_MESSAGES = {
    400: "Bad Request", 401: "Bad credentials", 403: "Forbidden", 404: "Not Found", 409: "Conflict",
    410: "Gone", 422: "Validation Failed", 429: "API rate limit exceeded", 500: "Server Error",
    502: "Server Error", 503: "Service Unavailable", 504: "We couldn't respond to your request in time.",
}
_STATE_REASONS = ("completed", "not_planned", "reopened", "duplicate", None)


@dataclass
class GitHubCall:
    """One request to the fake (``path`` is the raw path as sent, e.g. ``/repos/o/r/issues/1/labels/ce%2Fp0``)."""

    method: str
    path: str
    json: Any
    headers: dict[str, str]
    at: float
    query: dict[str, str] = field(default_factory=dict)
    status: int = 0
    response: Any = None


@dataclass
class _Repo:
    owner: str
    name: str
    id: int
    private: bool
    has_issues: bool
    assignees: set[str]
    issues: dict[int, JSONDict] = field(default_factory=dict)
    labels: dict[str, JSONDict] = field(default_factory=dict)  # lower-cased name -> label record
    next_number: int = 1
    hooks: dict[int, JSONDict] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"


class GitHubError(Exception):
    def __init__(self, status: int, message: str | None = None, *, errors: list[JSONDict] | None = None,
                 docs: str = DOCS, headers: dict[str, str] | None = None):
        super().__init__(status, message)
        self.status = status
        self.body: JSONDict = {"message": message or _STATUS_MESSAGES.get(status, "Error")}
        if errors is not None:
            self.body["errors"] = errors
        self.body["documentation_url"] = docs
        self.body["status"] = str(status)
        self.headers = headers or {}


@dataclass
class _Ctx:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    params: dict[str, str]


Handler = Callable[[_Ctx], tuple[int, Any, dict[str, str]]]


class FakeGitHub(BackgroundServer):
    """Fake GitHub REST API. ``url`` is the base URL for PyGithub (``http://127.0.0.1:PORT``, no trailing slash)."""

    def __init__(self, *, token: str = DEFAULT_TOKEN, login: str = "rfh-bot", repos: Iterable[str] = (),
                 search_lag: float = 0.0, host: str = "127.0.0.1", port: int = 0):
        super().__init__(host=host, port=port)
        self.token = token
        self.login = login
        self.search_lag = search_lag
        self._routes: list[tuple[re.Pattern[str], dict[str, Handler]]] = []
        repo_ = r"^/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)"
        self._route(repo_ + r"$", GET=self._get_repo)
        self._route(repo_ + r"/issues$", GET=self._list_issues, POST=self._create_issue)
        self._route(repo_ + r"/issues/comments/(?P<comment_id>\d+)$", GET=self._get_comment,
                    PATCH=self._edit_comment, DELETE=self._delete_comment)
        self._route(repo_ + r"/issues/(?P<number>\d+)$", GET=self._get_issue, PATCH=self._edit_issue)
        self._route(repo_ + r"/issues/(?P<number>\d+)/comments$", GET=self._list_comments,
                    POST=self._create_comment)
        self._route(repo_ + r"/issues/(?P<number>\d+)/labels$", GET=self._issue_labels, POST=self._add_labels,
                    PUT=self._set_labels, DELETE=self._clear_labels)
        self._route(repo_ + r"/issues/(?P<number>\d+)/labels/(?P<name>.+)$", DELETE=self._remove_label)
        self._route(repo_ + r"/labels$", GET=self._list_labels, POST=self._create_label)
        self._route(repo_ + r"/labels/(?P<name>.+)$", GET=self._get_label, DELETE=self._delete_label)
        self._route(repo_ + r"/assignees/(?P<login>[^/]+)$", GET=self._check_assignee)
        self._route(repo_ + r"/issues/(?P<number>\d+)/assignees$", POST=self._add_assignees,
                    DELETE=self._remove_assignees)
        self._route(repo_ + r"/hooks$", GET=self._list_hooks, POST=self._create_hook)
        self._route(repo_ + r"/hooks/(?P<hook_id>\d+)$", GET=self._get_hook, PATCH=self._edit_hook,
                    DELETE=self._delete_hook)
        self._route(r"^/users/(?P<login>[^/]+)$", GET=self._get_named_user)
        self._route(r"^/user$", GET=self._get_user)
        self._route(r"^/rate_limit$", GET=self._rate_limit)
        self._route(r"^/search/issues$", GET=self._search_issues)
        self._seq = 1_000_000
        self._repos: dict[str, _Repo] = {}
        self._init_state()
        for name in repos:
            self.add_repo(name)

    def _init_state(self) -> None:
        self._calls: list[GitHubCall] = []
        self._comments: dict[int, JSONDict] = {}
        self._emails: dict[str, str | None] = {}
        self._rate_window = time.time()
        self._core_used = 0
        self._search_used = 0
        self._enforce_core_limit = False

    def _route(self, pattern: str, **handlers: Handler) -> None:
        self._routes.append((re.compile(pattern), handlers))

    # -- public: configuration -------------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """Base URL for PyGithub / ``GITHUB_API_URL`` (``http://127.0.0.1:PORT``)."""
        return self.origin

    def reset(self) -> None:
        """Forget calls, issues, comments, labels and faults; keep the registered repositories (empty)."""
        with self._lock:
            self._init_state()
            self._faults.clear()
            for repo in self._repos.values():
                repo.issues.clear()
                repo.labels.clear()
                repo.next_number = 1

    def add_repo(self, full_name: str, *, private: bool = True, has_issues: bool = True,
                 assignees: Iterable[str] = ()) -> None:
        """Register ``owner/name`` (issues disabled: ``has_issues=False`` gives 410 Gone on issue creation)."""
        owner, _, name = full_name.partition("/")
        if not owner or not name:
            raise ValueError("use owner/name")
        with self._lock:
            self._repos[full_name.lower()] = _Repo(owner=owner, name=name, id=self._next_id(), private=private,
                                                   has_issues=has_issues, assignees={self.login, *assignees})

    def fail(
        self,
        method: str,
        path_regex: str,
        *,
        status: int | None = None,
        times: int | None = 1,
        retry_after: float | None = None,
        message: str | None = None,
        hang: float | None = None,
        reset_connection: bool = False,
        after_effect: bool = False,
    ) -> Fault:
        """Make the next ``times`` requests matching ``method`` (``"*"`` = any) and ``re.search(path_regex, path)``
        fail. ``path`` is the raw request path without the query string, e.g. ``/repos/o/r/issues``.

        - ``status`` defaults to 500; with only ``hang``/``reset_connection`` the request is answered normally
          after the hang (or the connection is reset).
        - ``message`` is the JSON ``message`` (e.g. ``SECONDARY_RATE_LIMIT_MESSAGE`` with ``status=403``);
          ``retry_after`` sets ``Retry-After``.
        - ``after_effect=True`` performs the operation first (the issue IS created) and then answers the error, hangs
          or resets: the "502 after GitHub already created the issue" case.
        - ``times=None`` fails forever, until ``clear_faults()``.
        """
        pattern = re.compile(path_regex)
        wanted = method.upper()
        return self._add_fault(Fault(
            match=lambda m, p: wanted in ("*", m) and pattern.search(p) is not None,
            status=status, times=times, retry_after=retry_after, hang=hang, reset_connection=reset_connection,
            error=message, after_effect=after_effect, description=f"{wanted} {path_regex}",
        ))

    def set_rate_limit(self, *, remaining: int, reset_in: float) -> None:
        """Spend the core budget (5,000 an hour) down to ``remaining``, with the window resetting in ``reset_in``
        seconds. From then on the fake enforces it as GitHub does: once spent, every call but ``/rate_limit``
        gets 403 "API rate limit exceeded" with ``x-ratelimit-remaining: 0``, until the reset."""
        with self._lock:
            self._rate_window = time.time() + reset_in - 3600
            self._core_used = 5000 - remaining
            self._enforce_core_limit = True

    def add_issue(self, repo: str, title: str, body: str | None = "", *, labels: Iterable[str] = (),
                  state: str = "open", state_reason: str | None = None, user: str = "octocat",
                  created_at: float | None = None) -> JSONDict:
        """Create an issue directly (as if filed on github.com); returns its JSON."""
        with self._lock:
            r = self._repo(repo)
            issue = self._new_issue(r, title=title, body=body, labels=list(labels), user=user)
            if state == "closed":
                self._set_state(issue, "closed", state_reason or "completed", user)
            if created_at is not None:  # filed (and, if closed, closed) at that time
                issue["created"] = created_at
                issue["created_at"] = issue["updated_at"] = _iso(created_at)
                if state == "closed":
                    issue["closed_at"] = issue["created_at"]
            return self._issue_json(r, issue)

    def close_issue(self, repo: str, number: int, *, state_reason: str = "completed", by: str = "octocat") -> JSONDict:
        """Close it as a person on github.com would (for webhook scenarios); returns the issue JSON."""
        with self._lock:
            r = self._repo(repo)
            issue = self._issue(r, number)
            self._set_state(issue, "closed", state_reason, by)
            return self._issue_json(r, issue)

    def reopen_issue(self, repo: str, number: int, *, by: str = "octocat") -> JSONDict:
        with self._lock:
            r = self._repo(repo)
            issue = self._issue(r, number)
            self._set_state(issue, "open", None, by)
            return self._issue_json(r, issue)

    def add_comment(self, repo: str, number: int, body: str, *, user: str = "octocat") -> JSONDict:
        """Comment as someone on github.com; returns the comment JSON."""
        with self._lock:
            r = self._repo(repo)
            return self._comment_json(r, self._new_comment(r, self._issue(r, number), body, user))

    def add_user(self, login: str, *, email: str | None = None) -> None:
        """A GitHub user for ``GET /users/{login}``, with a public e-mail or none (the default for most people)."""
        with self._lock:
            self._emails[login.lower()] = email

    def assign(self, repo: str, number: int, login: str, *, remove: bool = False) -> JSONDict:
        """Assign (or unassign) someone as a person on github.com would; returns the issue JSON."""
        with self._lock:
            r = self._repo(repo)
            issue = self._issue(r, number)
            r.assignees.add(login)
            people = set(issue["assignees"])
            issue["assignees"] = sorted(people - {login} if remove else people | {login})
            return self._issue_json(r, issue)

    def label(self, repo: str, number: int, name: str, *, remove: bool = False) -> JSONDict:
        """Add (or remove) a label as a person on github.com would; returns the issue JSON."""
        with self._lock:
            r = self._repo(repo)
            issue = self._issue(r, number)
            label = self._ensure_label(r, name)
            issue["labels"] = [n for n in issue["labels"] if n.lower() != name.lower()]
            if not remove:
                issue["labels"].append(label["name"])
            return self._issue_json(r, issue)

    def edit_comment(self, repo: str, comment_id: int, body: str) -> JSONDict:
        """Edit a comment as its author on github.com would (``updated_at`` moves on); returns the comment JSON."""
        with self._lock:
            r = self._repo(repo)
            comment = self._comment(r, comment_id)
            comment["body"] = body
            comment["updated_at"] = _iso(time.time() + comment.get("edits", 0) + 1)
            comment["edits"] = comment.get("edits", 0) + 1
            return self._comment_json(r, comment)

    def delete_comment(self, repo: str, comment_id: int) -> JSONDict:
        """Delete a comment on github.com; returns its last JSON (a ``deleted`` webhook carries it)."""
        with self._lock:
            r = self._repo(repo)
            comment = self._comment(r, comment_id)
            del self._comments[comment_id]
            return self._comment_json(r, comment)

    def hooks(self, repo: str) -> list[JSONDict]:
        with self._lock:
            r = self._repo(repo)
            return [copy.deepcopy(h) for h in r.hooks.values()]

    # -- public: reading recorded state ----------------------------------------------------------------------------
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
            r = self._repo(repo)
            return [self._issue_json(r, i) for _, i in sorted(r.issues.items())]

    def issue(self, repo: str, number: int) -> JSONDict:
        with self._lock:
            r = self._repo(repo)
            return self._issue_json(r, self._issue(r, number))

    def comments(self, repo: str, number: int | None = None) -> list[JSONDict]:
        """The comments of one issue (or of every issue of the repo), oldest first."""
        with self._lock:
            r = self._repo(repo)
            return [self._comment_json(r, c) for c in sorted(self._comments.values(), key=lambda c: c["id"])
                    if c["repo"] == r.full_name.lower() and (number is None or c["number"] == number)]

    def labels(self, repo: str) -> list[JSONDict]:
        with self._lock:
            r = self._repo(repo)
            return [self._label_json(r, lab) for lab in r.labels.values()]

    def webhook_payload(self, event: str, action: str, repo: str, number: int, *, sender: str | None = None,
                        comment_id: int | None = None, label: str | None = None, assignee: str | None = None,
                        comment: JSONDict | None = None) -> JSONDict:
        """A webhook body (``issues`` / ``issue_comment``) built from the fake's current state, shaped like
        github_payloads/*.json: ``action``, ``issue``, ``repository``, ``sender`` (+ ``comment`` / ``label``)."""
        with self._lock:
            r = self._repo(repo)
            issue = self._issue(r, number)
            payload: JSONDict = {"action": action, "issue": self._issue_json(r, issue)}
            if event == "issue_comment" and comment is not None:
                payload["comment"] = copy.deepcopy(comment)
            elif event == "issue_comment":
                cid = comment_id if comment_id is not None else max(
                    (c["id"] for c in self._comments.values()
                     if c["repo"] == r.full_name.lower() and c["number"] == number), default=None)
                if cid is None:
                    raise ValueError("the issue has no comment")
                payload["comment"] = self._comment_json(r, self._comments[cid])
            if label is not None:
                payload["label"] = self._label_json(r, self._ensure_label(r, label))
            if assignee is not None:
                payload["assignee"] = self._user_json(assignee)
            payload["repository"] = self._repo_json(r)
            payload["sender"] = self._user_json(sender or issue.get("closed_by") or self.login)
            return payload

    # -- HTTP ------------------------------------------------------------------------------------------------------
    def _build_app(self) -> web.Application:
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        return app

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.rel_url.raw_path
        method = request.method.upper()
        raw = await request.read()
        call = GitHubCall(method=method, path=path, json=None, headers=dict(request.headers), at=time.time(),
                          query=dict(request.rel_url.query))
        with self._lock:
            self._calls.append(call)
        try:
            call.json = json.loads(raw) if raw else None
        except ValueError:
            return self._respond(call, GitHubError(400, "Problems parsing JSON"))

        fault = self._take_fault(method, path)
        if fault is not None and not fault.after_effect:
            answer = await self._apply_fault(request, call, fault)
            if answer is not None:
                return answer
        result: tuple[int, Any, dict[str, str]] | GitHubError = self._dispatch(request, call)
        if fault is not None and fault.after_effect:
            answer = await self._apply_fault(request, call, fault)
            if answer is not None:
                return answer
        return self._respond(call, result)

    def _dispatch(self, request: web.Request, call: GitHubCall) -> tuple[int, Any, dict[str, str]] | GitHubError:
        auth = request.headers.get("Authorization", "")
        scheme, _, token = auth.partition(" ")
        if not auth:
            return GitHubError(401, "Requires authentication")
        if scheme.lower() not in ("token", "bearer") or token.strip() != self.token:
            return GitHubError(401, "Bad credentials")
        with self._lock:
            self._count_rate(call.path)
            if self._enforce_core_limit and self._core_used > 5000 and not call.path.startswith("/search/") \
                    and call.path != "/rate_limit":
                return GitHubError(403, "API rate limit exceeded for user ID 1. If you reach out to GitHub Support "
                                   "for help, please include the request ID.",
                                   docs="https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
                                   headers={"x-ratelimit-remaining": "0"})
            for pattern, handlers in self._routes:
                m = pattern.match(call.path)
                if m is None:
                    continue
                handler = handlers.get(call.method)
                if handler is None:
                    return GitHubError(404)
                ctx = _Ctx(method=call.method, path=call.path, query=call.query, body=call.json,
                           params={k: unquote(v) for k, v in m.groupdict().items()})
                try:
                    return handler(ctx)
                except GitHubError as exc:
                    return exc
                except Exception:  # a bug in the fake (or a very odd request): see internal_errors
                    return GitHubError(500, f"FakeGitHub: {self._record_internal_error()}")
            return GitHubError(404)

    async def _apply_fault(self, request: web.Request, call: GitHubCall, fault: Fault) -> web.StreamResponse | None:
        if fault.hang:
            await self._hang(fault.hang)
        if fault.reset_connection:
            call.status = 0
            self._drop_connection(request)
        status = fault.error_status()
        if status is None:
            return None
        headers: dict[str, str] = {}
        if fault.retry_after is not None:
            headers["Retry-After"] = str(int(fault.retry_after)) if float(fault.retry_after).is_integer() \
                else str(fault.retry_after)
        message = fault.error
        if message is None and status == 403 and fault.retry_after is not None:
            message = SECONDARY_RATE_LIMIT_MESSAGE
        error = GitHubError(status, message, headers=headers,
                            docs="https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
                            if status in (403, 429) else DOCS)
        if "API rate limit exceeded" in error.body["message"]:
            error.headers["x-ratelimit-remaining"] = "0"
        return self._respond(call, error)

    def _respond(self, call: GitHubCall, result: tuple[int, Any, dict[str, str]] | GitHubError) -> web.Response:
        if isinstance(result, GitHubError):
            status, body, extra = result.status, result.body, result.headers
        else:
            status, body, extra = result
        headers = self._rate_headers(call.path)
        headers.update({
            "X-GitHub-Media-Type": "github.v3; format=json", "X-GitHub-Request-Id": secrets.token_hex(8).upper(),
            "X-GitHub-Api-Version-Selected": "2022-11-28",
        })
        headers.update(extra)
        call.status, call.response = status, copy.deepcopy(body)
        if status == 204 or body is None:
            return web.Response(status=status, headers=headers)
        return web.json_response(body, status=status, headers=headers)

    def _count_rate(self, path: str) -> None:
        if time.time() - self._rate_window >= 3600:
            self._rate_window, self._core_used, self._search_used = time.time(), 0, 0
        if path.startswith("/search/"):
            self._search_used += 1
        elif path != "/rate_limit":
            self._core_used += 1

    def _rate_headers(self, path: str) -> dict[str, str]:
        with self._lock:
            search = path.startswith("/search/")
            limit, used = (30, self._search_used) if search else (5000, self._core_used)
            reset = int(self._rate_window + (60 if search else 3600))
        return {"x-ratelimit-limit": str(limit), "x-ratelimit-remaining": str(max(0, limit - used)),
                "x-ratelimit-used": str(used), "x-ratelimit-reset": str(reset),
                "x-ratelimit-resource": "search" if search else "core"}

    # -- handlers (lock held) ----------------------------------------------------------------------------------------
    def _get_repo(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        return 200, self._repo_json(self._repo_of(ctx)), {}

    def _create_issue(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        if not r.has_issues:
            raise GitHubError(410, "Issues are disabled for this repo", docs=f"{DOCS}/issues/issues#create-an-issue")
        body = _object(ctx.body)
        title = body.get("title")
        if title is None or (isinstance(title, str) and not title.strip()):
            raise _validation("Issue", "title", "missing_field")
        title = str(title)
        _check_text("Issue", "title", title, MAX_TITLE)
        text = body.get("body")
        if text is not None:
            _check_text("Issue", "body", str(text), MAX_BODY)
        labels = _label_names(body.get("labels", []))
        assignees = [a for a in [*body.get("assignees", []), *([body["assignee"]] if body.get("assignee") else [])]
                     if a in r.assignees]
        issue = self._new_issue(r, title=title, body=text, labels=labels, user=self.login)
        issue["assignees"] = sorted(set(assignees))
        data = self._issue_json(r, issue)
        return 201, data, {"Location": data["url"]}

    def _get_issue(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        return 200, self._issue_json(r, self._issue(r, int(ctx.params["number"]))), {}

    def _edit_issue(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        issue = self._issue(r, int(ctx.params["number"]))
        body = _object(ctx.body)
        if "title" in body:
            if not body["title"] or not str(body["title"]).strip():
                raise _validation("Issue", "title", "missing_field")
            _check_text("Issue", "title", str(body["title"]), MAX_TITLE)
        if body.get("body") is not None:
            _check_text("Issue", "body", str(body["body"]), MAX_BODY)
        if "state" in body and body["state"] not in ("open", "closed"):
            raise _validation("Issue", "state", "invalid")
        if "state_reason" in body and body["state_reason"] not in _STATE_REASONS:
            raise _validation("Issue", "state_reason", "invalid")
        if "title" in body:
            issue["title"] = str(body["title"])
        if "body" in body:
            issue["body"] = body["body"]
        if "labels" in body:
            issue["labels"] = [self._ensure_label(r, n)["name"] for n in _label_names(body["labels"])]
        if "assignees" in body:
            issue["assignees"] = sorted({a for a in body["assignees"] or [] if a in r.assignees})
        if "state" in body and body["state"] != issue["state"]:
            self._set_state(issue, body["state"], body.get("state_reason"), self.login)
        elif "state_reason" in body and issue["state"] == "closed" and body["state_reason"] is not None:
            issue["state_reason"] = body["state_reason"]
        issue["updated_at"] = _iso(time.time())
        return 200, self._issue_json(r, issue), {}

    def _list_issues(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        q = ctx.query
        state = q.get("state", "open")
        if state not in ("open", "closed", "all"):
            raise _validation("Issue", "state", "invalid")
        sort, direction = q.get("sort", "created"), q.get("direction", "desc")
        if sort not in ("created", "updated", "comments") or direction not in ("asc", "desc"):
            raise _validation("Issue", "sort" if sort not in ("created", "updated", "comments") else "direction",
                              "invalid")
        wanted = {n.strip().lower() for n in q.get("labels", "").split(",") if n.strip()}
        items = [i for i in r.issues.values()
                 if (state == "all" or i["state"] == state)
                 and wanted <= {n.lower() for n in i["labels"]}
                 and (not q.get("since") or i["updated_at"] >= q["since"])]
        items.sort(key=lambda i: self._sort_key(i, sort), reverse=direction == "desc")
        page, headers = self._paginate(ctx, items)
        return 200, [self._issue_json(r, i) for i in page], headers

    def _create_comment(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        issue = self._issue(r, int(ctx.params["number"]))
        text = _object(ctx.body).get("body")
        if not text:
            raise _validation("IssueComment", "body", "missing_field")
        _check_text("IssueComment", "body", str(text), MAX_BODY)
        data = self._comment_json(r, self._new_comment(r, issue, str(text), self.login))
        return 201, data, {"Location": data["url"]}

    def _list_comments(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        number = int(ctx.params["number"])
        self._issue(r, number)
        items = sorted((c for c in self._comments.values()
                        if c["repo"] == r.full_name.lower() and c["number"] == number), key=lambda c: c["id"])
        page, headers = self._paginate(ctx, items)
        return 200, [self._comment_json(r, c) for c in page], headers

    def _get_comment(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        return 200, self._comment_json(r, self._comment(r, int(ctx.params["comment_id"]))), {}

    def _edit_comment(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        comment = self._comment(r, int(ctx.params["comment_id"]))
        text = _object(ctx.body).get("body")
        if not text:
            raise _validation("IssueComment", "body", "missing_field")
        _check_text("IssueComment", "body", str(text), MAX_BODY)
        comment["body"], comment["updated_at"] = str(text), _iso(time.time())
        return 200, self._comment_json(r, comment), {}

    def _delete_comment(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        comment = self._comment(r, int(ctx.params["comment_id"]))
        del self._comments[comment["id"]]
        return 204, None, {}

    def _issue_labels(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        issue = self._issue(r, int(ctx.params["number"]))
        return 200, [self._label_json(r, r.labels[n.lower()]) for n in issue["labels"]], {}

    def _add_labels(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        issue = self._issue(r, int(ctx.params["number"]))
        for name in _label_names(_labels_input(ctx.body)):
            label = self._ensure_label(r, name)
            if label["name"].lower() not in {n.lower() for n in issue["labels"]}:
                issue["labels"].append(label["name"])
        issue["updated_at"] = _iso(time.time())
        return self._issue_labels(ctx)

    def _set_labels(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        issue = self._issue(r, int(ctx.params["number"]))
        issue["labels"] = []
        issue["updated_at"] = _iso(time.time())
        for name in _label_names(_labels_input(ctx.body)):
            label = self._ensure_label(r, name)
            if label["name"] not in issue["labels"]:
                issue["labels"].append(label["name"])
        return self._issue_labels(ctx)

    def _clear_labels(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        self._issue(r, int(ctx.params["number"]))["labels"] = []
        return 204, None, {}

    def _remove_label(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        issue = self._issue(r, int(ctx.params["number"]))
        name = ctx.params["name"].lower()
        if name not in {n.lower() for n in issue["labels"]}:
            raise GitHubError(404, "Label does not exist")
        issue["labels"] = [n for n in issue["labels"] if n.lower() != name]
        issue["updated_at"] = _iso(time.time())
        return self._issue_labels(ctx)

    def _list_labels(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        page, headers = self._paginate(ctx, list(r.labels.values()))
        return 200, [self._label_json(r, lab) for lab in page], headers

    def _create_label(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        body = _object(ctx.body)
        name = body.get("name")
        if not name:
            raise _validation("Label", "name", "missing_field")
        _check_text("Label", "name", str(name), MAX_LABEL)
        if str(name).lower() in r.labels:
            raise _validation("Label", "name", "already_exists")
        color = str(body.get("color") or "ededed").lstrip("#")
        if not re.fullmatch(r"[0-9a-fA-F]{6}", color):
            raise _validation("Label", "color", "invalid")
        label = self._ensure_label(r, str(name), color=color.lower(), description=body.get("description"))
        return 201, self._label_json(r, label), {}

    def _get_label(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        label = r.labels.get(ctx.params["name"].lower())
        if label is None:
            raise GitHubError(404)
        return 200, self._label_json(r, label), {}

    def _delete_label(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        key = ctx.params["name"].lower()
        if r.labels.pop(key, None) is None:
            raise GitHubError(404)
        for issue in r.issues.values():
            issue["labels"] = [n for n in issue["labels"] if n.lower() != key]
        return 204, None, {}

    def _check_assignee(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        if ctx.params["login"] not in r.assignees:
            raise GitHubError(404)
        return 204, None, {}

    def _add_assignees(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        """Logins that cannot be assigned are dropped silently, as GitHub does."""
        r = self._repo_of(ctx)
        issue = self._issue(r, int(ctx.params["number"]))
        wanted = [a for a in _object(ctx.body).get("assignees") or [] if a in r.assignees]
        issue["assignees"] = sorted(set(issue["assignees"]) | set(wanted))
        issue["updated_at"] = _iso(time.time())
        return 201, self._issue_json(r, issue), {}

    def _remove_assignees(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        issue = self._issue(r, int(ctx.params["number"]))
        issue["assignees"] = sorted(set(issue["assignees"]) - set(_object(ctx.body).get("assignees") or []))
        issue["updated_at"] = _iso(time.time())
        return 200, self._issue_json(r, issue), {}

    def _list_hooks(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        page, headers = self._paginate(ctx, sorted(r.hooks.values(), key=lambda h: h["id"]))
        return 200, [self._hook_json(r, h) for h in page], headers

    def _create_hook(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        body = _object(ctx.body)
        config = body.get("config") or {}
        if body.get("name", "web") != "web" or not str(config.get("url", "")).startswith(("http://", "https://")):
            raise _validation("Hook", "config", "invalid")
        if any(h["config"]["url"] == config["url"] for h in r.hooks.values()):
            exists = {"resource": "Hook", "code": "custom", "message": "Hook already exists on this repository"}
            raise GitHubError(422, "Validation Failed", errors=[exists])
        hook_id = self._next_id()
        hook = {"id": hook_id, "config": dict(config), "events": list(body.get("events") or ["push"]),
                "active": bool(body.get("active", True)), "created_at": _iso(time.time())}
        r.hooks[hook_id] = hook
        return 201, self._hook_json(r, hook), {}

    def _get_hook(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        return 200, self._hook_json(r, self._hook(r, ctx)), {}

    def _edit_hook(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        hook, body = self._hook(r, ctx), _object(ctx.body)
        if "config" in body:
            hook["config"] = {**hook["config"], **(body["config"] or {})}
        if "events" in body:
            hook["events"] = list(body["events"])
        if "active" in body:
            hook["active"] = bool(body["active"])
        return 200, self._hook_json(r, hook), {}

    def _delete_hook(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        r = self._repo_of(ctx)
        del r.hooks[self._hook(r, ctx)["id"]]
        return 204, None, {}

    def _hook(self, r: _Repo, ctx: _Ctx) -> JSONDict:
        hook = r.hooks.get(int(ctx.params["hook_id"]))
        if hook is None:
            raise GitHubError(404)
        return hook

    def _hook_json(self, r: _Repo, hook: JSONDict) -> JSONDict:
        """GitHub never returns the secret: it answers ``********`` in its place."""
        url = f"{self.origin}/repos/{r.full_name}/hooks/{hook['id']}"
        config = {**hook["config"], **({"secret": "********"} if hook["config"].get("secret") else {})}
        return {"type": "Repository", "id": hook["id"], "name": "web", "active": hook["active"],
                "events": hook["events"], "config": config, "updated_at": hook["created_at"],
                "created_at": hook["created_at"], "url": url, "test_url": f"{url}/test", "ping_url": f"{url}/pings",
                "deliveries_url": f"{url}/deliveries",
                "last_response": {"code": None, "status": "unused", "message": None}}

    def _get_named_user(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        login = ctx.params["login"]
        if login.lower() not in self._emails and login != self.login:
            raise GitHubError(404)
        user = self._user_json(login)
        user.update({"name": None, "company": None, "blog": "", "location": None,
                     "email": self._emails.get(login.lower()), "hireable": None, "bio": None,
                     "twitter_username": None, "public_repos": 0, "public_gists": 0, "followers": 0, "following": 0,
                     "created_at": "2020-01-01T00:00:00Z", "updated_at": "2020-01-01T00:00:00Z"})
        return 200, user, {}

    def _get_user(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        user = self._user_json(self.login)
        user.update({"name": "RFH Bot", "company": None, "blog": "", "location": None, "email": None,
                     "hireable": None, "bio": None, "twitter_username": None, "public_repos": 0, "public_gists": 0,
                     "followers": 0, "following": 0, "created_at": "2020-01-01T00:00:00Z",
                     "updated_at": "2020-01-01T00:00:00Z"})
        return 200, user, {}

    def _rate_limit(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        def bucket(limit: int, used: int, window: int, name: str) -> JSONDict:
            return {"limit": limit, "used": used, "remaining": max(0, limit - used),
                    "reset": int(self._rate_window + window), "resource": name}

        core = bucket(5000, self._core_used, 3600, "core")
        resources = {
            "core": core, "search": bucket(30, self._search_used, 60, "search"),
            "graphql": bucket(5000, 0, 3600, "graphql"), "integration_manifest": bucket(5000, 0, 3600,
                                                                                      "integration_manifest"),
            "code_search": bucket(10, 0, 60, "code_search"),
        }
        return 200, {"resources": resources, "rate": core}, {}

    def _search_issues(self, ctx: _Ctx) -> tuple[int, Any, dict[str, str]]:
        query = ctx.query.get("q", "")
        terms, quals = _parse_query(query)
        kinds = set(quals.get("is", [])) | set(quals.get("type", []))
        if not kinds & {"issue", "pr", "pull-request"}:
            raise _search_invalid("Query must include 'is:issue' or 'is:pull-request'")
        if not quals.get("repo"):
            raise _search_invalid("Query must include a 'repo:' qualifier (a FakeGitHub limitation)")
        repos = []
        for name in quals["repo"]:
            if name.lower() not in self._repos:
                raise _search_invalid("The listed users and repositories cannot be searched either because the "
                                      "resources do not exist or you do not have permission to view them.")
            repos.append(self._repos[name.lower()])
        states = {s for s in [*quals.get("state", []), *kinds] if s in ("open", "closed")}
        where = {w for v in quals.get("in", []) for w in v.split(",")} or {"title", "body"}
        wanted_labels = {v.lower() for v in quals.get("label", [])}
        horizon = time.time() - self.search_lag
        hits: list[tuple[_Repo, JSONDict]] = []
        if "issue" in kinds:
            for r in repos:
                for issue in r.issues.values():
                    if issue["created"] > horizon or (states and issue["state"] not in states):
                        continue
                    if not wanted_labels <= {n.lower() for n in issue["labels"]}:
                        continue
                    if quals.get("author") and issue["user"] not in quals["author"]:
                        continue
                    texts = []
                    if "title" in where:
                        texts.append(issue["title"])
                    if "body" in where:
                        texts.append(issue["body"] or "")
                    if "comments" in where:
                        texts += [c["body"] for c in self._comments.values()
                                  if c["repo"] == r.full_name.lower() and c["number"] == issue["number"]]
                    if _matches(terms, texts):
                        hits.append((r, issue))
        sort = ctx.query.get("sort", "created")
        if sort not in ("created", "updated", "comments"):
            sort = "created"
        hits.sort(key=lambda h: self._sort_key(h[1], sort), reverse=ctx.query.get("order", "desc") == "desc")
        page, headers = self._paginate(ctx, hits)
        items = [{**self._issue_json(r, i), "score": 1.0} for r, i in page]
        return 200, {"total_count": len(hits), "incomplete_results": False, "items": items}, headers

    # -- state helpers -------------------------------------------------------------------------------------------
    def _next_id(self) -> int:
        self._seq += 1
        return self._seq

    def _repo(self, full_name: str) -> _Repo:
        r = self._repos.get(full_name.lower())
        if r is None:
            raise KeyError(f"FakeGitHub has no repo {full_name!r}; call add_repo() first")
        return r

    def _repo_of(self, ctx: _Ctx) -> _Repo:
        r = self._repos.get(f"{ctx.params['owner']}/{ctx.params['repo']}".lower())
        if r is None:
            raise GitHubError(404, docs=f"{DOCS}/repos/repos#get-a-repository")
        return r

    def _issue(self, r: _Repo, number: int) -> JSONDict:
        issue = r.issues.get(number)
        if issue is None:
            raise GitHubError(404, docs=f"{DOCS}/issues/issues#get-an-issue")
        return issue

    def _comment(self, r: _Repo, comment_id: int) -> JSONDict:
        comment = self._comments.get(comment_id)
        if comment is None or comment["repo"] != r.full_name.lower():
            raise GitHubError(404)
        return comment

    def _new_issue(self, r: _Repo, *, title: str, body: str | None, labels: list[str], user: str) -> JSONDict:
        now = time.time()
        issue_id = self._next_id()
        issue_labels: list[str] = []
        issue: JSONDict = {
            "repo": r.full_name.lower(), "number": r.next_number, "id": issue_id, "node_id": f"I_kwDOFAKE{issue_id}",
            "title": title, "body": body, "labels": issue_labels,
            "state": "open", "state_reason": None, "assignees": [], "user": user, "locked": False,
            "created": now, "created_at": _iso(now), "updated_at": _iso(now), "closed_at": None, "closed_by": None,
        }
        for name in labels:
            label = self._ensure_label(r, name)
            if label["name"] not in issue_labels:
                issue_labels.append(label["name"])
        r.issues[r.next_number] = issue
        r.next_number += 1
        return issue

    def _set_state(self, issue: JSONDict, state: str, reason: str | None, by: str) -> None:
        now = _iso(time.time())
        if state == "closed":
            issue.update(state="closed", state_reason=reason or "completed", closed_at=now, closed_by=by)
        else:
            issue.update(state="open", state_reason="reopened", closed_at=None, closed_by=None)
        issue["updated_at"] = now

    def _new_comment(self, r: _Repo, issue: JSONDict, body: str, user: str) -> JSONDict:
        now = _iso(time.time())
        comment_id = self._next_id()
        comment = {"id": comment_id, "repo": r.full_name.lower(), "number": issue["number"], "body": body,
                   "user": user, "created_at": now, "updated_at": now}
        self._comments[comment_id] = comment
        issue["updated_at"] = now
        return comment

    def _ensure_label(self, r: _Repo, name: str, *, color: str = "ededed",
                      description: str | None = None) -> JSONDict:
        label = r.labels.get(name.lower())
        if label is None:
            label_id = self._next_id()
            label = {"id": label_id, "node_id": f"LA_kwDOFAKE{label_id}", "name": name, "color": color,
                     "default": False, "description": description}
            r.labels[name.lower()] = label
        return label

    def _sort_key(self, issue: JSONDict, sort: str) -> Any:
        if sort == "comments":
            return (self._comment_count(issue), issue["number"])
        if sort == "updated":
            return (issue["updated_at"], issue["number"])
        return (issue["created_at"], issue["number"])

    def _comment_count(self, issue: JSONDict) -> int:
        return sum(1 for c in self._comments.values() if c["repo"] == issue["repo"] and c["number"] == issue["number"])

    def _paginate(self, ctx: _Ctx, items: list[Any]) -> tuple[list[Any], dict[str, str]]:
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
            return f'<{self.origin}{ctx.path}?{urlencode(query)}>; rel="{rel}"'

        if page > 1:
            links += [link(page - 1, "prev"), link(1, "first")]
        if page < last:
            links += [link(page + 1, "next"), link(last, "last")]
        # GitHub orders them next, last, first, prev; PyGithub does not care.
        return items[start:start + per_page], ({"Link": ", ".join(links)} if links else {})

    # -- JSON shapes ----------------------------------------------------------------------------------------------
    def _user_json(self, login: str) -> JSONDict:
        api = f"{self.origin}/users/{login}"
        return {
            "login": login, "id": _stable_id(login), "node_id": f"U_kgDOFAKE{_stable_id(login)}",
            "avatar_url": f"{self.origin}/avatars/{login}", "gravatar_id": "", "url": api,
            "html_url": f"{self.origin}/{login}", "followers_url": f"{api}/followers",
            "following_url": f"{api}/following{{/other_user}}", "gists_url": f"{api}/gists{{/gist_id}}",
            "starred_url": f"{api}/starred{{/owner}}{{/repo}}", "subscriptions_url": f"{api}/subscriptions",
            "organizations_url": f"{api}/orgs", "repos_url": f"{api}/repos", "events_url": f"{api}/events{{/privacy}}",
            "received_events_url": f"{api}/received_events", "type": "Bot" if login.endswith("[bot]") else "User",
            "user_view_type": "public", "site_admin": False,
        }

    def _repo_json(self, r: _Repo) -> JSONDict:
        api = f"{self.origin}/repos/{r.full_name}"
        owner = self._user_json(r.owner)
        owner["type"] = "Organization"
        return {
            "id": r.id, "node_id": f"R_kgDOFAKE{r.id}", "name": r.name, "full_name": r.full_name,
            "private": r.private, "owner": owner, "html_url": f"{self.origin}/{r.full_name}", "description": None,
            "fork": False, "url": api, "issues_url": f"{api}/issues{{/number}}",
            "issue_comment_url": f"{api}/issues/comments{{/number}}", "labels_url": f"{api}/labels{{/name}}",
            "events_url": f"{api}/events", "comments_url": f"{api}/comments{{/number}}",
            "assignees_url": f"{api}/assignees{{/user}}", "hooks_url": f"{api}/hooks",
            "created_at": "2020-01-01T00:00:00Z", "updated_at": _iso(time.time()), "pushed_at": _iso(time.time()),
            "homepage": None, "size": 1, "stargazers_count": 0, "watchers_count": 0, "language": None,
            "has_issues": r.has_issues, "has_projects": False, "has_downloads": True, "has_wiki": False,
            "has_pages": False, "has_discussions": False, "forks_count": 0, "archived": False, "disabled": False,
            "open_issues_count": sum(1 for i in r.issues.values() if i["state"] == "open"), "license": None,
            "allow_forking": False, "is_template": False, "topics": [],
            "visibility": "private" if r.private else "public", "forks": 0, "open_issues": 0, "watchers": 0,
            "default_branch": "main",
            "permissions": {"admin": False, "maintain": False, "push": True, "triage": True, "pull": True},
        }

    def _label_json(self, r: _Repo, label: JSONDict) -> JSONDict:
        return {"id": label["id"], "node_id": label["node_id"],
                "url": f"{self.origin}/repos/{r.full_name}/labels/{quote(label['name'], safe='')}",
                "name": label["name"], "color": label["color"], "default": label["default"],
                "description": label["description"]}

    def _issue_json(self, r: _Repo, issue: JSONDict) -> JSONDict:
        api = f"{self.origin}/repos/{r.full_name}"
        url = f"{api}/issues/{issue['number']}"
        assignees = [self._user_json(a) for a in issue["assignees"]]
        comments = self._comment_count(issue)
        return {
            "url": url, "repository_url": api, "labels_url": f"{url}/labels{{/name}}",
            "comments_url": f"{url}/comments", "events_url": f"{url}/events",
            "html_url": f"{self.origin}/{r.full_name}/issues/{issue['number']}", "id": issue["id"],
            "node_id": issue["node_id"], "number": issue["number"], "title": issue["title"],
            "user": self._user_json(issue["user"]),
            "labels": [self._label_json(r, r.labels[n.lower()]) for n in issue["labels"]],
            "state": issue["state"], "locked": issue["locked"], "assignee": assignees[0] if assignees else None,
            "assignees": assignees, "milestone": None, "comments": comments, "created_at": issue["created_at"],
            "updated_at": issue["updated_at"], "closed_at": issue["closed_at"], "author_association": "MEMBER",
            "type": None, "active_lock_reason": None, "sub_issues_summary": {"total": 0, "completed": 0,
                                                                            "percent_completed": 0},
            "body": issue["body"],
            "closed_by": self._user_json(issue["closed_by"]) if issue["closed_by"] else None,
            "reactions": {"url": f"{url}/reactions", "total_count": 0, "+1": 0, "-1": 0, "laugh": 0, "hooray": 0,
                          "confused": 0, "heart": 0, "rocket": 0, "eyes": 0},
            "timeline_url": f"{url}/timeline", "performed_via_github_app": None, "state_reason": issue["state_reason"],
        }

    def _comment_json(self, r: _Repo, comment: JSONDict) -> JSONDict:
        api = f"{self.origin}/repos/{r.full_name}"
        url = f"{api}/issues/comments/{comment['id']}"
        return {
            "url": url, "html_url": f"{self.origin}/{r.full_name}/issues/{comment['number']}#issuecomment-"
                                    f"{comment['id']}",
            "issue_url": f"{api}/issues/{comment['number']}", "id": comment["id"],
            "node_id": f"IC_kwDOFAKE{comment['id']}", "user": self._user_json(comment["user"]),
            "created_at": comment["created_at"], "updated_at": comment["updated_at"], "author_association": "MEMBER",
            "body": comment["body"],
            "reactions": {"url": f"{url}/reactions", "total_count": 0, "+1": 0, "-1": 0, "laugh": 0, "hooray": 0,
                          "confused": 0, "heart": 0, "rocket": 0, "eyes": 0},
            "performed_via_github_app": None,
        }


# -- helpers ----------------------------------------------------------------------------------------------------------
def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def _stable_id(login: str) -> int:
    return 100_000 + sum((i + 1) * ord(ch) for i, ch in enumerate(login)) % 900_000


def _object(body: Any) -> JSONDict:
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise GitHubError(400, "Problems parsing JSON")
    return body


def _validation(resource: str, field_name: str, code: str) -> GitHubError:
    return GitHubError(422, "Validation Failed", errors=[{"resource": resource, "code": code, "field": field_name}])


def _check_text(resource: str, field_name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise GitHubError(422, "Validation Failed", errors=[{
            "resource": resource, "field": field_name, "code": "custom",
            "message": f"{field_name} is too long (maximum is {limit} characters)"}])


def _search_invalid(message: str) -> GitHubError:
    return GitHubError(422, "Validation Failed", docs="https://docs.github.com/v3/search/", errors=[
        {"message": message, "resource": "Search", "field": "q", "code": "invalid"}])


def _labels_input(body: Any) -> list[Any]:
    if isinstance(body, dict):
        body = body.get("labels", [])
    if body is None:
        return []
    if not isinstance(body, list):
        raise _validation("Issue", "labels", "invalid")
    return body


def _label_names(labels: Any) -> list[str]:
    if not isinstance(labels, list):
        raise _validation("Issue", "labels", "invalid")
    names = []
    for label in labels:
        name = label.get("name") if isinstance(label, dict) else label
        if not isinstance(name, str) or not name.strip():
            raise _validation("Label", "name", "invalid")
        _check_text("Label", "name", name, MAX_LABEL)
        names.append(name)
    return names


_TOKEN_RE = re.compile(r'(-?[A-Za-z_]+:"[^"]*"|-?"[^"]*"|\S+)')
_WORD_RE = re.compile(r"[a-z0-9]+")


def _parse_query(q: str) -> tuple[list[tuple[bool, list[str]]], dict[str, list[str]]]:
    """``(terms, qualifiers)``; a term is ``(negated, words)`` where the words must appear consecutively."""
    terms: list[tuple[bool, list[str]]] = []
    quals: dict[str, list[str]] = {}
    negate_next = False
    for token in _TOKEN_RE.findall(q):
        if token in ("AND", "OR"):
            continue
        if token == "NOT":
            negate_next = True
            continue
        negated = negate_next or token.startswith("-")
        negate_next = False
        token = token.lstrip("-") if token.startswith("-") else token
        m = re.match(r'^([A-Za-z_]+):(.*)$', token)
        if m and not token.startswith('"'):
            quals.setdefault(m.group(1).lower(), []).append(m.group(2).strip('"'))
            continue
        words = _WORD_RE.findall(token.strip('"').lower())
        if words:
            terms.append((negated, words))
    return terms, quals


def _matches(terms: list[tuple[bool, list[str]]], texts: list[str]) -> bool:
    haystacks = [_WORD_RE.findall(t.lower()) for t in texts]

    def found(words: list[str]) -> bool:
        n = len(words)
        return any(h[i:i + n] == words for h in haystacks for i in range(len(h) - n + 1))

    return all(found(words) != negated for negated, words in terms)
