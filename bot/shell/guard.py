"""What the HTTP server checks before any parsing: the Slack signature on the raw body, and a log that anyone on
the internet cannot flood (a refused request is counted, and at most one line per minute says how many)."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping

from slack_sdk.signature import SignatureVerifier

log = logging.getLogger(__name__)
REFUSAL_LOG_SECONDS = 60.0


class RefusalLog:
    """One WARNING line for the first refusal, then at most one per ``window`` seconds with the count since."""

    def __init__(self, window: float = REFUSAL_LOG_SECONDS):
        self.window = window
        self.count = 0
        self.last: float | None = None

    def note(self, route: str, reason: str) -> None:
        self.count += 1
        now = time.monotonic()
        if self.last is not None and now - self.last < self.window:
            return
        log.warning("refused %d request(s) to %s in the last %.0f s (latest: %s)", self.count, route,
                    self.window if self.last is not None else 0, reason)
        self.count, self.last = 0, now


class SlackSignature:
    """Slack's v0 signature over the raw body, checked before Bolt parses anything: a malformed body, a JSON array
    or a non-numeric timestamp from someone without the signing secret gets a 401 and no traceback."""

    def __init__(self, signing_secret: str):
        self.verifier = SignatureVerifier(signing_secret)

    def refusal(self, body: bytes, headers: Mapping[str, str]) -> str | None:
        """None when the request is Slack's; else why it is refused (for the log, never for the sender)."""
        timestamp = headers.get("X-Slack-Request-Timestamp")
        signature = headers.get("X-Slack-Signature")
        if not timestamp or not signature:
            return "no signature headers"
        if not timestamp.strip().isdigit():
            return "the timestamp is not a number"
        try:
            valid = self.verifier.is_valid(body=body, timestamp=timestamp.strip(), signature=signature)
        except (ValueError, UnicodeDecodeError):
            return "the body is not UTF-8"
        return None if valid else "bad or expired signature"
