"""``FakeGitHub``: the fake REST API over real HTTP: token checks, rate-limit headers, injected faults (before or
*after* the change is made), and the answer of the route's handler (``fakes.github.routes``)."""

from __future__ import annotations

import copy
import json
import re
import secrets
import time
from collections.abc import Iterable

from aiohttp import web

from fakes._delegate import Delegated
from fakes._server import BackgroundServer, Fault
from fakes.github import routes
from fakes.github.model import (
    DEFAULT_TOKEN,
    DOCS,
    RATE_LIMIT_DOCS,
    SECONDARY_RATE_LIMIT_MESSAGE,
    Answer,
    Ctx,
    GitHubCall,
    GitHubError,
)
from fakes.github.recorded import Recorded
from fakes.github.seeding import Seeding
from fakes.github.store import Store

Result = Answer | GitHubError


class FakeGitHub(Seeding, Recorded, BackgroundServer):
    """Fake GitHub REST API. ``url`` is the base URL for PyGithub (``http://127.0.0.1:PORT``, no trailing slash)."""

    # The bot's login and the search lag live on the store, which the handlers read.
    login = Delegated[str]("_store")
    search_lag = Delegated[float]("_store")

    def __init__(self, *, token: str = DEFAULT_TOKEN, login: str = "rfh-bot", repos: Iterable[str] = (),
                 search_lag: float = 0.0, host: str = "127.0.0.1", port: int = 0):
        super().__init__(host=host, port=port)
        self.token = token
        self._store = Store(login=login, search_lag=search_lag, origin=lambda: self.origin)
        self._calls: list[GitHubCall] = []
        for name in repos:
            self.add_repo(name)

    # -- public: configuration ------------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """Base URL for PyGithub / ``GITHUB_API_URL`` (``http://127.0.0.1:PORT``)."""
        return self.origin

    def reset(self) -> None:
        """Forget calls, issues, comments, labels and faults; keep the registered repositories (empty)."""
        with self._lock:
            self._calls = []
            self._store.clear()
            self._faults.clear()
            for repo in self._store.repos.values():
                repo.issues.clear()
                repo.labels.clear()
                repo.next_number = 1

    def fail(
        self, method: str, path_regex: str, *, status: int | None = None, times: int | None = 1,
        retry_after: float | None = None, message: str | None = None, hang: float | None = None,
        reset_connection: bool = False, after_effect: bool = False,
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

    # -- HTTP -----------------------------------------------------------------------------------------------------
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
        result = self._dispatch(request, call)
        if fault is not None and fault.after_effect:
            answer = await self._apply_fault(request, call, fault)
            if answer is not None:
                return answer
        return self._respond(call, result)

    def _dispatch(self, request: web.Request, call: GitHubCall) -> Result:
        auth = request.headers.get("Authorization", "")
        scheme, _, token = auth.partition(" ")
        if not auth:
            return GitHubError(401, "Requires authentication")
        if scheme.lower() not in ("token", "bearer") or token.strip() != self.token:
            return GitHubError(401, "Bad credentials")
        with self._lock:
            self._store.rate.count(call.path)
            refusal = self._store.rate.refusal(call.path)
            if refusal is not None:
                return refusal
            found = routes.find(call.path)
            handler = found[0].get(call.method) if found else None
            if found is None or handler is None:
                return GitHubError(404)
            ctx = Ctx(method=call.method, path=call.path, query=call.query, body=call.json, params=found[1])
            try:
                return handler(self._store, ctx)
            except GitHubError as exc:
                return exc
            except Exception:  # a bug in the fake (or a very odd request): see internal_errors
                return GitHubError(500, f"FakeGitHub: {self._record_internal_error()}")

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
        error = GitHubError(status, message, headers=headers, docs=RATE_LIMIT_DOCS if status in (403, 429) else DOCS)
        if "API rate limit exceeded" in error.body["message"]:
            error.headers["x-ratelimit-remaining"] = "0"
        return self._respond(call, error)

    def _respond(self, call: GitHubCall, result: Result) -> web.Response:
        if isinstance(result, GitHubError):
            status, body, extra = result.status, result.body, result.headers
        else:
            status, body, extra = result
        with self._lock:
            headers = self._store.rate.headers(call.path)
        headers.update({
            "X-GitHub-Media-Type": "github.v3; format=json", "X-GitHub-Request-Id": secrets.token_hex(8).upper(),
            "X-GitHub-Api-Version-Selected": "2022-11-28",
        })
        headers.update(extra)
        call.status, call.response = status, copy.deepcopy(body)
        if status == 204 or body is None:
            return web.Response(status=status, headers=headers)
        return web.json_response(body, status=status, headers=headers)

