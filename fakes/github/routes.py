"""The REST routes the fake answers: one table built from the handler modules, and finding a request's handler."""

from __future__ import annotations

import re
from urllib.parse import unquote

from fakes.github import account, comments, hooks, issues, labels, search
from fakes.github.store import Handler

# Every path matches at most one pattern (they are anchored and disjoint), so the order is only for reading.
TABLE: list[tuple[re.Pattern[str], dict[str, Handler]]] = [
    (re.compile(pattern), handlers)
    for pattern, handlers in [*issues.ROUTES, *comments.ROUTES, *labels.ROUTES, *hooks.ROUTES, *account.ROUTES,
                              *search.ROUTES]
]


def find(path: str) -> tuple[dict[str, Handler], dict[str, str]] | None:
    """The handlers for ``path`` by HTTP method, and the route's parameters (URL-decoded); None if no route."""
    for pattern, handlers in TABLE:
        m = pattern.match(path)
        if m is not None:
            return handlers, {k: unquote(v) for k, v in m.groupdict().items()}
    return None
