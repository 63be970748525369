"""GitHub's primary rate limits: 5,000 core calls an hour and 30 searches a minute, counted per call, sent back in the
``x-ratelimit-*`` headers and by ``GET /rate_limit``; enforced (403 once spent) after ``set_rate_limit``."""

from __future__ import annotations

import time

from fakes.github.model import RATE_LIMIT_DOCS, Answer, GitHubError, JSONDict

CORE_LIMIT = 5000
SEARCH_LIMIT = 30


class RateLimits:
    def __init__(self) -> None:
        self.window = time.time()
        self.core_used = 0
        self.search_used = 0
        self.enforce_core = False

    def spend(self, *, remaining: int, reset_in: float) -> None:
        """Leave ``remaining`` core calls in a window that resets in ``reset_in`` seconds, and enforce it."""
        self.window = time.time() + reset_in - 3600
        self.core_used = CORE_LIMIT - remaining
        self.enforce_core = True

    def count(self, path: str) -> None:
        """Count one call (``/rate_limit`` is free); a new window every hour."""
        if time.time() - self.window >= 3600:
            self.window, self.core_used, self.search_used = time.time(), 0, 0
        if path.startswith("/search/"):
            self.search_used += 1
        elif path != "/rate_limit":
            self.core_used += 1

    def refusal(self, path: str) -> GitHubError | None:
        """GitHub's 403 once the enforced core budget is spent (searches and ``/rate_limit`` still answer)."""
        if not self.enforce_core or self.core_used <= CORE_LIMIT or path.startswith("/search/") \
                or path == "/rate_limit":
            return None
        return GitHubError(403, "API rate limit exceeded for user ID 1. If you reach out to GitHub Support "
                           "for help, please include the request ID.", docs=RATE_LIMIT_DOCS,
                           headers={"x-ratelimit-remaining": "0"})

    def headers(self, path: str) -> dict[str, str]:
        search = path.startswith("/search/")
        limit, used = (SEARCH_LIMIT, self.search_used) if search else (CORE_LIMIT, self.core_used)
        reset = int(self.window + (60 if search else 3600))
        return {"x-ratelimit-limit": str(limit), "x-ratelimit-remaining": str(max(0, limit - used)),
                "x-ratelimit-used": str(used), "x-ratelimit-reset": str(reset),
                "x-ratelimit-resource": "search" if search else "core"}

    def _bucket(self, limit: int, used: int, window: int, name: str) -> JSONDict:
        return {"limit": limit, "used": used, "remaining": max(0, limit - used), "reset": int(self.window + window),
                "resource": name}

    def answer(self) -> Answer:
        """``GET /rate_limit``."""
        core = self._bucket(CORE_LIMIT, self.core_used, 3600, "core")
        resources = {
            "core": core, "search": self._bucket(SEARCH_LIMIT, self.search_used, 60, "search"),
            "graphql": self._bucket(5000, 0, 3600, "graphql"),
            "integration_manifest": self._bucket(5000, 0, 3600, "integration_manifest"),
            "code_search": self._bucket(10, 0, 60, "code_search"),
        }
        return 200, {"resources": resources, "rate": core}, {}
