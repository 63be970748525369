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
| reorder the priorities list | the team's leads |

Lead-only on top of that (issue 12), whoever else the table lets in: assigning or reassigning a request that is not
yours (handing over someone else's request, or giving an unowned one to somebody other than yourself), re-routing a
request someone else formally owns, and closing a request as *won't fix*.

A team whose ``members`` list is empty is open: anyone in the workspace counts as a member. People in the team's
rotation count as members. ``Action`` is meant to grow (queues, reports): add a member and its rule.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    REORDER = "reorder"


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


def may(actor: Actor, action: Action, request: RequestFacts, team: TeamRoster, *, target: str | None = None,
        resolution: str | None = None) -> Verdict:
    """May ``actor`` do ``action`` to ``request`` of ``team``? A refusal's reason is fit for an ephemeral message.
    ``target``: who a hand-over gives the request to; ``resolution``: how a resolve closes it."""
    action = Action(action)
    verdict = _RULES[action](actor, request, team)
    if not verdict.ok:
        return verdict
    rule = lead_only_action(reorder=action is Action.REORDER, actor=actor.user_id, owner=request.owner_id,
                            hand_over_to=target if action is Action.HAND_OVER else None,
                            resolution=resolution if action is Action.RESOLVE else None)
    return lead_check(rule, is_lead=actor.is_lead, team=team.name, leads=sorted(team.leads))


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
    Action.REORDER: _anyone,  # then lead-only, below
}


class LeadOnly(StrEnum):
    REORDER = "reorder"
    ASSIGN = "assign"
    REROUTE_OWNED = "reroute_owned"
    WONT_FIX = "wont_fix"


_WHAT = {
    LeadOnly.REORDER: "reorder its priorities list",
    LeadOnly.ASSIGN: "assign or reassign a request that is not theirs",
    LeadOnly.REROUTE_OWNED: "re-route a request that someone else owns",
    LeadOnly.WONT_FIX: "close a request as won't fix",
}
_INSTEAD = {
    LeadOnly.REORDER: "To ask for another place, start a thread with them in the team's channel.",
    LeadOnly.ASSIGN: "Take ownership yourself, or ask the owner to hand it over.",
    LeadOnly.REROUTE_OWNED: "Ask the owner to re-route or release it.",
    LeadOnly.WONT_FIX: "Choose another resolution, or ask a lead.",
}


def lead_only_action(*, reorder: bool = False, actor: str | None = None, owner: str | None = None,
                     hand_over_to: str | None = None, reroute: bool = False,
                     resolution: str | None = None) -> LeadOnly | None:
    """Which lead-only rule an action falls under, or None when it is open to more people.

    ``hand_over_to``: the action gives the request to that person; ``reroute``: it moves it to another team;
    ``resolution``: it resolves it that way; ``owner``: who owns it now (None = nobody).
    """
    if reorder:
        return LeadOnly.REORDER
    if hand_over_to is not None and owner != actor and (owner is not None or hand_over_to != actor):
        return LeadOnly.ASSIGN
    if reroute and owner is not None and owner != actor:
        return LeadOnly.REROUTE_OWNED
    if resolution == "wont_fix":
        return LeadOnly.WONT_FIX
    return None


def lead_check(rule: LeadOnly | None, *, is_lead: bool, team: str, leads: Sequence[str] = ()) -> Verdict:
    """Whether someone may do an action that falls under ``rule`` (None: not lead-only)."""
    if rule is None or is_lead:
        return Allowed()
    if not leads:
        return Refused(f"Only a lead of {team} can {_WHAT[rule]}, and {team} has no leads in the config "
                       "(`leads` of the team): ask an admin to name them.")
    names = ", ".join(f"<@{lead}>" for lead in leads)
    return Refused(f"Only the leads of {team} ({names}) can {_WHAT[rule]}. {_INSTEAD[rule]}")
