"""views.*: trigger ids used once and within 3 s, pushes up to three, hash conflicts, Block Kit refusals."""

from __future__ import annotations

from fakes.slack import FakeSlack
from tests.unit.fakes.clients import MODAL, slack_client, slack_error


async def test_views_open_trigger_ids(fake_slack: FakeSlack) -> None:
    client = slack_client(fake_slack)
    trigger = fake_slack.new_trigger_id()
    view = (await client.views_open(trigger_id=trigger, view=MODAL))["view"]
    assert view["id"].startswith("V") and view["hash"] and view["state"] == {"values": {}}
    assert view["callback_id"] == "rfh_form" and view["private_metadata"] == "meta"
    assert view["root_view_id"] == view["id"]
    assert view["blocks"] == MODAL["blocks"]

    assert (await slack_error(client.views_open(trigger_id=trigger, view=MODAL))).response["error"] == \
        "exchanged_trigger_id"
    expired = fake_slack.new_trigger_id(age=3.5)
    assert (await slack_error(client.views_open(trigger_id=expired, view=MODAL))).response["error"] == \
        "expired_trigger_id"
    assert (await slack_error(client.views_open(trigger_id="111.222.xxx", view=MODAL))).response["error"] == \
        "invalid_trigger_id"
    missing = await slack_error(client.api_call("views.open", json={"trigger_id": fake_slack.new_trigger_id()}))
    assert missing.response["error"] == "invalid_arguments"
    assert "view" in missing.response["response_metadata"]["messages"][0]
    assert [v["id"] for v in fake_slack.open_views()] == [view["id"]]


async def test_views_update_push_and_validation(fake_slack: FakeSlack) -> None:
    client = slack_client(fake_slack)
    opened = (await client.views_open(trigger_id=fake_slack.new_trigger_id(),
                                      view={**MODAL, "external_id": "rfh-1"}))["view"]
    updated = (await client.views_update(view_id=opened["id"], hash=opened["hash"], view=MODAL))["view"]
    assert updated["id"] == opened["id"] and updated["hash"] != opened["hash"]
    stale = await slack_error(client.views_update(view_id=opened["id"], hash=opened["hash"], view=MODAL))
    assert stale.response["error"] == "hash_conflict"
    by_external = await client.views_update(external_id="rfh-1", view={**MODAL, "private_metadata": "v3"})
    assert by_external["view"]["id"] == opened["id"] and fake_slack.view(opened["id"])["private_metadata"] == "v3"

    pushed = (await client.views_push(trigger_id=fake_slack.new_trigger_id(view_id=opened["id"]), view=MODAL))["view"]
    assert pushed["root_view_id"] == opened["id"] and pushed["previous_view_id"] == opened["id"]
    await client.views_push(trigger_id=fake_slack.new_trigger_id(view_id=pushed["id"]), view=MODAL)
    too_many = await slack_error(client.views_push(trigger_id=fake_slack.new_trigger_id(view_id=pushed["id"]),
                                                   view=MODAL))
    assert too_many.response["error"] == "push_limit_reached"

    fake_slack.close_view(opened["id"])
    assert (await slack_error(client.views_update(view_id=opened["id"], view=MODAL))).response["error"] == "not_found"

    long_title = {**MODAL, "title": {"type": "plain_text", "text": "x" * 25}}
    bad = await slack_error(client.views_open(trigger_id=fake_slack.new_trigger_id(), view=long_title))
    assert bad.response["error"] == "invalid_arguments"
    assert bad.response["response_metadata"]["messages"] == [
        "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"]
    no_submit = {k: v for k, v in MODAL.items() if k != "submit"}
    bad = await slack_error(client.views_open(trigger_id=fake_slack.new_trigger_id(), view=no_submit))
    assert "submit" in bad.response["response_metadata"]["messages"][0]

    home = (await client.views_publish(user_id="U111", view={"type": "home", "blocks": []}))["view"]
    conflict = await slack_error(client.views_publish(user_id="U111", view={"type": "home", "blocks": []},
                                                      hash="stale"))
    assert conflict.response["error"] == "hash_conflict"
    assert fake_slack.home_view("U111")["id"] == home["id"]  # type: ignore[index]


async def test_the_trigger_rules_can_change_on_a_running_fake(fake_slack: FakeSlack) -> None:
    client = slack_client(fake_slack)
    fake_slack.trigger_ttl = 60.0  # as `rfh demo` and the load bench run it
    assert (await client.views_open(trigger_id=fake_slack.new_trigger_id(age=5), view=MODAL))["ok"]
    fake_slack.strict_triggers = False
    assert (await client.views_open(trigger_id="made.up", view=MODAL))["ok"]
    fake_slack.strict_triggers = True
    assert (await slack_error(client.views_open(trigger_id="made.up", view=MODAL))).response["error"] == \
        "invalid_trigger_id"
