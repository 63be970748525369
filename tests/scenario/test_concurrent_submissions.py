"""Many people pressing File request at once (issue 10): each is answered with its own request, Slack repeating a
submission gets the same one back, and each is filed exactly once, though they are stored together
(bot/intake/writer.py)."""

from __future__ import annotations

import asyncio
import json
import re

from sqlalchemy import func, select

from bot.blocks.ids import BlockId
from storage.models import PriorityItem, Request
from tests.scenario.intake_flows import open_intake, submit_intake

PEOPLE = [f"U0PERSON{n:02d}" for n in range(12)]


def rfh_id(answer: dict) -> str:
    assert answer["response_action"] == "update", answer
    found = set(re.findall(r"RFH-(\d+)", json.dumps(answer["view"])))
    assert len(found) == 1, found
    return found.pop()


async def test_submissions_at_once_are_each_answered_with_their_own_request_and_filed_once(bot, fake_slack,
                                                                                            fake_github):
    views = [await open_intake(bot, fake_slack, user=person) for person in PEOPLE]
    fields = [{BlockId.CUSTOMER: f"Customer {n}", BlockId.SUMMARY: f"Gitserver {n} is out of disk",
               BlockId.NEED: f"How to grow volume {n}"} for n in range(len(PEOPLE))]
    sends = [submit_intake(bot, view, answers, user=person)
             for view, answers, person in zip(views, fields, PEOPLE, strict=True)]
    repeats = [submit_intake(bot, views[n], fields[n], user=PEOPLE[n]) for n in (0, 5, 11)]  # as Slack retries
    answers = await asyncio.gather(*sends, *repeats)

    ids = [rfh_id(a) for a in answers]
    assert len(set(ids[:len(PEOPLE)])) == len(PEOPLE)
    assert ids[len(PEOPLE):] == [ids[0], ids[5], ids[11]]
    await bot.deliver()
    issues = fake_github.issues("sourcegraph/customer")
    assert sorted(i["title"] for i in issues) == sorted(f"[Customer {n}] Gitserver {n} is out of disk"
                                                       for n in range(len(PEOPLE)))
    posts = [c for c in fake_slack.calls_to("chat.postMessage") if c.args.get("channel") == "#distribution"]
    assert len(posts) == len(PEOPLE)
    async with bot.services.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Request)) == len(PEOPLE)
        assert await session.scalar(select(func.count()).select_from(PriorityItem)) == len(PEOPLE)
