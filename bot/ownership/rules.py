"""Ownership rules (seed 004): who owns a request, derived from its ownership events, and who may do what next.

"Once someone takes ownership of a ticket (whether formally, or informally by taking over the conversation), it is
their responsibility to see it through": to resolution, or to a named new owner. This module decides; the caller
stores the events it returns and tells people. No I/O; ``at`` is always passed in.

Choices made here (documented so the messages can explain them):

* Anyone in the workspace may claim an unowned request: taking responsibility should never be blocked.
* Someone else's formal ownership moves only by a hand-over, except that a lead may claim it. An unconfirmed informal
  owner is only the bot's guess from a thread reply, so an explicit claim by anyone replaces it.
* Someone who declined an informal take-over is not made informal owner again by their later replies.
* Resolving needs a resolution kind and a note (it goes on the GitHub issue). Reopening keeps the previous owner,
  who decides with the requester whether to keep it (seed 004: new question in an old thread).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from bot.core.domain import RequestStatus, ResolutionKind
from bot.core.ownership_events import OwnershipEvent, OwnershipEventKind
from bot.security.permissions import Action, Actor, RequestFacts, TeamRoster, may

__all__ = ["Actor", "OwnershipEvent", "OwnershipEventKind"]  # standing: the permission rules; events: core


@dataclass(frozen=True)
class OwnershipState:
    owner: str | None = None
    informal: bool = False
    status: RequestStatus = RequestStatus.OPEN
    resolved_by: str | None = None
    resolved_at: datetime | None = None
    resolution: ResolutionKind | None = None
    last_activity_at: datetime | None = None
    declined: frozenset[str] = frozenset()
    history: tuple[OwnershipEvent, ...] = field(default=())

    @property
    def is_resolved(self) -> bool:
        return self.status is RequestStatus.RESOLVED


def derive_state(events: Iterable[OwnershipEvent]) -> OwnershipState:
    """Replay events in the order they happened (storage order) into the current state."""
    state = OwnershipState()
    for event in events:
        state = apply(state, event)
    return state


def apply(state: OwnershipState, event: OwnershipEvent) -> OwnershipState:
    """The state after one event. Events were checked by ``decide`` when recorded, so this does not re-check."""
    base = replace(state, history=(*state.history, event), last_activity_at=_later(state.last_activity_at, event.at))
    kind = event.kind
    if kind in (OwnershipEventKind.CLAIMED, OwnershipEventKind.HANDED_OVER):
        return replace(base, owner=event.to_user, informal=False)
    if kind is OwnershipEventKind.INFORMAL:
        return replace(base, owner=event.to_user, informal=True)
    if kind is OwnershipEventKind.CONFIRMED:
        return replace(base, informal=False)
    if kind is OwnershipEventKind.DECLINED:
        return replace(base, owner=None, informal=False, declined=state.declined | {event.actor})
    if kind is OwnershipEventKind.RELEASED:
        return replace(base, owner=None, informal=False)
    if kind is OwnershipEventKind.RESOLVED:
        return replace(base, status=RequestStatus.RESOLVED, resolved_by=event.actor, resolved_at=event.at,
                       resolution=event.resolution)
    # REOPENED: the owner stays (see the module docstring).
    return replace(base, status=RequestStatus.OPEN, resolved_by=None, resolved_at=None, resolution=None)


def _later(a: datetime | None, b: datetime) -> datetime:
    return b if a is None or b > a else a


class OwnershipAction(StrEnum):
    CLAIM = "claim"
    HAND_OVER = "hand_over"
    INFORMAL = "informal"
    CONFIRM = "confirm"
    DECLINE = "decline"
    RELEASE = "release"
    RESOLVE = "resolve"
    REOPEN = "reopen"


@dataclass(frozen=True)
class Decision:
    """Allowed with the events to record, or refused with a reason fit for an ephemeral message."""

    allowed: bool
    events: tuple[OwnershipEvent, ...] = ()
    reason: str = ""

    @classmethod
    def allow(cls, *events: OwnershipEvent) -> Decision:
        return cls(True, events)

    @classmethod
    def refuse(cls, reason: str) -> Decision:
        return cls(False, (), reason)


def decide(action: OwnershipAction | str, state: OwnershipState, actor: Actor, *, at: datetime,
           target: str | None = None, note: str | None = None, resolution: ResolutionKind | str | None = None,
           team: str = "the team", leads: Sequence[str] = ()) -> Decision:
    """May ``actor`` do ``action`` now? ``team`` is the team's display name and ``leads`` its leads, used in
    refusals (who may do what, lead-only actions included, is decided by ``bot.security.permissions``)."""
    ctx = _Ctx(state, actor, at, target, (note or "").strip() or None, team, tuple(leads))
    action = OwnershipAction(action)
    if action is OwnershipAction.RESOLVE:
        return _resolve(ctx, resolution)
    return _RULES[action](ctx)


@dataclass(frozen=True)
class _Ctx:
    state: OwnershipState
    actor: Actor
    at: datetime
    target: str | None
    note: str | None
    team: str
    leads: tuple[str, ...] = ()

    @property
    def me(self) -> str:
        return self.actor.user_id

    @property
    def is_owner(self) -> bool:
        return self.state.owner == self.me

    def event(self, kind: OwnershipEventKind, to_user: str | None,
              resolution: ResolutionKind | None = None) -> OwnershipEvent:
        return OwnershipEvent(kind, self.me, self.at, self.state.owner, to_user, self.note, resolution)

    def resolved_refusal(self, *, reopen_hint: bool = True) -> str:
        when = _slack_date(self.state.resolved_at) if self.state.resolved_at else "earlier"
        hint = "; reopen it first" if reopen_hint else ""
        return f"It was resolved by <@{self.state.resolved_by}> on {when}{hint}."

    def refusal(self, action: Action, *, target: str | None = None, resolution: str | None = None) -> str | None:
        """Why the actor may not do ``action`` (``bot.security.permissions``, lead-only actions included), or None
        when they may."""
        facts = RequestFacts(0, "", self.state.owner, self.state.informal)
        roster = TeamRoster(self.team, leads=frozenset(self.leads))
        verdict = may(self.actor, action, facts, roster, target=target, resolution=resolution)
        return None if verdict.ok else verdict.reason


_Rule = Callable[[_Ctx], Decision]


def _slack_date(at: datetime) -> str:
    """Slack renders this in each reader's own time zone; the fallback text is the UTC date."""
    return f"<!date^{int(at.timestamp())}^{{date_short}}|{at.date().isoformat()}>"


