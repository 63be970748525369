"""Customer environment profiles: the type-ahead (options load), Environment pre-filled when the customer is chosen,
a changed Environment updating the profile with its history, the profile as a table in the issue, and names matched
regardless of case, accents and aliases."""

from __future__ import annotations

import pytest

from bot.blocks.ids import BlockId
from tests.scenario.conftest import PRIVATE_REPO
from tests.scenario.harness import BotUnderTest
from tests.scenario.intake_flows import act, blocks_text, open_intake, signed, submit_intake
from tests.signing import build_view_payload, interactive_body

PROFILE = {"deployment": "Kubernetes/Helm", "version": "5.1.0", "users": "3000", "repositories": "12000",
           "code_hosts": "GitHub Enterprise", "auth_provider": "SAML (Okta)", "cloud": "GCP",
           "environments": "dev, prod", "external_services": "Postgres (Cloud SQL)", "notes": "Air-gapped prod"}


@pytest.fixture
async def bot(fake_slack, fake_github, database_url, clock, monkeypatch):
    monkeypatch.setattr("bot.adapters.slack_chat.POST_SPACING_SECONDS", 0.0)
    fake_github.add_repo(PRIVATE_REPO, private=True)
    fake_slack.add_usergroup("distribution-support", "S0DIST", ["U0ONCALL"])
    bot = await BotUnderTest.start(slack_url=fake_slack.url, github_url=fake_github.url, database_url=database_url,
                                   clock=clock)
    assert bot.services.customers is not None
    await bot.services.customers.update("Initéch", PROFILE, actor="cli", source="import", aliases=["Initech Corp"])
    await bot.services.customers.update("Globex", {"deployment": "Docker Compose"}, actor="cli", source="import")
    yield bot
    await bot.stop()


def suggestion_body(view: dict, typed: str, user: str = "U0REQ") -> bytes:
    """A block_suggestion (Slack's options load for an external_select) for the customer field."""
    payload = {"type": "block_suggestion", "user": {"id": user, "username": "req", "name": "req", "team_id": "T0"},
               "team": {"id": "T0", "domain": "test"}, "api_app_id": "A111", "token": "legacy",
               "container": {"type": "view", "view_id": view["id"]}, "action_id": "value",
               "block_id": BlockId.CUSTOMER.value, "value": typed, "view": build_view_payload(view)}
    return interactive_body(payload)


def choose(name: str) -> dict:
    return {"value": {"type": "external_select",
                      "selected_option": {"text": {"type": "plain_text", "text": name}, "value": name}}}


async def test_the_customer_type_ahead_matches_case_accents_and_aliases(bot, fake_slack):
    view = await open_intake(bot, fake_slack)
    customer = next(b for b in view["blocks"] if b.get("block_id") == BlockId.CUSTOMER)
    assert customer["element"]["type"] == "external_select" and customer["dispatch_action"] is True
    for typed in ("INIT", "initech", "inité", "initech corp"):
        body = suggestion_body(view, typed)
        reply = await bot.slack(body, signed(body))
        assert reply.status == 200
        groups = reply.json()["option_groups"]
        assert groups[0]["options"][0]["value"] == "Initéch", (typed, groups)
    body = suggestion_body(view, "Umbrella")
    groups = (await bot.slack(body, signed(body))).json()["option_groups"]
    assert [g["label"]["text"] for g in groups] == ["New customer"]
    assert groups[0]["options"][0]["value"] == "Umbrella"


