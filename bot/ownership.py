"""Ownership of a request (seed 004): claim, hand over, informal take-over, resolve, reopen, re-route.

Each action checks who may do it, records an ownership event, updates the request and queues the durable steps
that tell everyone (post, requester's thread, DMs, GitHub) — the worker performs them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.config import RfhConfig
from bot.intake import StepKind
from bot.text import mrkdwn
from storage import repository as repo
from storage.models import Request

CLOSING = {"answered": "completed", "fixed": "completed", "moved_to_public": "completed", "wont_fix": "not_planned"}
RESOLUTION_LABELS = {"answered": "answered", "fixed": "fixed", "defect_filed": "defect filed",
                     "moved_to_public": "moved to a public issue", "wont_fix": "won't fix"}


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str


@dataclass(frozen=True)
class Roles:
    owner: bool
    requester: bool
    member: bool
    lead: bool


def roles(request: Request, config: RfhConfig, actor: str) -> Roles:
    team = config.teams[request.team_id]
    # A team that lists no members is open: anyone who can see its channel counts as a member.
    member = actor in team.members or actor in team.leads or not team.members
    return Roles(owner=actor == request.owner_id, requester=actor == request.requester_id, member=member,
                 lead=actor in team.leads)


class Ownership:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, clock: Clock):
        self.sessions, self.config, self.clock = sessions, config, clock

    async def take(self, request_id: int, actor: str) -> Outcome:
        async with self.sessions() as session, session.begin():
            request = await self._get(session, request_id)
            if request is None:
                return Outcome(False, "That request no longer exists.")
            if request.status == "resolved":
                return Outcome(False, "This request is resolved; reopen it first if it needs more work.")
            if request.owner_id == actor and not request.owner_informal:
                return Outcome(False, "You already own this request.")
            who = roles(request, self.config, actor)
            if request.owner_id and not request.owner_informal and not who.lead:
                return Outcome(False, f"<@{request.owner_id}> owns this; ask them to hand it over to you.")
            kind = "confirmed" if request.owner_informal and request.owner_id == actor else "claimed"
            round_ = await self._record(session, request, kind, actor, from_user=request.owner_id, to_user=actor)
            request.owner_id, request.owner_informal = actor, False
            await self._announce(session, request, f":raising_hand: <@{actor}> took ownership of RFH-{request.id} "
                                                   "and will see it through.", round_)
        return Outcome(True, f"You own RFH-{request_id} now: see it through to resolution or hand it over.")

    async def hand_over(self, request_id: int, actor: str, new_owner: str, note: str) -> Outcome:
        if not note.strip():
            return Outcome(False, "Add a note for the new owner.")
        async with self.sessions() as session, session.begin():
            request = await self._get(session, request_id)
            if request is None:
                return Outcome(False, "That request no longer exists.")
            refusal = self._may_change(request, actor, "hand this over")
            if refusal:
                return Outcome(False, refusal)
            if new_owner == request.owner_id:
                return Outcome(False, f"<@{new_owner}> already owns this request.")
            round_ = await self._record(session, request, "handed_over", actor, from_user=request.owner_id, to_user=new_owner,
                               note=note)
            request.owner_id, request.owner_informal = new_owner, False
            await self._announce(session, request, f":arrows_counterclockwise: <@{actor}> handed RFH-{request.id} "
                                                   f"over to <@{new_owner}>: {mrkdwn(note)}", round_)
            await repo.add_steps(session, request, [StepKind.NOTIFY], self.clock.now(), round_=round_ + 3,
                                 payload={"channel": new_owner, "text": (
                                     f"<@{actor}> handed you RFH-{request.id}, *{mrkdwn(request.customer)}*: "
                                     f"{mrkdwn(request.summary)} ({request.priority}).\nNote: {mrkdwn(note)}\n"
                                     f"Issue: {request.issue_url or 'none'}. It is yours to see through or hand over.")})
        return Outcome(True, f"Handed over to <@{new_owner}>.")

    async def resolve(self, request_id: int, actor: str, kind: str, note: str) -> Outcome:
        if kind not in RESOLUTION_LABELS:
            return Outcome(False, "Choose how it was resolved.")
        async with self.sessions() as session, session.begin():
            request = await self._get(session, request_id)
            if request is None:
                return Outcome(False, "That request no longer exists.")
            refusal = self._may_change(request, actor, "resolve this")
            if refusal:
                return Outcome(False, refusal)
            round_ = await self._record(session, request, "resolved", actor, note=note, resolution=kind)
            request.status, request.resolution, request.resolved_at = "resolved", kind, self.clock.now()
            comment = f"Resolved in Slack by the rfh bot ({RESOLUTION_LABELS[kind]})." + (f"\n\n{note}" if note else "")
            steps: list[StepKind] = [StepKind.ISSUE_COMMENT]
            if kind in CLOSING:
                steps.append(StepKind.CLOSE_ISSUE)
            await repo.add_steps(session, request, steps, self.clock.now(), round_=round_,
                                 payload={"body": comment, "reason": CLOSING.get(kind, "completed")})
            await self._announce(session, request, f":white_check_mark: <@{actor}> resolved RFH-{request.id} "
                                                   f"({RESOLUTION_LABELS[kind]}). <@{request.requester_id}>, please "
                                                   "close the loop with the customer.", round_)
        return Outcome(True, f"RFH-{request_id} is resolved.")

    async def reopen(self, request_id: int, actor: str) -> Outcome:
        async with self.sessions() as session, session.begin():
            request = await self._get(session, request_id)
            if request is None or request.status != "resolved":
                return Outcome(False, "Only a resolved request can be reopened.")
            who = roles(request, self.config, actor)
            if not (who.owner or who.requester or who.member or who.lead):
                return Outcome(False, "Only the owner, the requester, the team or its leads can reopen this.")
            round_ = await self._record(session, request, "reopened", actor)
            request.status, request.resolution, request.resolved_at = "open", None, None
            await repo.add_steps(session, request, [StepKind.REOPEN_ISSUE], self.clock.now(),
                                 round_=round_ + 3)
            await self._announce(session, request, f":leftwards_arrow_with_hook: <@{actor}> reopened RFH-{request.id}.", round_)
        return Outcome(True, f"RFH-{request_id} is open again.")

    async def thread_reply(self, channel: str, thread_ts: str, user: str) -> Outcome | None:
        """A reply in a request's thread: activity, and an informal take-over when nobody owns it (seed 004)."""
        async with self.sessions() as session, session.begin():
            request = await repo.find_request_by_thread(session, channel, thread_ts)
            if request is None:
                return None
            request.last_activity_at = self.clock.now()
            if request.owner_id or request.status != "open" or user == request.requester_id:
                return None
            round_ = await self._record(session, request, "informal", user, to_user=user)
            request.owner_id, request.owner_informal = user, True
            await self._announce(session, request, f":eyes: <@{user}> took over the conversation, so RFH-{request.id} "
                                                   "is theirs informally. Confirm or decline on the post.", round_)
        return Outcome(True, f"RFH-{request.id}")

    async def decline_informal(self, request_id: int, actor: str) -> Outcome:
        async with self.sessions() as session, session.begin():
            request = await self._get(session, request_id)
            if request is None or not request.owner_informal or request.owner_id != actor:
                return Outcome(False, "Only the informal owner can decline.")
            round_ = await self._record(session, request, "declined", actor, from_user=actor)
            request.owner_id, request.owner_informal = None, False
            await self._announce(session, request, f":wave: <@{actor}> is not taking RFH-{request.id}; it needs "
                                                   "an owner.", round_)
        return Outcome(True, "Declined: the request is unowned again.")

    async def resolve_from_github(self, request_id: int, actor: str, kind: str) -> Outcome:
        """The issue was closed on GitHub: the request is resolved; no need to touch the issue again."""
        async with self.sessions() as session, session.begin():
            request = await self._get(session, request_id)
            if request is None or request.status != "open":
                return Outcome(False, "not open")
            round_ = await self._record(session, request, "resolved", actor, resolution=kind)
            request.status, request.resolution, request.resolved_at = "resolved", kind, self.clock.now()
            await self._announce(session, request, f":white_check_mark: The GitHub issue was closed by "
                                                   f"{mrkdwn(actor.removeprefix('github:'))}, so RFH-{request.id} is "
                                                   f"resolved. <@{request.requester_id}>, please close the loop with "
                                                   "the customer.", round_)
        return Outcome(True, "resolved")

    async def reopen_from_github(self, request_id: int, actor: str) -> Outcome:
        async with self.sessions() as session, session.begin():
            request = await self._get(session, request_id)
            if request is None or request.status != "resolved":
                return Outcome(False, "not resolved")
            round_ = await self._record(session, request, "reopened", actor)
            request.status, request.resolution, request.resolved_at = "open", None, None
            await self._announce(session, request, f":leftwards_arrow_with_hook: The GitHub issue was reopened by "
                                                   f"{mrkdwn(actor.removeprefix('github:'))}.", round_)
        return Outcome(True, "reopened")

    def _may_change(self, request: Request, actor: str, what: str) -> str | None:
        if request.status == "resolved":
            return "This request is resolved; reopen it first."
        who = roles(request, self.config, actor)
        if who.owner or who.requester or who.member or who.lead:
            return None
        team = self.config.teams[request.team_id]
        owner = f"the owner (<@{request.owner_id}>), " if request.owner_id else ""
        return f"Only {owner}the requester, members of {team.name} or its leads can {what}."

    async def _get(self, session: AsyncSession, request_id: int) -> Request | None:
        return await session.get(Request, request_id, with_for_update=True)

    async def _record(self, session: AsyncSession, request: Request, kind: str, actor: str, **fields: str | None) -> int:
        """Store the event; its id keeps the dedupe keys of the steps this action queues distinct."""
        row = await repo.add_ownership_event(session, request, kind=kind, actor=actor, at=self.clock.now(), **fields)
        request.last_activity_at = self.clock.now()
        return row.id * 4

    async def _announce(self, session: AsyncSession, request: Request, text: str, round_: int) -> None:
        """Update the post and the requester's confirmation, and say what happened in the team thread."""
        now = self.clock.now()
        await repo.add_steps(session, request, [StepKind.REFRESH_POST, StepKind.REFRESH_CONFIRMATION], now,
                             round_=round_)
        if request.post_channel and request.post_ts:
            await repo.add_steps(session, request, [StepKind.NOTIFY], now, round_=round_ + 1,
                                 payload={"channel": request.post_channel, "thread_ts": request.post_ts, "text": text})
        if request.confirm_channel:
            await repo.add_steps(session, request, [StepKind.NOTIFY], now, round_=round_ + 2, payload={
                "channel": request.confirm_channel, "text": text,
                "thread_ts": request.origin_thread_ts if request.confirm_channel == request.origin_channel else None})

