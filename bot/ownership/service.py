"""Ownership of a request (seed 004): claim, hand over, informal take-over, confirm/decline, release, resolve, reopen.

The ``ownership_events`` table is the record; the current owner is ``bot.ownership.rules.derive_state`` of it, and
``bot.ownership.rules.decide`` says who may do what. Each action locks the request, replays its events, asks
``decide``, stores the events it allows, refreshes the ``requests`` row (a cache of the derived state), queues the
durable steps that tell everyone (post, requester's thread, DMs, GitHub) and the SLA jobs of the new round
(``bot.sla.timers``). Refusals come back as an Outcome whose message is fit for an ephemeral reply.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.blocks import ownership_notes as notes
from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.domain import RequestStatus, ResolutionKind
from bot.ownership.effects import EventEffects
from bot.ownership.rules import (
    Actor,
    OwnershipAction,
    OwnershipEvent,
    OwnershipEventKind,
    OwnershipState,
    apply,
    decide,
    derive_state,
)
from bot.queues.hooks import after_ownership_event
from bot.security.access import check, facts_of, roster_for
from bot.security.permissions import Action, standing
from storage import repository as repo
from storage.models import OwnershipEventRow, Request, RouteDecision, RouteSource

K = OwnershipEventKind


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str


def actor_for(request: Request, config: RfhConfig, user: str) -> Actor:
    """The user's standing on this request (``bot.security.permissions.standing``)."""
    return standing(user, facts_of(request), roster_for(config, request.team_id),
                    admins=frozenset(config.security.admins))


def event_of(row: OwnershipEventRow) -> OwnershipEvent:
    return OwnershipEvent(K(row.kind), row.actor, row.at, row.from_user, row.to_user, row.note,
                          ResolutionKind(row.resolution) if row.resolution else None)


async def current_round(session: AsyncSession, request_id: int) -> int:
    """The request's ownership round: the id of its latest ownership event (0 before any). A job scheduled in an
    older round finds ownership has moved since and does nothing."""
    query = select(func.max(OwnershipEventRow.id)).where(OwnershipEventRow.request_id == request_id)
    return int(await session.scalar(query) or 0)


class SlaTimers(Protocol):
    """What ownership needs of the SLA timers (``bot.sla.timers.Timers``): a new round's jobs, and snoozes."""

    async def after_event(self, session: AsyncSession, request: Request, *, round_: int, at: datetime) -> None: ...

    def snooze_end(self, request: Request, now: datetime) -> datetime: ...


