"""Users and user groups; conversations.info, an unknown method and an override."""

from __future__ import annotations

from fakes.slack import FakeSlack
from tests.unit.fakes.clients import slack_client, slack_error


async def test_usergroups(fake_slack: FakeSlack) -> None:
    client = slack_client(fake_slack)
    assert (await client.usergroups_list())["usergroups"] == []
    group_id = fake_slack.add_usergroup("distribution-support", users=["U1", "U2"])
    listed = (await client.usergroups_list(include_users=True))["usergroups"]
    assert [(g["id"], g["handle"], g["users"]) for g in listed] == [(group_id, "distribution-support", ["U1", "U2"])]
    assert "users" not in (await client.usergroups_list())["usergroups"][0]
    assert (await client.usergroups_users_list(usergroup=group_id))["users"] == ["U1", "U2"]
    await client.usergroups_users_update(usergroup=group_id, users=["U3"])
    assert fake_slack.usergroup_users("distribution-support") == ["U3"]
    assert (await slack_error(client.usergroups_users_list(usergroup="S404"))).response["error"] == "no_such_subteam"
    fake_slack.fail("usergroups.users.update", error="upgrade_required")
    error = await slack_error(client.usergroups_users_update(usergroup=group_id, users=["U1"]))
    assert error.response["error"] == "upgrade_required" and fake_slack.usergroup_users(group_id) == ["U3"]


async def test_users_conversations_and_unknown_method(fake_slack: FakeSlack) -> None:
    client = slack_client(fake_slack)
    fake_slack.add_user("U111", name="ana", real_name="Ana Lyst", email="ana@example.com")
    assert (await client.users_info(user="U111"))["user"]["profile"]["email"] == "ana@example.com"
    assert (await client.users_lookupByEmail(email="ana@example.com"))["user"]["id"] == "U111"
    assert (await slack_error(client.users_info(user="U404"))).response["error"] == "user_not_found"
    channel = fake_slack.add_channel("rfh-admin", is_private=True)
    assert (await client.conversations_info(channel=channel))["channel"]["is_private"] is True
    assert (await slack_error(client.api_call("nope.nothing"))).response["error"] == "unknown_method"
    fake_slack.on("team.info", {"ok": True, "team": {"id": "T111"}})
    assert (await client.team_info())["team"]["id"] == "T111"
