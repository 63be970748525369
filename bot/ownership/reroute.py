"""Re-routing a request to another team ("not ours → send to …"): labels, a new post, and a recorded correction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.blocks.ownership_notes import rerouted_line
from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.domain import RequestStatus, StepKind, form_from_details
from bot.intake.issue_body import issue_labels
from bot.ownership.service import Ownership
from bot.queues.hooks import after_reroute
from bot.security.access import check
from bot.security.permissions import Action
from routing.teams import Team
from storage import repository as repo
from storage.models import Request, RouteSource


class Rerouting:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig,
                 learn: Callable[[], Awaitable[int]], clock: Clock, ownership: Ownership):
        self.sessions, self.config, self.learn, self.clock = sessions, config, learn, clock
        self.ownership = ownership

    async def team_of(self, request_id: int) -> str:
        async with self.sessions() as session:
            request = await session.get(Request, request_id)
        return request.team_id if request else ""

    async def may(self, request_id: int, actor: str) -> str | None:
        """Why ``actor`` may not re-route the request (asked before the modal opens), or None when they may."""
        async with self.sessions() as session:
            request = await session.get(Request, request_id)
            if request is None:
                return "That request no longer exists."
            if request.status != RequestStatus.OPEN:
                return "This request is resolved; reopen it first."
            verdict = check(self.config, request, actor, Action.REROUTE)
        return None if verdict.ok else verdict.reason

    async def reroute(self, request_id: int, *, actor: str, new_team_id: str, note: str,
                      labelled_on_github: bool = False) -> str | None:
        """Move the request; returns a refusal reason, or None when done. Permission is checked again here: the
        request may have been claimed while the modal was open. ``labelled_on_github``: the new team's label is on
        the issue already (someone put it there), so only the old team's label comes off."""
        if self.config.teams.get(new_team_id) is None:
            return "Choose one of the teams in the list."
        async with self.sessions() as session, session.begin():
            await repo.lock_request(session, request_id)
            request = await session.get(Request, request_id, populate_existing=True)
            refusal = self._refusal(request, actor, new_team_id, labelled_on_github)
            if refusal or request is None:
                return refusal
            await self._move(session, request, actor=actor, new_team_id=new_team_id, note=note,
                             labelled_on_github=labelled_on_github)
        await self.learn()  # the correction, from the decision just stored
        # The owner was cleared: record the release it implies now, which restarts the claim timers for the new team.
        await self.ownership.reconcile(request_id)
        return None

    def _refusal(self, request: Request | None, actor: str, new_team_id: str, labelled_on_github: bool) -> str | None:
        if request is None:
            return "That request no longer exists."
        # A team label put on the private issue counts as the tracker's say: only people with triage rights on the
        # private repository can label it (README, Security and privacy).
        verdict = check(self.config, request, actor, Action.REROUTE)
        if not (verdict.ok or labelled_on_github):
            return verdict.reason
        if request.team_id == new_team_id:
            return f"It is already with {self.config.teams[new_team_id].name}."
        if request.status != RequestStatus.OPEN:
            return "This request is resolved; reopen it first."
        return None

    async def _move(self, session: AsyncSession, request: Request, *, actor: str, new_team_id: str, note: str,
                    labelled_on_github: bool) -> None:
        """Record the correction, tell the old thread, relabel the issue, and post in the new team's channel."""
        old_team, new_team, now = self.config.teams[request.team_id], self.config.teams[new_team_id], self.clock.now()
        await repo.add_route_decision(session, request, at=now, text=form_from_details(request.details).routing_text,
                                      suggested=request.suggested_team_id, chosen=new_team_id,
                                      source=RouteSource.REROUTE, actor=actor, note=note)
        round_ = await repo.count_route_decisions(session, request.id)
        steps, payload = self._label_steps(request, old_team, new_team, labelled_on_github)
        if request.post_channel and request.post_ts:
            moved = rerouted_line(actor, request.id, old_team.name, new_team.name, note)
            await repo.add_steps(session, request, [StepKind.NOTIFY], now, round_=round_, payload={
                "channel": request.post_channel, "thread_ts": request.post_ts, "text": moved})
            previous = list(request.details.get("previous_posts") or [])
            previous.append({"channel": request.post_channel, "ts": request.post_ts, "team": old_team.id})
            request.details = {**request.details, "previous_posts": previous}
        request.team_id, request.post_channel, request.post_ts = new_team_id, None, None
        await after_reroute(session, request, config=self.config, old_team=old_team.id, actor=actor, at=now,
                            key=f"reroute{round_}")
        request.owner_id, request.owner_informal, request.last_activity_at = None, False, now
        await repo.add_steps(session, request, [*steps, StepKind.POST_TEAM, StepKind.REFRESH_OLD_POSTS], now,
                             round_=round_, payload=payload)
        if request.confirm_channel:
            await repo.add_steps(session, request, [StepKind.REFRESH_CONFIRMATION], now, round_=round_)

    def _label_steps(self, request: Request, old_team: Team, new_team: Team,
                     labelled_on_github: bool) -> tuple[list[StepKind], dict[str, object]]:
        """The issue's team label follows the request (one step, with its payload), if there is an issue."""
        if request.issue_number and labelled_on_github and old_team.label:
            return [StepKind.REMOVE_LABEL], {"label": old_team.label}
        if request.issue_number and new_team.label != old_team.label:
            labels = [lbl for lbl in _issue_labels(request, self.config) if lbl != old_team.label]
            return [StepKind.SET_LABELS], {"labels": [*labels, new_team.label] if new_team.label else labels}
        return [], {}


def _issue_labels(request: Request, config: RfhConfig) -> list[str]:
    return issue_labels(customer_slug=request.customer_slug, team_label=config.teams[request.team_id].label,
                        priority=request.priority)
