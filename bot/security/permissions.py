"""Who may do what to a request: the one place that decides it. Pure; no I/O.

Listeners ask before they open a modal (so a refusal comes at once, with its reason) and the services ask again when
the action is submitted (the request may have moved meanwhile). The ownership rules (``bot.ownership.rules``) ask
here too, then add what depends on the request's history (already owned, already resolved).

| action | who may |
|---|---|
| claim | anyone (someone else's formal ownership moves only by a hand-over, or to a lead: ownership rules) |
| hand over, resolve, reopen | the owner, the requester, the team's members and leads |
| release | the owner, the team's leads |
| confirm, decline | the informal owner the bot asked |
| snooze | the owner |
| re-route | unowned: the requester, the team's members, leads and on-call; owned: the owner and the team's leads |
| retry | the requester, the team's members and leads, admins, an operator (``rfh retry``) |
| approve or edit the public issue | the requester, the team's leads |

A team whose ``members`` list is empty is open: anyone in the workspace counts as a member. People in the team's
rotation count as members. ``Action`` is meant to grow (queues, reports): add a member and its rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

OPERATOR = "operator"
"""The actor recorded for `rfh retry` and other commands run by whoever operates the bot (with database access)."""


class Action(StrEnum):
    CLAIM = "claim"
    HAND_OVER = "hand_over"
    RESOLVE = "resolve"
    REOPEN = "reopen"
    RELEASE = "release"
    CONFIRM = "confirm"
    DECLINE = "decline"
    SNOOZE = "snooze"
    REROUTE = "reroute"
    RETRY = "retry"
    APPROVE_PUBLIC = "approve_public"


@dataclass(frozen=True)
class Actor:
    """Who is acting, as far as this request and its team are concerned (``standing`` works it out)."""

    user_id: str
    is_requester: bool = False
    is_team_member: bool = False
    is_lead: bool = False
    is_bot: bool = False
    is_oncall: bool = False
    is_admin: bool = False
    is_operator: bool = False


@dataclass(frozen=True)
class TeamRoster:
    name: str
    members: frozenset[str] = frozenset()
    """Empty: the team is open, anyone counts as a member."""
    leads: frozenset[str] = frozenset()
    oncall: frozenset[str] = frozenset()
    """The people in the team's rotation."""


@dataclass(frozen=True)
class RequestFacts:
    request_id: int
    requester_id: str
    owner_id: str | None = None
    informal: bool = False


@dataclass(frozen=True)
class Allowed:
    ok: Literal[True] = True
    reason: str = ""


@dataclass(frozen=True)
class Refused:
    reason: str
    ok: Literal[False] = False


Verdict = Allowed | Refused


def standing(user: str, request: RequestFacts, team: TeamRoster, *,
             admins: frozenset[str] = frozenset()) -> Actor:
    """The user's standing on this request: requester, member (open team, listed, lead or in the rotation), lead,
    on-call, admin; ``OPERATOR`` is the operator."""
    if user == OPERATOR:
        return Actor(user, is_operator=True)
    member = not team.members or user in team.members or user in team.leads or user in team.oncall
    return Actor(user, is_requester=user == request.requester_id, is_team_member=member, is_lead=user in team.leads,
                 is_oncall=user in team.oncall, is_admin=user in admins)


def may(actor: Actor, action: Action, request: RequestFacts, team: TeamRoster) -> Verdict:
    """May ``actor`` do ``action`` to ``request`` of ``team``? A refusal's reason is fit for an ephemeral message."""
    return _RULES[Action(action)](actor, request, team)


def _owner_is(actor: Actor, request: RequestFacts) -> bool:
    return request.owner_id is not None and request.owner_id == actor.user_id


def _works_on(doing: str) -> Callable[[Actor, RequestFacts, TeamRoster], Verdict]:
    def rule(actor: Actor, request: RequestFacts, team: TeamRoster) -> Verdict:
        if _owner_is(actor, request) or actor.is_requester or actor.is_team_member or actor.is_lead:
            return Allowed()
        owner = f"the owner (<@{request.owner_id}>), " if request.owner_id else ""
        return Refused(f"Only {owner}the requester, members of {team.name} or its leads can {doing}.")

    return rule


def _anyone(actor: Actor, request: RequestFacts, team: TeamRoster) -> Verdict:
    return Allowed()


def _release(actor: Actor, request: RequestFacts, team: TeamRoster) -> Verdict:
    if _owner_is(actor, request) or actor.is_lead:
        return Allowed()
    return Refused(f"Only the owner (<@{request.owner_id}>) or the leads of {team.name} can release this back to the "
                   "queue.")


def _informal_owner(actor: Actor, request: RequestFacts, team: TeamRoster) -> Verdict:
    if _owner_is(actor, request):
        return Allowed()
    return Refused(f"Only <@{request.owner_id}> can confirm or decline: the bot asked them because they took over "
                   "the conversation.")


def _snooze(actor: Actor, request: RequestFacts, team: TeamRoster) -> Verdict:
    if _owner_is(actor, request):
        return Allowed()
    owner = f"<@{request.owner_id}>" if request.owner_id else "its owner"
    return Refused(f"Only {owner} can snooze reminders about RFH-{request.request_id}.")


def _reroute(actor: Actor, request: RequestFacts, team: TeamRoster) -> Verdict:
    if request.owner_id and not request.informal:
        if _owner_is(actor, request) or actor.is_lead:
            return Allowed()
        return Refused(f"<@{request.owner_id}> owns RFH-{request.request_id}: only they or a lead of {team.name} can "
                       "re-route it. Ask them, or ask them to hand it over.")
    if actor.is_requester or actor.is_team_member or actor.is_lead or actor.is_oncall or _owner_is(actor, request):
        return Allowed()
    return Refused(f"Only the requester, members of {team.name}, its leads or its on-call can re-route "
                   f"RFH-{request.request_id}.")


def _retry(actor: Actor, request: RequestFacts, team: TeamRoster) -> Verdict:
    if actor.is_requester or actor.is_team_member or actor.is_lead or actor.is_admin or actor.is_operator:
        return Allowed()
    return Refused(f"Only the requester, members of {team.name}, its leads or an admin can retry "
                   f"RFH-{request.request_id}.")


def _approve_public(actor: Actor, request: RequestFacts, team: TeamRoster) -> Verdict:
    if actor.is_requester or actor.is_lead:
        return Allowed()
    return Refused(f"Only the requester (<@{request.requester_id}>) or a lead of {team.name} can approve the public "
                   f"issue of RFH-{request.request_id}.")


_RULES: dict[Action, Callable[[Actor, RequestFacts, TeamRoster], Verdict]] = {
    Action.CLAIM: _anyone,
    Action.HAND_OVER: _works_on("hand this over"),
    Action.RESOLVE: _works_on("resolve this"),
    Action.REOPEN: _works_on("reopen this"),
    Action.RELEASE: _release,
    Action.CONFIRM: _informal_owner,
    Action.DECLINE: _informal_owner,
    Action.SNOOZE: _snooze,
    Action.REROUTE: _reroute,
    Action.RETRY: _retry,
    Action.APPROVE_PUBLIC: _approve_public,
}
