"""Re-routing a request to another team ("not ours → send to …"): labels, a new post, and a recorded correction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.domain import form_from_details
from bot.core.text import mrkdwn
from bot.intake.service import StepKind
from bot.ownership.service import Ownership
from bot.queues.hooks import after_reroute
from bot.queues.permissions import check, lead_only_action
from storage import repository as repo
from storage.models import Request


class Rerouting:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig,
                 learn: Callable[[], Awaitable[int]], clock: Clock):
        self.sessions, self.config, self.learn, self.clock = sessions, config, learn, clock

    async def reroute(self, request_id: int, actor: str, new_team_id: str, note: str) -> str | None:
        """Move the request; returns a refusal reason, or None when done."""
        new_team = self.config.teams.get(new_team_id)
        if new_team is None:
            return "Choose one of the teams in the list."
        async with self.sessions() as session, session.begin():
            request = await session.get(Request, request_id, with_for_update=True)
            if request is None:
                return "That request no longer exists."
            if request.team_id == new_team_id:
                return f"It is already with {new_team.name}."
            if request.status != "open":
                return "This request is resolved; reopen it first."
            refusal = self._lead_only(request, actor)
            if refusal:
                return refusal
            old_team = self.config.teams[request.team_id]
            text = form_from_details(request.details).routing_text
            await repo.add_route_decision(session, request, at=self.clock.now(), text=text,
                                          suggested=request.suggested_team_id, chosen=new_team_id, source="reroute",
                                          actor=actor, note=note)
            round_ = await repo.count_route_decisions(session, request.id)
            moved = (f":twisted_rightwards_arrows: <@{actor}> re-routed RFH-{request.id} from {old_team.name} to "
                     f"{new_team.name}" + (f": {mrkdwn(note)}" if note else "."))
            steps: list[StepKind] = []
            if request.issue_number and new_team.label != old_team.label:
                labels = [lbl for lbl in _issue_labels(request, self.config) if lbl != old_team.label]
                steps.append(StepKind.SET_LABELS)
                payload: dict[str, object] = {"labels": [*labels, new_team.label] if new_team.label else labels}
            else:
                payload = {}
            if request.post_channel and request.post_ts:
                await repo.add_steps(session, request, [StepKind.NOTIFY], self.clock.now(), round_=round_,
                                     payload={"channel": request.post_channel, "thread_ts": request.post_ts,
                                              "text": moved})
                previous = list(request.details.get("previous_posts") or [])
                previous.append({"channel": request.post_channel, "ts": request.post_ts, "team": old_team.id})
                request.details = {**request.details, "previous_posts": previous}
            request.team_id, request.post_channel, request.post_ts = new_team_id, None, None
            await after_reroute(session, request, config=self.config, old_team=old_team.id, actor=actor,
                                at=self.clock.now(),
                                key=f"reroute{round_}")
            request.owner_id, request.owner_informal = None, False
            request.last_activity_at = self.clock.now()
            await repo.add_steps(session, request, [*steps, StepKind.POST_TEAM, StepKind.REFRESH_OLD_POSTS],
                                 self.clock.now(), round_=round_, payload=payload)
            if request.confirm_channel:
                await repo.add_steps(session, request, [StepKind.REFRESH_CONFIRMATION], self.clock.now(),
                                     round_=round_)
        await self.learn()  # the correction, from the decision just stored
        # The owner was cleared: record the release it implies now, which restarts the claim timers for the new team.
        await Ownership(sessions=self.sessions, config=self.config, clock=self.clock).reconcile(request_id)
        return None


    async def may(self, request_id: int, actor: str) -> tuple[str | None, str]:
        """(the refusal, or None; the request's current team) before the re-route modal opens."""
        async with self.sessions() as session:
            request = await session.get(Request, request_id)
        if request is None:
            return "That request no longer exists.", ""
        return self._lead_only(request, actor), request.team_id

    def _lead_only(self, request: Request, actor: str) -> str | None:
        """Re-routing a request someone else owns is for the team's leads (``bot.queues.permissions``)."""
        team = self.config.teams[request.team_id]
        action = lead_only_action(reroute=True, actor=actor, owner=request.owner_id)
        verdict = check(action, is_lead=actor in team.leads, team=team.name, leads=team.leads)
        return None if verdict.allowed else verdict.reason


def _issue_labels(request: Request, config: RfhConfig) -> list[str]:
    team = config.teams[request.team_id]
    return ["rfh", f"customer/{request.customer_slug}", *([team.label] if team.label else []), request.priority]
