"""The one workspace (or Enterprise Grid organisation) the bot is installed in, from ``auth.test`` at start."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Workspace:
    team_id: str | None
    enterprise_id: str | None = None
    org_wide: bool = False
    """Installed for a whole Enterprise Grid organisation: any of its workspaces may call."""

    @classmethod
    def from_auth_test(cls, answer: Mapping[str, Any]) -> Workspace | None:
        team, enterprise = answer.get("team_id") or None, answer.get("enterprise_id") or None
        if not (team or enterprise):
            return None
        return cls(str(team) if team else None, str(enterprise) if enterprise else None,
                   org_wide=bool(answer.get("is_enterprise_install")))

    def admits(self, team_id: str | None, enterprise_id: str | None) -> bool:
        """A request from this workspace, or from this organisation when installed org-wide. Another workspace (or
        organisation), or a request naming neither, is refused: every payload Slack sends carries its team."""
        if self.org_wide:
            return bool(enterprise_id) and enterprise_id == self.enterprise_id
        if self.enterprise_id and enterprise_id and enterprise_id != self.enterprise_id:
            return False
        return bool(team_id) and team_id == self.team_id
