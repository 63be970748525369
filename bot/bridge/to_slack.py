"""GitHub → Slack, as durable steps: a comment mirrored in the team post's thread (posted once, then updated on edits
and marked on deletion), and the issue's changes (closed, reopened, labels, assignees) applied to the request.

Each step decides against the request as it is when it runs, and the steps of one request run in order, so the
bot's own label and assignee changes coming back as webhooks find nothing to do.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.blocks import bridge as copy
from bot.bridge.markdown import cut, github_to_mrkdwn
from bot.bridge.people import PeopleMap
from bot.bridge.ports import BridgeChat, BridgePeople, Ref
from bot.bridge.rules import SLACK_EVENT_TYPE, label_effect
from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.domain import StepKind
from bot.core.errors import TemporaryDeliveryError
from bot.core.text import mrkdwn
from bot.ownership.reroute import Rerouting
from bot.ownership.rules import OwnershipAction
from bot.ownership.service import Outcome, Ownership
from storage import bridge_repo
from storage import repository as repo
from storage.models import BridgedItem, Request, Step, TimelineKind


class ToSlack:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, clock: Clock,
                 chat: BridgeChat, slack: BridgePeople, people: PeopleMap, rerouting: Rerouting,
                 ownership: Ownership):
        self.sessions, self.config, self.clock = sessions, config, clock
        self.chat, self.slack, self.people, self.rerouting = chat, slack, people, rerouting
        self.ownership = ownership

    # -- comments --------------------------------------------------------------------------------------------------

    async def mirror_comment(self, request: Request, step: Step) -> dict[str, Any]:
        async with self.sessions() as session:
            item = await bridge_repo.item_by_id(session, int(step.payload["item"]))
        if item is None or int(step.payload["version"]) < item.version:
            return {"skipped": "a newer version of the comment follows"}
        if item.slack_ts and item.slack_channel:
            text, blocks = await self._render(item)
            there = await self.slack.update_if_there(Ref(item.slack_channel, item.slack_ts), text=text, blocks=blocks)
            return {"updated": there, "deleted": item.deleted}
        if item.deleted:
            return {"skipped": "deleted before it reached Slack"}
        if not (request.post_channel and request.post_ts):
            raise TemporaryDeliveryError(f"RFH-{request.id} is not posted yet", service="rfh")
        found = await self.chat.find_post(request.post_channel, SLACK_EVENT_TYPE, item.source_key,
                                          thread_ts=request.post_ts) if step.uncertain else None
        text, blocks = await self._render(item)
        ref = found or await self.chat.post(request.post_channel, text=text, blocks=blocks, thread_ts=request.post_ts,
                                            metadata={"event_type": SLACK_EVENT_TYPE,
                                                      "event_payload": {"key": item.source_key}})
        async with self.sessions() as session, session.begin():
            row = await bridge_repo.item_by_id(session, item.id)
            assert row is not None
            row.slack_channel, row.slack_ts = ref.channel, ref.ts
        return {"channel": ref.channel, "ts": ref.ts, "recovered": found is not None}

    async def _render(self, item: BridgedItem) -> tuple[str, list[dict[str, Any]]]:
        user = await self.people.user_for(item.author)
        name = await self.slack.user_name(user) if user else None
        author = mrkdwn(name) if name else mrkdwn(item.author)
        if item.deleted:
            return copy.deleted_message(author=author)
        text = cut(github_to_mrkdwn(item.body), self.config.bridge.comment_limit, link=item.url)
        return copy.comment_message(author=author, text=text, url=item.url, edited=item.version > 1)

    # -- the changes ---------------------------------------------------------------------------------------

    async def apply_change(self, request: Request, step: Step) -> dict[str, Any]:
        change, actor = step.payload, f"github:{step.payload['sender']}"
        action = change["action"]
        if action == "closed":
            kind = "wont_fix" if change.get("state_reason") == "not_planned" else "fixed"
            return {"resolved": (await self.ownership.resolve_from_github(request.id, actor=actor, kind=kind)).ok}
        if action == "reopened":
            return {"reopened": (await self.ownership.reopen_from_github(request.id, actor)).ok}
        if action in ("labeled", "unlabeled") and change.get("label"):
            return await self._label(request, step, str(change["label"]), added=action == "labeled")
        if action in ("assigned", "unassigned") and change.get("assignee"):
            return await self._assignment(request, step, str(change["assignee"]), assigned=action == "assigned")
        return {"skipped": "nothing to do"}

    async def _label(self, request: Request, step: Step, label: str, *, added: bool) -> dict[str, Any]:
        sender, rfh = str(step.payload["sender"]), f"RFH-{request.id}"
        teams = {t.label: t.id for t in self.config.teams.teams if t.label}
        effect = label_effect(label, added=added, priority=request.priority,
                              priority_labels=self.config.priority.labels, team_labels=teams, team_id=request.team_id)
        if effect.kind == "team" and effect.value:
            refusal = await self.rerouting.reroute(request.id, actor=f"github:{sender}", new_team_id=effect.value,
                                                   note=f"the label {label} was added on GitHub",
                                                   labelled_on_github=True)
            if refusal:
                await self._say(request, step, f"github:{sender}", TimelineKind.LABEL,
                                copy.label_line(login=sender, label=label, added=True, rfh=rfh)
                                + f" It was not re-routed: {mrkdwn(refusal)}",
                                f"added the label {label} on GitHub; not re-routed: {refusal}")
            return {"rerouted": effect.value if not refusal else None, "refusal": refusal}
        if effect.kind == "priority" and effect.value:
            return await self._priority(request, step, sender, effect.value)
        if effect.kind == "note":
            line = copy.label_line(login=sender, label=label, added=added, rfh=rfh) if added or label.lower() != \
                request.priority.lower() else copy.priority_kept_line(login=sender, label=label, rfh=rfh)
            what = "added" if added else "removed"
            await self._say(request, step, f"github:{sender}", TimelineKind.LABEL, line,
                            f"{what} the label {label} on GitHub")
        return {"label": effect.kind}

    async def _priority(self, request: Request, step: Step, sender: str, new: str) -> dict[str, Any]:
        labels = list(self.config.priority.labels)
        async with self.sessions() as session, session.begin():
            row = await session.get(Request, request.id, with_for_update=True, populate_existing=True)
            assert row is not None
            old = row.priority
            row.priority, row.priority_level = new, labels.index(new)
            key, now = f"chg{step.id}", self.clock.now()
            line = copy.priority_line(login=sender, old=old, new=new, rfh=f"RFH-{row.id}")
            await bridge_repo.add_timeline(session, row.id, at=now, actor=f"github:{sender}",
                                           kind=TimelineKind.PRIORITY,
                                           text=f"changed the priority on GitHub: {old} → {new}")
            await repo.add_steps(session, row, [StepKind.REFRESH_POST, StepKind.REFRESH_CONFIRMATION], now,
                                 round_=key)
            await repo.add_steps(session, row, [StepKind.REMOVE_LABEL], now, round_=key, payload={"label": old})
            await self._thread_step(session, row, f"{key}.line", line)
        return {"priority": new, "was": old}

    async def _assignment(self, request: Request, step: Step, login: str, *, assigned: bool) -> dict[str, Any]:
        sender, rfh = str(step.payload["sender"]), f"RFH-{request.id}"
        user = await self.people.user_for(login)
        by = await self.people.user_for(sender) or f"github:{sender}"
        if user is None:
            if assigned:
                await self._say(request, step, by, TimelineKind.ASSIGNEE,
                                copy.assignee_unmapped_line(login=sender, assignee=login, rfh=rfh),
                                f"assigned {login} on GitHub (no linked Slack account: ownership unchanged)")
            return {"skipped": f"{login} has no linked Slack account"}
        outcome = await self._ownership_for(request, user, by, login, assigned=assigned)
        if outcome is None:
            return {"skipped": "ownership already matches"}
        if not outcome.ok:
            did = "assigned" if assigned else "unassigned"
            await self._say(request, step, by, TimelineKind.ASSIGNEE, copy.assignment_refused_line(
                login=sender, assignee=login, rfh=rfh, reason=mrkdwn(outcome.message), assigned=assigned),
                f"{did} {login} on GitHub; ownership unchanged: {outcome.message}")
        return {"ownership": outcome.message} if outcome.ok else {"refused": outcome.message}

    async def _ownership_for(self, request: Request, user: str, by: str, login: str, *,
                             assigned: bool) -> Outcome | None:
        """None when the assignees already say what the owner is (the echo of a change made in Slack)."""
        async with self.sessions() as session:
            row = await session.get(Request, request.id, populate_existing=True)
        assert row is not None
        owner, informal = row.owner_id, row.owner_informal
        if not assigned:
            if owner != user:
                return None
            return await self.ownership.mirror_assignment(row.id, OwnershipAction.RELEASE, decider=by, recorded_as=by)
        if owner == user and not informal:
            return None
        if owner and not informal:
            return await self.ownership.mirror_assignment(row.id, OwnershipAction.HAND_OVER, decider=by, recorded_as=by,
                                                          target=user, note=f"assigned to {login} on GitHub")
        return await self.ownership.mirror_assignment(row.id, OwnershipAction.CLAIM, decider=user, recorded_as=by)

    async def _say(self, request: Request, step: Step, actor: str, kind: str, line: str, history: str) -> None:
        """One line in the team thread (mrkdwn), and the same in the request's history (plain text)."""
        async with self.sessions() as session, session.begin():
            if await bridge_repo.step_exists(session, request.id, StepKind.NOTIFY, f"chg{step.id}.line"):
                return  # said by an earlier attempt of this step
            await bridge_repo.add_timeline(session, request.id, at=self.clock.now(), actor=actor, kind=kind,
                                           text=history)
            row = await session.get(Request, request.id)
            assert row is not None
            await self._thread_step(session, row, f"chg{step.id}.line", line)

    async def _thread_step(self, session: AsyncSession, request: Request, key: str, text: str) -> None:
        if request.post_channel and request.post_ts:
            await repo.add_steps(session, request, [StepKind.NOTIFY], self.clock.now(), round_=key,
                                 payload={"channel": request.post_channel, "thread_ts": request.post_ts, "text": text})

