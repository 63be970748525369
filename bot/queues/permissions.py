"""Lead-only actions, decided in one place (issue 12). Pure: who the actor is comes in, a verdict goes out.

The leads of a team (config ``leads``) alone may:

* reorder the team's RFH priorities list (handbook 002: the support lead keeps it, on full context);
* assign or reassign a request that is not theirs: hand over someone else's request, or give an unowned one to
  somebody other than themselves (an owner handing over their own request needs no lead; taking an unowned one for
  yourself is never blocked);
* re-route a request that someone else owns (its owner may still send their own request elsewhere);
* close a request as *won't fix*.

Everyone else gets a plain reason naming the leads, fit for an ephemeral message or a modal field error. Callers ask
``lead_only_action`` which rule applies (if any) and ``check`` whether the actor passes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class LeadOnly(StrEnum):
    REORDER = "reorder"
    ASSIGN = "assign"
    REROUTE_OWNED = "reroute_owned"
    WONT_FIX = "wont_fix"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""


ALLOWED = Verdict(True)

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


def check(action: LeadOnly | None, *, is_lead: bool, team: str, leads: Sequence[str] = ()) -> Verdict:
    """Whether someone may do an action that falls under ``action`` (None: not lead-only)."""
    if action is None or is_lead:
        return ALLOWED
    if not leads:
        return Verdict(False, f"Only a lead of {team} can {_WHAT[action]}, and {team} has no leads in the config "
                              "(`leads` of the team): ask an admin to name them.")
    names = ", ".join(f"<@{lead}>" for lead in leads)
    return Verdict(False, f"Only the leads of {team} ({names}) can {_WHAT[action]}. {_INSTEAD[action]}")