def _claim(ctx: _Ctx) -> Decision:
    state = ctx.state
    if state.is_resolved:
        return Decision.refuse(ctx.resolved_refusal())
    if ctx.is_owner and not state.informal:
        return Decision.refuse("You already own this.")
    if ctx.is_owner:  # the informal owner claiming is confirming
        return Decision.allow(ctx.event(OwnershipEventKind.CONFIRMED, to_user=ctx.me))
    if state.owner and not state.informal and not ctx.actor.is_lead:
        return Decision.refuse(f"<@{state.owner}> already owns this; ask them to hand it over.")
    return Decision.allow(ctx.event(OwnershipEventKind.CLAIMED, to_user=ctx.me))


def _hand_over(ctx: _Ctx) -> Decision:
    if ctx.state.is_resolved:
        return Decision.refuse(ctx.resolved_refusal())
    if refusal := ctx.refusal(Action.HAND_OVER, target=ctx.target or ""):
        return Decision.refuse(refusal)
    if not ctx.target:
        return Decision.refuse("Choose who to hand this over to.")
    if ctx.target == ctx.state.owner:
        return Decision.refuse(f"<@{ctx.target}> already owns this; choose someone else.")
    if not ctx.note:
        return Decision.refuse(f"Add a note for <@{ctx.target}>: what has been done and what is next.")
    return Decision.allow(ctx.event(OwnershipEventKind.HANDED_OVER, to_user=ctx.target))


