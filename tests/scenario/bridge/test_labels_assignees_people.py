"""Labels, assignees and the people map over signed webhooks and Slack clicks: a priority label moves the post's
priority, a team label re-routes (recorded with the GitHub actor), other labels get a line; assigning a mapped user
makes them the owner (refusals explained in the thread), taking ownership in Slack assigns the issue; logins are
mapped from the config, an e-mail match or `/rfh github LOGIN`."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.blocks.ids import ActionId
from storage.models import OwnershipEventRow, RouteDecision
from tests.scenario.bridge.flows import REPO, drain, github_comment, github_issue_event
from tests.scenario.ownership.flows import (
    ANA,
    BEN,
    click,
    file_request,
    rendered,
    request_row,
    signed,
    thread,
    wait_until,
)
from tests.signing import slash_command_body


def lines(fake_slack, request) -> list[str]:
    return [m["text"] for m in thread(fake_slack, request)]


async def test_a_priority_label_updates_the_post_and_replaces_the_old_label(bridge_bot, fake_slack, fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot, priority="ce/p2"))
    fake_github.label(REPO, request.issue_number, "ce/p0")
    reply = await github_issue_event(bridge_bot, fake_github, request.issue_number, "labeled", sender="ana-gh",
                                     label="ce/p0")
    assert reply.json()["outcome"] == "labeled"
    await drain(bridge_bot)
    row = await request_row(bridge_bot, request.id)
    assert (row.priority, row.priority_level) == ("ce/p0", 0)
    assert "ce/p0" in rendered(fake_slack.message(request.post_channel, request.post_ts))
    labels = {lbl["name"] for lbl in fake_github.issue(REPO, request.issue_number)["labels"]}
    assert "ce/p0" in labels and "ce/p2" not in labels
    assert any("changed the priority" in t and "ce/p2 → ce/p0" in t for t in lines(fake_slack, request))
    # the bot's own removal of ce/p2 comes back as a webhook: nothing more happens
    await github_issue_event(bridge_bot, fake_github, request.issue_number, "unlabeled", sender=fake_github.login,
                             label="ce/p2")
    await drain(bridge_bot)
    assert (await request_row(bridge_bot, request.id)).priority == "ce/p0"
    assert len([t for t in lines(fake_slack, request) if "label" in t or "priority" in t]) == 1


async def test_a_team_label_reroutes_with_the_github_actor_on_record(bridge_bot, fake_slack, fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    fake_github.label(REPO, request.issue_number, "team/core-application")
    await github_issue_event(bridge_bot, fake_github, request.issue_number, "labeled", sender="octo-eng",
                             label="team/core-application")
    await drain(bridge_bot)
    row = await request_row(bridge_bot, request.id)
    assert row.team_id == "core-application" and row.post_ts != request.post_ts
    labels = {lbl["name"] for lbl in fake_github.issue(REPO, request.issue_number)["labels"]}
    assert "team/core-application" in labels and "team/distribution" not in labels
    assert "customer/acme-corp" in labels  # only the old team's label came off
    async with bridge_bot.services.sessions() as session:
        decision = (await session.execute(select(RouteDecision).where(RouteDecision.source == "reroute"))).scalar_one()
    assert decision.actor == "github:octo-eng"
    assert any("octo-eng (on GitHub) re-routed" in t for t in lines(fake_slack, request))


async def test_other_labels_are_noted_in_one_thread_line(bridge_bot, fake_slack, fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    fake_github.label(REPO, request.issue_number, "needs-repro")
    await github_issue_event(bridge_bot, fake_github, request.issue_number, "labeled", sender="ana-gh",
                             label="needs-repro")
    await drain(bridge_bot)
    assert [t for t in lines(fake_slack, request) if "needs-repro" in t] == [
        f":label: ana-gh added the label `needs-repro` on the GitHub issue of RFH-{request.id}."]


async def test_assigning_a_mapped_user_makes_them_the_owner(bridge_bot, fake_slack, fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    fake_github.assign(REPO, request.issue_number, "ana-gh")
    await github_issue_event(bridge_bot, fake_github, request.issue_number, "assigned", sender="ben-gh",
                             assignee="ana-gh")
    await drain(bridge_bot)
    row = await request_row(bridge_bot, request.id)
    assert row.owner_id == ANA and not row.owner_informal
    async with bridge_bot.services.sessions() as session:
        event = (await session.execute(select(OwnershipEventRow))).scalars().all()[-1]
    assert (event.kind, event.actor, event.to_user) == ("claimed", BEN, ANA)  # Ben assigned Ana: his act
    assert any(f"<@{ANA}> owns RFH-{request.id} now" in t for t in lines(fake_slack, request))


async def test_a_refused_assignment_is_explained_in_the_thread(bridge_bot, fake_slack, fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    await click(bridge_bot, fake_slack, ActionId.TAKE_OWNERSHIP, request.id, ANA, channel=request.post_channel,
                ts=request.post_ts)
    fake_github.assign(REPO, request.issue_number, "ben-gh")
    await github_issue_event(bridge_bot, fake_github, request.issue_number, "assigned", sender="stranger-gh",
                             assignee="ben-gh")  # not linked, not a member: may not hand Ana's request over
    await drain(bridge_bot)
    assert (await request_row(bridge_bot, request.id)).owner_id == ANA
    refused = [t for t in lines(fake_slack, request) if "ownership in Slack did not change" in t]
    assert len(refused) == 1 and "stranger-gh" in refused[0]


async def test_assigning_an_unlinked_login_says_so(bridge_bot, fake_slack, fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    fake_github.assign(REPO, request.issue_number, "car-gh")
    await github_issue_event(bridge_bot, fake_github, request.issue_number, "assigned", sender="ana-gh",
                             assignee="car-gh")
    await drain(bridge_bot)
    assert (await request_row(bridge_bot, request.id)).owner_id is None
    assert any("/rfh github car-gh" in t for t in lines(fake_slack, request))


async def test_taking_ownership_in_slack_assigns_the_issue_and_the_echo_changes_nothing(bridge_bot, fake_slack,
                                                                                     fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    await click(bridge_bot, fake_slack, ActionId.TAKE_OWNERSHIP, request.id, ANA, channel=request.post_channel,
                ts=request.post_ts)
    await drain(bridge_bot)
    assert [a["login"] for a in fake_github.issue(REPO, request.issue_number)["assignees"]] == ["ana-gh"]
    before = len(lines(fake_slack, request))
    await github_issue_event(bridge_bot, fake_github, request.issue_number, "assigned", sender=fake_github.login,
                             assignee="ana-gh")
    await drain(bridge_bot)
    assert len(lines(fake_slack, request)) == before  # the bot's own assignment: no line, no event
    await click(bridge_bot, fake_slack, ActionId.RELEASE, request.id, ANA, channel=request.post_channel,
                ts=request.post_ts)
    await drain(bridge_bot)
    assert fake_github.issue(REPO, request.issue_number)["assignees"] == []


async def test_the_people_map_from_an_email_match_and_from_rfh_github(bridge_bot, fake_slack, fake_github):
    request = await request_row(bridge_bot, await file_request(bridge_bot))
    fake_github.add_user("car-gh", email="car@example.com")  # Car Diaz's Slack e-mail (see conftest)
    await github_comment(bridge_bot, fake_github, request.issue_number, "from Car", user="car-gh")
    await drain(bridge_bot)
    assert "*Car Diaz* commented" in thread(fake_slack, request)[-1]["text"]
    assert fake_slack.calls_to("users.lookupByEmail")[-1].args["email"] == "car@example.com"

    body = slash_command_body(command="/rfh", text="github lea-gh", user_id="U0LEAD", channel_id="C0SUP",
                              trigger_id=fake_slack.new_trigger_id())
    assert (await bridge_bot.slack(body, signed(body))).status == 200

    async def answered() -> bool:
        return any("Linked" in e["text"] for e in fake_slack.ephemerals(user="U0LEAD"))

    assert await wait_until(answered)
    assert "takes your word for it" in json.dumps(fake_slack.ephemerals(user="U0LEAD"))
    await github_comment(bridge_bot, fake_github, request.issue_number, "from Lea", user="lea-gh")
    await drain(bridge_bot)
    assert "*Lea Lead* commented" in thread(fake_slack, request)[-1]["text"]
