"""The pure security rules: the permission table, customer-facing conversations, the sanitiser, secrets, labels."""

from __future__ import annotations

import pytest

from bot.core.labels import customer_label, slugify
from bot.security.conversations import customer_facing
from bot.security.permissions import OPERATOR, Action, RequestFacts, TeamRoster, may, standing
from bot.security.sanitise import private_facts, sanitise
from bot.security.secrets import scan
from bot.security.workspace import Workspace

TEAM = TeamRoster("Distribution", members=frozenset({"UMEM"}), leads=frozenset({"ULEAD"}),
                  oncall=frozenset({"UONCALL"}))
UNOWNED = RequestFacts(7, "UREQ")
OWNED = RequestFacts(7, "UREQ", owner_id="UOWN")


def allowed(user: str, action: Action, request: RequestFacts = UNOWNED, team: TeamRoster = TEAM) -> bool:
    return may(standing(user, request, team, admins=frozenset({"UADMIN"})), action, request, team).ok


@pytest.mark.parametrize(("action", "request_", "who"), [
    (Action.REROUTE, UNOWNED, {"UREQ", "UMEM", "ULEAD", "UONCALL"}),
    (Action.REROUTE, OWNED, {"UOWN", "ULEAD"}),
    (Action.RETRY, UNOWNED, {"UREQ", "UMEM", "ULEAD", "UONCALL", "UADMIN", OPERATOR}),
    (Action.APPROVE_PUBLIC, UNOWNED, {"UREQ", "ULEAD"}),
    (Action.RELEASE, OWNED, {"UOWN", "ULEAD"}),
    (Action.HAND_OVER, OWNED, {"UOWN", "UREQ", "UMEM", "ULEAD", "UONCALL"}),
    (Action.SNOOZE, OWNED, {"UOWN"}),
])
def test_who_may_do_what(action, request_, who):
    people = {"UREQ", "UMEM", "ULEAD", "UONCALL", "UADMIN", "UOWN", "USTRANGER", OPERATOR}
    assert {p for p in people if allowed(p, action, request_)} == who


def test_an_open_team_counts_everyone_as_a_member_and_refusals_say_why():
    open_team = TeamRoster("Search")
    assert allowed("USTRANGER", Action.REROUTE, UNOWNED, open_team)
    verdict = may(standing("USTRANGER", OWNED, open_team), Action.REROUTE, OWNED, open_team)
    assert not verdict.ok and "<@UOWN> owns RFH-7" in verdict.reason


@pytest.mark.parametrize(("info", "facing"), [
    (None, True), ({"name": "general"}, False), ({"name": "acme", "is_ext_shared": True}, True),
    ({"name": "acme", "is_shared": True}, True), ({"name": "ext-acme"}, True), ({"name": "EXT-Acme"}, True),
])
def test_customer_facing_conversations(info, facing):
    assert customer_facing(info, ["ext-*"]) is facing


def test_the_sanitiser_removes_what_identifies_the_customer():
    facts = private_facts(customer="Acme Corp", aliases=["ACME Industries"], domains=["acme.com"],
                          public_links=["https://docs.sourcegraph.com/"])
    text = ("ACME-Industries (Acme Corp's team, bob@acme.com) sees https://sg.acme.com/x on git.acme.com and "
            "10.0.0.7; docs: https://docs.sourcegraph.com/admin; values.yaml; key AKIAIOSFODNN7EXAMPLE")
    out = sanitise(text, facts)
    assert out == ("[customer] ([customer] team, [email removed]) sees [link removed] on [customer host] and "
                   "[host removed]; docs: https://docs.sourcegraph.com/admin; values.yaml; key [redacted: AWS key]")


def test_secrets_are_found_by_line_and_commit_hashes_are_not():
    found = scan("ok\ncommit e3b0c44298fc1c149afbf4c8996fb92427ae41e4\npassword: hunter2-s3cret\n"
                 "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----")
    assert [(f.line, f.kind) for f in found.findings] == [(3, "a password or secret"), (4, "a private key")]
    assert "hunter2" not in found.redacted and "b3BlbnNzaC1rZXk" not in found.redacted


@pytest.mark.parametrize("name", ["A" * 80, "Яндекс", "株式会社メルカリ", "Café Müller", "x" * 41 + "y"])
def test_customer_labels_fit_and_stay_distinct(name):
    label = customer_label(slugify(name))
    assert len(label) <= 50 and label != "customer/unknown"
    assert customer_label(slugify(name + " Holding")) != label


def test_only_the_installed_workspace_is_admitted():
    single = Workspace("T1")
    assert single.admits("T1", None) and not single.admits("T2", None) and not single.admits(None, None)
    assert not Workspace("T1", "E1").admits("T1", "E2")
    org = Workspace("T1", "E1", org_wide=True)
    assert org.admits("T9", "E1") and not org.admits("T1", "E2")