def _informal(ctx: _Ctx) -> Decision:
    state, actor = ctx.state, ctx.actor
    if state.is_resolved:
        return Decision.refuse("It is resolved; a reply does not make anyone its owner.")
    if state.owner:
        return Decision.refuse(f"<@{state.owner}> already owns this.")
    if actor.is_requester or actor.is_bot:
        return Decision.refuse("The requester's and the bot's own replies do not take ownership.")
    if ctx.me in state.declined:
        return Decision.refuse("You declined ownership of this earlier, so replying does not make it yours.")
    return Decision.allow(ctx.event(OwnershipEventKind.INFORMAL, to_user=ctx.me))


def _confirm_or_decline(kind: OwnershipEventKind) -> _Rule:
    def rule(ctx: _Ctx) -> Decision:
        state = ctx.state
        if state.is_resolved:
            return Decision.refuse(ctx.resolved_refusal())
        if not (state.owner and state.informal):
            return Decision.refuse("There is no informal take-over to confirm or decline.")
        if refusal := ctx.refusal(Action.CONFIRM):
            return Decision.refuse(refusal)
        return Decision.allow(ctx.event(kind, to_user=ctx.me if kind is OwnershipEventKind.CONFIRMED else None))

    return rule


def _release(ctx: _Ctx) -> Decision:
    state = ctx.state
    if state.is_resolved:
        return Decision.refuse(ctx.resolved_refusal())
    if not state.owner:
        return Decision.refuse("Nobody owns this, so there is nothing to release.")
    if refusal := ctx.refusal(Action.RELEASE):
        return Decision.refuse(refusal)
    return Decision.allow(ctx.event(OwnershipEventKind.RELEASED, to_user=None))


def _resolve(ctx: _Ctx, resolution: ResolutionKind | str | None) -> Decision:
    state = ctx.state
    if state.is_resolved:
        return Decision.refuse(ctx.resolved_refusal(reopen_hint=False))
    if refusal := ctx.refusal(Action.RESOLVE):
        return Decision.refuse(refusal)
    kinds = {k.value: k for k in ResolutionKind}
    if resolution is None or resolution not in kinds:
        return Decision.refuse("Choose how it was resolved: " + ", ".join(k.label.lower() for k in ResolutionKind)
                               + ".")
    if refusal := ctx.refusal(Action.RESOLVE, resolution=str(resolution)):  # won't fix is for leads
        return Decision.refuse(refusal)
    if not ctx.note:
        return Decision.refuse("Add a short note on the answer or the fix; it goes on the GitHub issue.")
    kind = kinds[resolution]
    return Decision.allow(ctx.event(OwnershipEventKind.RESOLVED, to_user=state.owner, resolution=kind))


def _reopen(ctx: _Ctx) -> Decision:
    if not ctx.state.is_resolved:
        return Decision.refuse("It is not resolved, so there is nothing to reopen.")
    if refusal := ctx.refusal(Action.REOPEN):
        return Decision.refuse(refusal)
    return Decision.allow(ctx.event(OwnershipEventKind.REOPENED, to_user=ctx.state.owner))


_RULES: dict[OwnershipAction, _Rule] = {
    OwnershipAction.CLAIM: _claim,
    OwnershipAction.HAND_OVER: _hand_over,
    OwnershipAction.INFORMAL: _informal,
    OwnershipAction.CONFIRM: _confirm_or_decline(OwnershipEventKind.CONFIRMED),
    OwnershipAction.DECLINE: _confirm_or_decline(OwnershipEventKind.DECLINED),
    OwnershipAction.RELEASE: _release,
    OwnershipAction.REOPEN: _reopen,
}