async def test_the_profile_prefills_environment_and_a_change_updates_it_with_history(bot, fake_slack, fake_github,
                                                                                      clock):
    view = await open_intake(bot, fake_slack)
    chosen = await act(bot, fake_slack, view, action_id="value", block_id=BlockId.CUSTOMER,
                       action_type="external_select", value="Initéch", values={BlockId.CUSTOMER: choose("Initéch")})
    env = next(b for b in chosen["blocks"] if str(b.get("block_id", "")).startswith("environment"))
    assert env["block_id"] != BlockId.ENVIRONMENT  # a new id: Slack shows the pre-filled value
    prefilled = env["element"]["initial_value"]
    assert "Deployment: Kubernetes/Helm" in prefilled and "Version: 5.1.0" in prefilled
    assert "Code hosts: GitHub Enterprise" in prefilled and "Notes: Air-gapped prod" in prefilled
    assert "Initéch* profile (v1)" in blocks_text(chosen)

    # Typing afterwards keeps the pre-filled block (same id) and the profile line.
    typed = await act(bot, fake_slack, chosen, action_id="value", block_id=BlockId.NEED,
                      action_type="plain_text_input",
                      values={BlockId.CUSTOMER: choose("Initéch"), BlockId.NEED: "Search is slow since the upgrade"})
    assert any(b.get("block_id") == env["block_id"] for b in typed["blocks"])
    assert "profile (v1)" in blocks_text(typed)

    edited = prefilled.replace("Version: 5.1.0", "Version: 5.2.1").replace("Users: 3000", "Users: 4500")
    answer = await submit_intake(bot, typed, {
        BlockId.CUSTOMER: "Initéch", BlockId.SUMMARY: "Search slow after upgrade",
        BlockId.NEED: "Search is slow since the upgrade", env["block_id"]: edited})
    assert answer["response_action"] == "update", answer
    await bot.deliver()

    [issue] = fake_github.issues(PRIVATE_REPO)
    assert issue["title"].startswith("[Initéch]")
    body = issue["body"]
    assert "#### Environment profile: Initéch (v2)" in body
    assert "| Version | 5.2.1 |" in body and "| Users | 4500 |" in body and "| Deployment | Kubernetes/Helm |" in body
    profile, history = await bot.services.customers.history("initech corp")
    assert profile.fields["version"] == "5.2.1" and profile.fields["users"] == "4500" and profile.version == 2
    assert history[-1].actor == "U0REQ" and history[-1].source == "RFH-1"
    assert history[-1].changes == {"version": {"from": "5.1.0", "to": "5.2.1"}, "users": {"from": "3000",
                                                                                       "to": "4500"}}
    assert history[-1].at == clock.now()


async def test_an_alias_or_another_spelling_files_under_the_profiles_name(bot, fake_slack, fake_github):
    view = await open_intake(bot, fake_slack)
    answer = await submit_intake(bot, view, {
        BlockId.CUSTOMER: "INITECH corp", BlockId.SUMMARY: "Login loops",
        BlockId.NEED: "SAML login loops back", BlockId.ENVIRONMENT: "Kubernetes on GKE, 5.1.0"})
    assert answer["response_action"] == "update"
    await bot.deliver()
    [issue] = fake_github.issues(PRIVATE_REPO)
    assert issue["title"] == "[Initéch] Login loops"
    assert "customer/initech" in {label["name"] for label in issue["labels"]}  # accents dropped in the slug
    _, history = await bot.services.customers.history("Initech")
    assert len(history) == 1  # nothing changed: Kubernetes/Helm, GCP and 5.1.0 are what the profile says


async def test_a_typed_environment_is_kept_and_the_profile_is_only_shown(bot, fake_slack):
    view = await open_intake(bot, fake_slack)
    chosen = await act(bot, fake_slack, view, action_id="value", block_id=BlockId.CUSTOMER,
                       action_type="external_select", value="Globex",
                       values={BlockId.CUSTOMER: choose("Globex"), BlockId.ENVIRONMENT: "single container 5.0"})
    assert not any(str(b.get("block_id", "")).startswith("environment_") for b in chosen["blocks"])
    assert "Environment keeps what you typed" in blocks_text(chosen)


async def test_a_new_customer_gets_a_profile_from_its_first_request(bot, fake_slack, fake_github):
    view = await open_intake(bot, fake_slack)
    await submit_intake(bot, view, {BlockId.CUSTOMER: "Umbrella", BlockId.SUMMARY: "Pods crash",
                                    BlockId.NEED: "Pods crash on startup",
                                    BlockId.ENVIRONMENT: "Docker Compose, version 5.0.3, GitLab, 800 users"})
    await bot.deliver()
    profile, history = await bot.services.customers.history("umbrella")
    assert profile.fields == {"deployment": "Docker Compose", "version": "5.0.3", "code_hosts": "GitLab",
                              "users": "800"}
    assert [h.source for h in history] == ["RFH-1"]
    [issue] = fake_github.issues(PRIVATE_REPO)
    assert "| Code hosts | GitLab |" in issue["body"] and issue["body"].count("Environment profile") == 1
