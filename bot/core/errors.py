"""The bot's error kinds: what a user did wrong, and what an outside service did (worth retrying or not)."""

from __future__ import annotations


class RfhError(Exception):
    """Base of the bot's own errors."""


class UserError(RfhError):
    """The user asked for something that cannot be done; the message is shown to them as is."""


class DeliveryError(RfhError):
    """An outside call failed. ``service`` is 'GitHub' or 'Slack'."""

    def __init__(self, message: str, *, service: str):
        super().__init__(message)
        self.service = service


class TemporaryDeliveryError(DeliveryError):
    """5xx, timeouts, rate limits: retry later. ``uncertain`` means the call may have taken effect."""

    def __init__(self, message: str, *, service: str, retry_after: float | None = None, uncertain: bool = False):
        super().__init__(message, service=service)
        self.retry_after = retry_after
        self.uncertain = uncertain


class PermanentDeliveryError(DeliveryError):
    """Bad token, missing repository, unknown channel: retrying will not help until someone fixes it."""

    def __init__(self, message: str, *, service: str, fix: str):
        super().__init__(message, service=service)
        self.fix = fix