class Ownership:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, clock: Clock,
                 timers: SlaTimers):
        self.sessions, self.config, self.clock, self.timers = sessions, config, clock, timers

    # -- actions from Slack ------------------------------------------------------------------------------------------

    async def take(self, request_id: int, actor: str) -> Outcome:
        return await self._act(request_id, OwnershipAction.CLAIM, actor)

    async def hand_over(self, request_id: int, *, actor: str, new_owner: str, note: str) -> Outcome:
        return await self._act(request_id, OwnershipAction.HAND_OVER, actor, target=new_owner, note=note)

    async def release(self, request_id: int, actor: str) -> Outcome:
        return await self._act(request_id, OwnershipAction.RELEASE, actor)

    async def confirm_informal(self, request_id: int, actor: str) -> Outcome:
        return await self._act(request_id, OwnershipAction.CONFIRM, actor)

    async def decline_informal(self, request_id: int, actor: str) -> Outcome:
        return await self._act(request_id, OwnershipAction.DECLINE, actor)

    async def resolve(self, request_id: int, *, actor: str, kind: str, note: str) -> Outcome:
        return await self._act(request_id, OwnershipAction.RESOLVE, actor, note=note, resolution=kind or None)

    async def reopen(self, request_id: int, actor: str) -> Outcome:
        return await self._act(request_id, OwnershipAction.REOPEN, actor)

    async def may(self, request_id: int, *, action: OwnershipAction, actor: str) -> Outcome:
        """Whether ``actor`` may start ``action`` (before a modal asks for its details): only who they are and the
        request's state count, not the details they have yet to give."""
        async with self.sessions() as session:
            request = await session.get(Request, request_id)
            if request is None:
                return Outcome(False, notes.GONE)
            state = derive_state(event_of(row) for row in await repo.ownership_events(session, request.id))
        if state.owner and request.owner_id is None:  # re-routed: the release is recorded by the next action
            state = replace(state, owner=None, informal=False)
        placeholder = {"target": "(the new owner)", "note": "(the note)", "resolution": "answered"}
        decision = decide(action, state, actor_for(request, self.config, actor), at=self.clock.now(),
                          team=self.config.teams[request.team_id].name,
                          leads=self.config.teams[request.team_id].leads, **placeholder)
        return Outcome(decision.allowed, decision.reason)

    async def thread_reply(self, *, channel: str, thread_ts: str, user: str) -> Outcome | None:
        """A human reply in a request's thread: activity; and in the team post's thread, while nobody owns the
        request, an informal take-over by anyone but the requester (seed 004: taking over the conversation)."""
        async with self.sessions() as session, session.begin():
            found = await repo.find_request_by_thread(session, channel, thread_ts)
            request = await self._lock(session, found.id) if found else None
            if request is None:
                return None
            request.last_activity_at = self.clock.now()
            if (request.post_channel, request.post_ts) != (channel, thread_ts) or request.owner_id:
                return None
            state = await self._state(session, request)
            decision = decide(OwnershipAction.INFORMAL, state, actor_for(request, self.config, user),
                              at=self.clock.now(), team=self.config.teams[request.team_id].name)
            if not decision.allowed:
                return None
            await self._record_all(session, request, state, decision.events)
        return Outcome(True, notes.informally_owns(user, request.id))

    async def snooze(self, request_id: int, actor: str) -> Outcome:
        """The owner's "snooze 1 day" on a stale-ownership nudge: no nudge before the snooze ends."""
        async with self.sessions() as session, session.begin():
            request = await self._lock(session, request_id)
            if request is None or request.status != RequestStatus.OPEN:
                return Outcome(False, "That request is not open any more, so there is nothing to snooze.")
            verdict = check(self.config, request, actor, Action.SNOOZE)
            if not verdict.ok:
                return Outcome(False, verdict.reason)
            request.snoozed_until = self.timers.snooze_end(request, self.clock.now())
            until = request.snoozed_until
        return Outcome(True, notes.snoozed(request_id, until))

    async def reconcile(self, request_id: int) -> bool:
        """Bring the events in line with a row changed outside them (a re-route clears the owner); True if an
        event had to be recorded."""
        async with self.sessions() as session, session.begin():
            request = await self._lock(session, request_id)
            if request is None:
                return False
            before = await current_round(session, request_id)
            await self._state(session, request)
            return await current_round(session, request_id) != before

    # -- mirrored from GitHub ------------------------------------------------------------------------------------

    async def resolve_from_github(self, request_id: int, *, actor: str, kind: str,
                                  session: AsyncSession | None = None) -> Outcome:
        """The issue was closed on GitHub: the request is resolved; the issue is not touched again. ``session``: the
        webhook's transaction, which also marks the delivery seen, so a failure leaves the redelivery to handle."""
        return await self._mirror(request_id, actor, K.RESOLVED, ResolutionKind(kind), "closed on GitHub", session)

    async def reopen_from_github(self, request_id: int, actor: str, *, session: AsyncSession | None = None) -> Outcome:
        return await self._mirror(request_id, actor, K.REOPENED, None, None, session)

    async def mirror_assignment(self, request_id: int, action: OwnershipAction, *, decider: str, recorded_as: str,
                                target: str | None = None, note: str | None = None) -> Outcome:
        """An assignee change on GitHub, decided by the same rules as a click in Slack: ``decider`` is whose standing
        counts (the assignee claiming, or the person who assigned), ``recorded_as`` the real actor on record."""
        async with self.sessions() as session, session.begin():
            request = await self._lock(session, request_id)
            if request is None:
                return Outcome(False, notes.GONE)
            state = await self._state(session, request)
            decision = decide(action, state, actor_for(request, self.config, decider), at=self.clock.now(),
                              team=self.config.teams[request.team_id].name, target=target, note=note)
            if not decision.allowed:
                return Outcome(False, decision.reason)
            events = tuple(replace(e, actor=recorded_as) for e in decision.events)
            await self._record_all(session, request, state, events, from_github=True)
        return Outcome(True, events[-1].kind.value)

    # -- the machinery -----------------------------------------------------------------------------------------

    async def _act(self, request_id: int, action: OwnershipAction, actor: str, **kw: Any) -> Outcome:
        async with self.sessions() as session, session.begin():
            request = await self._lock(session, request_id)
            if request is None:
                return Outcome(False, notes.GONE)
            state = await self._state(session, request)
            decision = decide(action, state, actor_for(request, self.config, actor), at=self.clock.now(),
                              team=self.config.teams[request.team_id].name,
                              leads=self.config.teams[request.team_id].leads, **kw)
            if not decision.allowed:
                return Outcome(False, decision.reason)
            await self._record_all(session, request, state, decision.events)
        return Outcome(True, notes.done_message(decision.events[-1].kind, request_id, kw.get("target")))

    async def _mirror(self, request_id: int, actor: str, kind: OwnershipEventKind, resolution: ResolutionKind | None,
                      note: str | None, session: AsyncSession | None) -> Outcome:
        if session is None:
            async with self.sessions() as session, session.begin():
                return await self._mirror(request_id, actor, kind, resolution, note, session)
        request = await self._lock(session, request_id)
        if request is None:
            return Outcome(False, "gone")
        state = await self._state(session, request)
        if state.is_resolved == (kind is K.RESOLVED):
            return Outcome(False, "already resolved" if state.is_resolved else "not resolved")
        event = OwnershipEvent(kind, actor, self.clock.now(), state.owner, state.owner, note, resolution)
        await self._record_all(session, request, state, (event,), from_github=True)
        return Outcome(True, kind.value)

    async def _lock(self, session: AsyncSession, request_id: int) -> Request | None:
        """Take the request's row lock before reading its events, so two clicks at once are decided one after the
        other."""
        return await repo.lock_request(session, request_id)

    async def _state(self, session: AsyncSession, request: Request) -> OwnershipState:
        rows = await repo.ownership_events(session, request.id)
        state = derive_state(event_of(row) for row in rows)
        if state.owner and request.owner_id is None and not state.is_resolved:
            state = await self._release_after_reroute(session, request, state)
        return state

    async def _release_after_reroute(self, session: AsyncSession, request: Request,
                                     state: OwnershipState) -> OwnershipState:
        """A re-route (``bot.ownership.reroute``) clears the owner on the row without an event: record the release it
        implies, at the re-route's time, so the events stay the whole story."""
        query = select(RouteDecision.at, RouteDecision.actor).where(
            RouteDecision.request_id == request.id, RouteDecision.source == RouteSource.REROUTE,
        ).order_by(RouteDecision.id.desc())
        found = (await session.execute(query.limit(1))).first()
        at, by = (found[0], found[1]) if found else (self.clock.now(), None)
        # Whoever re-routed released it: the history names them, never the bot, for a person's action.
        event = OwnershipEvent(K.RELEASED, by or notes.BOT_ACTOR, at, state.owner, None, "re-routed to another team")
        row = await self._store(session, request, event)
        await self.timers.after_event(session, request, round_=row.id, at=self.clock.now())
        return apply(state, event)

    async def _record_all(self, session: AsyncSession, request: Request, state: OwnershipState,
                          events: tuple[OwnershipEvent, ...], *, from_github: bool = False) -> None:
        for event in events:
            row = await self._store(session, request, event)
            state = apply(state, event)
            self._cache(request, state)
            await EventEffects(session, request, event, f"own{row.id}", self.clock, from_github).queue()
            await after_ownership_event(session, request, config=self.config, kind=event.kind.value, actor=event.actor,
                                        at=event.at, key=f"own{row.id}")
            await self.timers.after_event(session, request, round_=row.id, at=event.at)

    async def _store(self, session: AsyncSession, request: Request, event: OwnershipEvent) -> OwnershipEventRow:
        return await repo.add_ownership_event(
            session, request, kind=event.kind.value, actor=event.actor, at=event.at, from_user=event.from_user,
            to_user=event.to_user, note=event.note, resolution=event.resolution.value if event.resolution else None)

    def _cache(self, request: Request, state: OwnershipState) -> None:
        """The ``requests`` row mirrors the derived state (the post, the digest and the reminders read it)."""
        if request.owner_id != state.owner:
            request.snoozed_until = None  # a snooze is the old owner's
        request.owner_id, request.owner_informal = state.owner, state.informal
        request.status = state.status.value
        request.resolution = state.resolution.value if state.resolution else None
        request.resolved_at = state.resolved_at
        if state.last_activity_at and (request.last_activity_at is None
                                       or state.last_activity_at > request.last_activity_at):
            request.last_activity_at = state.last_activity_at


def unowned_since(request: Request, events: list[OwnershipEventRow]) -> datetime:
    """When the request last became unowned (creation, a release, a decline, or a reopen without owner)."""
    last = next((row.at for row in reversed(events) if row.kind in (K.RELEASED, K.DECLINED, K.REOPENED)), None)
    return last or request.created_at
