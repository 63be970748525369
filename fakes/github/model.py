"""What the fake GitHub keeps and records, and how it says no: calls, repositories, the request a handler sees, GitHub's
error bodies and its validation rules (text lengths, label names). Plain data, no HTTP."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

JSONDict = dict[str, Any]

DEFAULT_TOKEN = "ghp-test-token"
DOCS = "https://docs.github.com/rest"
RATE_LIMIT_DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
MAX_BODY = 65_536
MAX_TITLE = 256
MAX_LABEL = 50
SECONDARY_RATE_LIMIT_MESSAGE = (
    "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. "
    "Please retry your request again later. If you reach out to GitHub Support for help, please include the "
    "request ID."
)
STATUS_MESSAGES = {
    400: "Bad Request", 401: "Bad credentials", 403: "Forbidden", 404: "Not Found", 409: "Conflict",
    410: "Gone", 422: "Validation Failed", 429: "API rate limit exceeded", 500: "Server Error",
    502: "Server Error", 503: "Service Unavailable", 504: "We couldn't respond to your request in time.",
}
STATE_REASONS = ("completed", "not_planned", "reopened", "duplicate", None)
REPO = r"^/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)"
"""The start of every route under a repository."""


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
class Repo:
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
    """Raised inside a handler to answer GitHub's error body (``message``, ``errors``, ``documentation_url``)."""

    def __init__(self, status: int, message: str | None = None, *, errors: list[JSONDict] | None = None,
                 docs: str = DOCS, headers: dict[str, str] | None = None):
        super().__init__(status, message)
        self.status = status
        self.body: JSONDict = {"message": message or STATUS_MESSAGES.get(status, "Error")}
        if errors is not None:
            self.body["errors"] = errors
        self.body["documentation_url"] = docs
        self.body["status"] = str(status)
        self.headers = headers or {}


@dataclass
class Ctx:
    """The request as a handler sees it: ``params`` are the route's named groups, URL-decoded."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    params: dict[str, str]


Answer = tuple[int, Any, dict[str, str]]
"""(status, JSON body or None, extra headers)."""


def iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def stable_id(login: str) -> int:
    """A user id that is the same for a login on every run."""
    return 100_000 + sum((i + 1) * ord(ch) for i, ch in enumerate(login)) % 900_000


def json_object(body: Any) -> JSONDict:
    """The request body as an object (none = empty); 400 for anything else, as GitHub answers."""
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise GitHubError(400, "Problems parsing JSON")
    return body


def validation(resource: str, field_name: str, code: str) -> GitHubError:
    return GitHubError(422, "Validation Failed", errors=[{"resource": resource, "code": code, "field": field_name}])


def check_text(resource: str, field_name: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise GitHubError(422, "Validation Failed", errors=[{
            "resource": resource, "field": field_name, "code": "custom",
            "message": f"{field_name} is too long (maximum is {limit} characters)"}])


def label_names(labels: Any) -> list[str]:
    """Label names from a list of names or ``{"name": ...}`` objects; 422 for an empty one or one over 50."""
    if not isinstance(labels, list):
        raise validation("Issue", "labels", "invalid")
    names = []
    for label in labels:
        name = label.get("name") if isinstance(label, dict) else label
        if not isinstance(name, str) or not name.strip():
            raise validation("Label", "name", "invalid")
        check_text("Label", "name", name, MAX_LABEL)
        names.append(name)
    return names

