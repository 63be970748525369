"""The timeline of one request, assembled from what each part of the bot records. Pure: rows in, entries out.

Sources: the request itself (filing), the prediction log (routing suggestion, the requester's pick, re-routes), the
delivery steps that finished (issue filed, posted, on-call pinged), the ownership events, the scheduler's jobs that
fired (re-pings, escalations, nudges) and the bridge's timeline events (GitHub state, labels, assignees, comments).
Texts are Slack mrkdwn (people's notes and comment excerpts escaped); ``who`` renders an actor (a Slack user id,
``github:<login>`` or ``rfh``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from bot.core.domain import StepKind
from bot.core.ownership_events import OwnershipEventKind as K
from bot.core.text import mrkdwn
from storage.models import RouteSource

Who = Callable[[str], str]
_USER = re.compile(r"\b[UW][A-Z0-9]{2,}\b")


@dataclass(frozen=True)
class Entry:
    at: datetime
    actor: str
    text: str
    order: int = 0
    """Breaks ties at the same instant: the order in which the sources are read."""


class _Routed(Protocol):
    at: datetime
    actor: str | None
    suggested_team_id: str | None
    chosen_team_id: str
    source: str
    note: str | None


class _Owned(Protocol):
    at: datetime
    actor: str
    kind: str
    to_user: str | None
    note: str | None
    resolution: str | None


class _Job(Protocol):
    kind: str
    done_at: datetime | None
    outcome: str | None


class _Noted(Protocol):
    at: datetime
    actor: str
    text: str


def routing_entries(rows: Iterable[_Routed], requester: str, team_name: Callable[[str | None], str],
                    who: Who) -> list[Entry]:
    entries, current = [], None
    for row in rows:
        if row.source == RouteSource.INTAKE:
            suggested = team_name(row.suggested_team_id) if row.suggested_team_id else "no team (unsure)"
            picked = "kept it" if row.suggested_team_id == row.chosen_team_id else \
                f"corrected it to {team_name(row.chosen_team_id)}"
            entries.append(Entry(row.at, row.actor or requester, f"routing suggested {suggested}; the requester "
                                                                   f"{picked}", 1))
        else:
            note = f": {mrkdwn(row.note)}" if row.note else ""
            entries.append(Entry(row.at, row.actor or "rfh", f"re-routed from {team_name(current)} to "
                                                             f"{team_name(row.chosen_team_id)}{note}", 1))
        current = row.chosen_team_id
    return entries


OWNERSHIP_TEXT: dict[str, str] = {
    K.CLAIMED: "took ownership", K.INFORMAL: "picked it up in the thread (informal ownership)",
    K.CONFIRMED: "confirmed ownership", K.DECLINED: "declined the informal ownership",
    K.RELEASED: "released it; it needs an owner", K.REOPENED: "reopened it",
}


def ownership_entries(rows: Iterable[_Owned], who: Who) -> list[Entry]:
    entries = []
    for row in rows:
        note = f": {mrkdwn(row.note)}" if row.note else ""
        if row.kind == K.HANDED_OVER:
            text = f"handed it over to {who(row.to_user or '?')}{note}"
        elif row.kind == K.RESOLVED:
            text = f"resolved it ({(row.resolution or 'resolved').replace('_', ' ')}){note}"
        elif row.kind == K.CLAIMED and row.to_user and row.to_user != row.actor:
            text = f"made {who(row.to_user)} the owner{note}"
        else:
            text = OWNERSHIP_TEXT.get(row.kind, row.kind) + note
        entries.append(Entry(row.at, row.actor, text, 3))
    return entries


def job_entries(rows: Iterable[_Job], who: Who) -> list[Entry]:
    """Re-pings, escalations and nudges that went out (not the ones that found nothing to do)."""
    entries = []
    for row in rows:
        outcome = row.outcome or ""
        if row.done_at is None or not outcome.startswith(("re-pinged ", "escalated to ", "nudged ")):
            continue
        entries.append(Entry(row.done_at, "rfh", _USER.sub(lambda m: who(m.group(0)), outcome), 4))
    return entries


def step_entries(rows: Iterable[Any], who: Who) -> list[Entry]:
    """The filing steps that finished: the issue, the public issue, the post, the on-call ping."""
    entries = []
    for step in rows:
        result = step.result or {}
        if step.kind == StepKind.FILE_ISSUE and result.get("url"):
            text = f"filed the GitHub issue {result['url']}"
        elif step.kind == StepKind.FILE_PUBLIC_ISSUE and result.get("url"):
            text = f"filed the public issue {result['url']}"
        elif step.kind == StepKind.POST_TEAM and result.get("channel"):
            text = f"posted it in <#{result['channel']}>" if "ts" in result else "updated the team post"
        elif step.kind == StepKind.PING_ONCALL and result.get("oncall"):
            text = f"pinged the on-call, {who(str(result['oncall']))}"
        else:
            continue
        entries.append(Entry(step.done_at, "rfh", text, 2))
    return entries


def noted_entries(rows: Iterable[_Noted]) -> list[Entry]:
    return [Entry(row.at, row.actor, mrkdwn(row.text), 5) for row in rows]


def in_order(entries: Iterable[Entry]) -> list[Entry]:
    """Oldest first, newest last."""
    return sorted(entries, key=lambda e: (e.at, e.order))
