"""Slack → GitHub, as durable steps: a reply in the team thread becomes a comment on the private issue (edited and
deleted with it), the owner becomes the issue's assignee, and labels the bot no longer wants come off.

Private by construction: a reply is written only to the request's issue in the configured *private* tracker, only
when GitHub says that repository is private, and never from a customer-facing channel. Comment bodies go through
``bot.core.text.github_markdown`` (in ``bot.bridge.rules.slack_to_markdown``), and carry the bot's hidden marker so
their webhooks are not mirrored back to Slack.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.bridge.people import PeopleMap
from bot.bridge.ports import BridgeChat, BridgePeople, BridgeTracker, Ref
from bot.bridge.privacy import CustomerFacing
from bot.bridge.rules import SharedFile, github_comment, marker, slack_to_markdown
from bot.core.config import RfhConfig
from storage import bridge_repo
from storage.models import BridgedItem, Request, Step

_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


class ToGitHub:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, chat: BridgeChat,
                 slack: BridgePeople, tracker: BridgeTracker, people: PeopleMap, customer_facing: CustomerFacing):
        self.sessions, self.config, self.chat, self.slack = sessions, config, chat, slack
        self.tracker, self.people, self.customer_facing = tracker, people, customer_facing

    async def mirror_reply(self, request: Request, step: Step) -> dict[str, Any]:
        async with self.sessions() as session:
            item = await bridge_repo.item_by_id(session, int(step.payload["item"]))
        if item is None or int(step.payload["version"]) < item.version:
            return {"skipped": "a newer version of the reply follows"}
        refusal = await self._refusal(request, item)
        if refusal:
            return {"skipped": refusal}
        repo_name, number = str(request.issue_repo), int(request.issue_number or 0)
        wanted = not (item.deleted or item.internal)
        if item.github_comment_id is None:
            if not wanted:
                return {"skipped": "deleted or internal before it reached GitHub"}
            found = await self.tracker.find_comment(repo_name, number, marker(item.source_key)) \
                if step.uncertain else None
            comment_id = found or await self.tracker.create_comment(repo_name, number, await self._body(item))
            await self._save(item, comment_id)
            return {"comment": comment_id, "recovered": found is not None}
        if wanted:
            there = await self.tracker.edit_comment(repo_name, number, item.github_comment_id, await self._body(item))
            return {"edited": item.github_comment_id, "there": there}
        await self.tracker.delete_comment(repo_name, number, item.github_comment_id)
        await self._save(item, None)
        return {"deleted": item.github_comment_id}

    async def sync_assignee(self, request: Request, step: Step) -> dict[str, Any]:
        """The issue's assignees follow the owner: the new owner's login in, the previous owner's out."""
        if not (request.issue_repo and request.issue_number):
            return {"skipped": "no issue"}
        add_user, remove_user = step.payload.get("add"), step.payload.get("remove")
        add = [login for login in [await self.people.login_for(add_user) if add_user else None] if login]
        remove = [login for login in [await self.people.login_for(remove_user) if remove_user else None]
                  if login and login not in add]
        if not (add or remove):
            return {"skipped": "no linked GitHub account"}
        await self.tracker.set_assignees(request.issue_repo, request.issue_number, add=add, remove=remove)
        return {"assigned": add, "unassigned": remove}

    async def remove_label(self, request: Request, step: Step) -> dict[str, Any]:
        if not (request.issue_repo and request.issue_number):
            return {"skipped": "no issue"}
        label = str(step.payload["label"])
        return {"removed": label if await self.tracker.remove_label(request.issue_repo, request.issue_number, label)
                else None}

    async def _refusal(self, request: Request, item: BridgedItem) -> str | None:
        """Why this reply must not reach GitHub, or None."""
        if not (request.issue_repo and request.issue_number):
            return "the request has no issue"
        if request.issue_repo.lower() != self.config.private_tracker.lower():
            return "the issue is not in the private tracker"
        if not await self.tracker.is_private(request.issue_repo):
            return f"{request.issue_repo} is not a private repository"
        if item.slack_channel and await self.customer_facing(item.slack_channel):
            return "the channel is customer-facing"
        return None

    async def _body(self, item: BridgedItem) -> str:
        names = {user: await self.slack.user_name(user) or "a Slack user" for user in _MENTION.findall(item.body)}
        author = await self.slack.user_name(item.author) or item.author
        link = await self.chat.permalink(Ref(str(item.slack_channel), str(item.slack_ts)))
        files = [SharedFile(f["name"], f["url"]) for f in item.files or []]
        return github_comment(author=author, permalink=link, text=slack_to_markdown(item.body, names), files=files,
                              key=item.source_key)

    async def _save(self, item: BridgedItem, comment_id: int | None) -> None:
        async with self.sessions() as session, session.begin():
            row = await bridge_repo.item_by_id(session, item.id)
            assert row is not None
            row.github_comment_id = comment_id
