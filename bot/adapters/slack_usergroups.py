"""Slack user groups: read a group's members (rotations that follow a group) and set them (keep ``@…-support`` equal
to the on-call). Separate from ``SlackChat`` because these calls need Slack's error codes: a free workspace refuses
``usergroups.users.update`` and that deserves its own clear log line, not a generic retry.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.errors import TemporaryDeliveryError
from bot.core.ports import SyncResult

log = logging.getLogger(__name__)

PLAN_ERRORS = {"paid_teams_only", "paid_only", "plan_upgrade_required", "team_is_restricted"}
PERMISSION_ERRORS = {"missing_scope", "permission_denied", "no_permission", "not_allowed_token_type",
                     "ekm_access_denied", "invalid_auth", "not_authed"}


class UserGroups:
    def __init__(self, client: AsyncWebClient):
        self.client = client

    async def group_id(self, handle: str) -> str | None:
        response = await self._call("usergroups.list", include_disabled=False)
        return next((g["id"] for g in response.get("usergroups", []) if g.get("handle") == handle), None)

    async def members(self, handle: str) -> tuple[str, ...]:
        """The group's members; empty (and a warning) when the group is missing or Slack will not say."""
        try:
            group = await self.group_id(handle)
            if group is None:
                log.warning("user group @%s does not exist; its rotation has nobody on call", handle)
                return ()
            response = await self._call("usergroups.users.list", usergroup=group)
        except (SlackApiError, TemporaryDeliveryError) as exc:
            log.warning("could not read the members of @%s: %s", handle, _error(exc))
            return ()
        return tuple(str(u) for u in response.get("users", []))

    async def set_members(self, handle: str, users: tuple[str, ...]) -> SyncResult:
        """Make the group's members exactly ``users``. Refusals that retrying cannot fix are logged and reported;
        anything else raises TemporaryDeliveryError so the scheduler tries again."""
        try:
            group = await self.group_id(handle)
            if group is None:
                log.error("cannot sync @%s to the on-call: no such user group in the workspace", handle)
                return SyncResult(False, "no such user group")
            await self._call("usergroups.users.update", usergroup=group, users=",".join(users))
        except SlackApiError as exc:
            return self._refused(handle, _error(exc))
        log.info("@%s is now %s (the on-call)", handle, ", ".join(users))
        return SyncResult(True, ",".join(users))

    def _refused(self, handle: str, error: str) -> SyncResult:
        if error in PLAN_ERRORS:
            log.error("cannot keep @%s equal to the on-call: Slack refused usergroups.users.update (%s): the "
                      "workspace's plan does not allow apps to change user groups. Members were left as they are; "
                      "set oncall.sync_usergroup = false to stop trying.", handle, error)
            return SyncResult(False, f"plan refused: {error}")
        if error in PERMISSION_ERRORS:
            log.error("cannot keep @%s equal to the on-call: Slack refused usergroups.users.update (%s); the app "
                      "needs the usergroups:write scope, and the workspace may restrict who may edit user groups",
                      handle, error)
            return SyncResult(False, f"not permitted: {error}")
        raise TemporaryDeliveryError(f"Slack answered {error} to usergroups.users.update", service="Slack")

    async def _call(self, method: str, **kwargs: object) -> dict[str, Any]:
        try:
            response = await self.client.api_call(method, json=dict(kwargs))
        except (TimeoutError, OSError) as exc:
            raise TemporaryDeliveryError(f"Slack did not answer {method} ({type(exc).__name__})",
                                         service="Slack") from None
        return dict(response.data) if isinstance(response.data, dict) else {}


def _error(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error", "unknown_error"))
    return str(exc)
