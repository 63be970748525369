"""Routing with the built-in table and vocabulary: made-up requests, disambiguation, negative evidence, unsure."""

from __future__ import annotations

import pytest

from routing.router import Router
from routing.teams import Team, TeamKind, TeamTable
from routing.vocabulary import Vocabulary


@pytest.mark.parametrize(
    ("text", "team"),
    [
        ("Helm upgrade fails: the frontend StatefulSet has an immutable field", "distribution"),
        ("Our docker-compose deployment runs out of memory on a 16 GB VM", "distribution"),
        ("Grafana shows no data since Prometheus moved to another node", "distribution"),
        ("Repos from GitHub Enterprise stopped syncing after the token was rotated", "core-application"),
        ("SAML login fails with 'invalid audience' after the Okta change", "core-application"),
        ("Perforce depot takes longer to clone than the timeout allows", "core-application"),
        ("Users see repositories they should not see after permissions sync", "core-application"),
        ("Find references shows search-based results although an LSIF upload exists", "code-intelligence"),
        ("scip-java cannot index a Gradle project with Kotlin sources", "code-intelligence"),
        ("Auto-indexing jobs for Python repos stay queued", "code-intelligence"),
        ("Structural search times out on a very large monorepo", "search-core"),
        ("zoekt-webserver runs out of memory when searching all shards", "search-core"),
        ("Search context with 500 repositories cannot be selected", "search-product"),
        ("Code monitor does not fire for a commit message query", "search-product"),
        ("Code Insights line chart shows no series for a capture group query", "search-product"),
        ("Browser extension: the Sourcegraph button is missing on pull requests", "extensibility"),
        ("JetBrains plugin throws an exception in IntelliJ after the update", "extensibility"),
        ("VS Code extension cannot connect to our private instance", "extensibility"),
        ("Batch change stuck in processing after applying a new batch spec", "batch-changes"),
        ("src batch preview fails because a step's docker image is missing", "batch-changes"),
        ("Changesets on Bitbucket Cloud are not closed with the batch change", "batch-changes"),
    ],
    ids=lambda v: v[:40],
)
def test_engineering_teams(cold_router: Router, text: str, team: str) -> None:
    suggestion = cold_router.suggest(text)
    assert suggestion.candidates[0].team_id == team, suggestion.candidates[:3]


@pytest.mark.parametrize(
    ("text", "team"),
    [
        ("The customer's license key expires next week and the renewal is with procurement", "ce-sales"),
        ("Can we extend their trial license by two weeks?", "ce-sales"),
        ("Subscription renewal: the new contract raises seats to 500", "ce-sales"),
        ("The customer asks for DAU and MAU for the last quarter", "bizops"),
        ("How many active users did they have in March? They want usage statistics", "bizops"),
        ("Usage stats page shows zero weekly active users", "bizops"),
    ],
    ids=["license-expiry", "trial-extension", "renewal-seats", "dau-mau", "active-users", "usage-stats"],
)
def test_non_engineering_teams(cold_router: Router, text: str, team: str) -> None:
    suggestion = cold_router.suggest(text)
    assert suggestion.best is not None and suggestion.best.team_id == team


@pytest.mark.parametrize(
    ("text", "team", "other"),
    [
        ("GitHub repositories are not cloning since Monday", "core-application", "extensibility"),
        ("GitLab sync stopped: token expired?", "core-application", "extensibility"),
        ("Bitbucket Server clone fails with exit status 128", "core-application", "extensibility"),
        ("The browser extension shows nothing on GitHub", "extensibility", "core-application"),
        ("GitLab native integration does not show hovers", "extensibility", "core-application"),
        ("Phabricator: the browser extension button is gone", "extensibility", "core-application"),
    ],
    ids=["github+cloning", "gitlab+token", "bitbucket+clone", "github+browser-extension",
         "gitlab+native-integration", "phabricator+browser-extension"],
)
def test_code_hosts_are_disambiguated(cold_router: Router, text: str, team: str, other: str) -> None:
    ranked = cold_router.suggest(text).ranked_ids()
    assert ranked[0] == team
    assert ranked.index(other) > 0


@pytest.mark.parametrize(
    ("text", "team", "not_team"),
    [
        ("Executors for auto-indexing cannot pull the scip-go image", "code-intelligence", "batch-changes"),
        ("Executors cannot run the batch spec steps", "batch-changes", "code-intelligence"),
        ("src-cli upload of the LSIF index fails", "code-intelligence", "batch-changes"),
        ("The batch spec step uses a docker image that is not found", "batch-changes", "distribution"),
    ],
    ids=["executors+indexing", "executors+batch-spec", "src-cli+lsif", "batch-spec+docker"],
)
def test_shared_terms_follow_their_context(cold_router: Router, text: str, team: str, not_team: str) -> None:
    assert cold_router.suggest(text).candidates[0].team_id == team


@pytest.mark.parametrize(
    ("alert", "team"),
    [
        ("gitserver: disk_space_remaining", "core-application"),
        ("zoekt-indexserver: average_resolve_revision_duration", "search-core"),
        ("precise-code-intel-worker: codeintel_upload_errors", "code-intelligence"),
        ("container_memory_usage", "distribution"),
    ],
    ids=["gitserver", "zoekt", "code-intel", "shared-container-panel"],
)
def test_alerts_go_to_their_owner(cold_router: Router, alert: str, team: str) -> None:
    text = f"Monitoring: the {alert} alert keeps firing on our Grafana dashboard, what should we do?"
    suggestion = cold_router.suggest(text)
    assert suggestion.candidates[0].team_id == team
    assert any(alert in e for e in suggestion.candidates[0].evidence)


def test_plain_monitoring_questions_go_to_distribution(cold_router: Router) -> None:
    text = "Which Grafana dashboard shows monitoring of CPU usage, and how do we route alerts to PagerDuty?"
    assert cold_router.suggest(text).candidates[0].team_id == "distribution"


def test_evidence_names_what_matched(cold_router: Router) -> None:
    suggestion = cold_router.suggest("SSO login with SAML fails for new users")
    best = suggestion.best
    assert best is not None and best.team_id == "core-application"
    assert {"SAML", "SSO", "login"} <= set(best.evidence)  # as the requester spelled them


def test_disambiguation_rule_is_evidence(cold_router: Router) -> None:
    best = cold_router.suggest("GitHub repos are not cloning").best
    assert best is not None and "code host + cloning/sync" in best.evidence


def test_candidates_cover_all_teams_best_first_and_sum_to_one(cold_router: Router, table: TeamTable) -> None:
    suggestion = cold_router.suggest("Kubernetes pods restart after the upgrade")
    assert sorted(c.team_id for c in suggestion.candidates) == sorted(table.ids)
    scores = [c.score for c in suggestion.candidates]
    assert scores == sorted(scores, reverse=True)
    assert sum(scores) == pytest.approx(1.0)
    assert 0 < suggestion.confidence <= 1


def test_search_teams_share_one_destination_for_the_confidence(cold_router: Router) -> None:
    suggestion = cold_router.suggest("search results are missing matches for a regexp query")
    first, second = suggestion.candidates[:2]
    assert {first.team_id, second.team_id} == {"search-core", "search-product"}
    assert suggestion.confidence == pytest.approx(first.score + second.score)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "Hello, could someone take a look at this when you have time?", "It does not work."],
    ids=["empty", "blank", "no-evidence", "vague"],
)
def test_unsure_without_evidence(cold_router: Router, text: str) -> None:
    suggestion = cold_router.suggest(text)
    assert suggestion.unsure and suggestion.best is None
    assert len(suggestion.candidates) == 9


def test_unsure_below_is_configurable(table: TeamTable) -> None:
    text = "the docker image for the helm deploy"
    assert Router(table, unsure_below=0.2).suggest(text).best is not None
    assert Router(table, unsure_below=0.999).suggest(text).best is None


def test_unsure_when_teams_tie(cold_router: Router) -> None:
    suggestion = cold_router.suggest("prometheus, lsif and changesets")
    assert {c.team_id for c in suggestion.candidates[:3]} == {"distribution", "code-intelligence", "batch-changes"}
    assert suggestion.unsure and suggestion.best is None


@pytest.mark.parametrize(
    "mapping",
    [{"settings": {"unsure_below": 0.999}}, {"unsure_below": 0.999}],
    ids=["settings-table", "shorthand"],
)
def test_unsure_below_from_the_routing_config(table: TeamTable, mapping: dict[str, object]) -> None:
    router = Router(table, Vocabulary.from_mapping(mapping))
    assert router.unsure_below == 0.999
    assert Router(table, Vocabulary.from_mapping(mapping), unsure_below=0.1).unsure_below == 0.1


def test_negative_evidence_lowers_a_team(table: TeamTable) -> None:
    text = "the helm chart for our deployment"
    plain = Router(table).suggest(text)
    vocabulary = Vocabulary.from_mapping({"teams": {"distribution": {"terms": {"helm chart": -8.0}}}})
    negative = Router(table, vocabulary).suggest(text)
    score = {c.team_id: c.score for c in plain.candidates}["distribution"]
    assert {c.team_id: c.score for c in negative.candidates}["distribution"] < score
    assert "helm chart" not in {e for c in negative.candidates for e in c.evidence}


def test_negative_rule_outweighs_a_shared_term(cold_router: Router) -> None:
    """A license "extension" is not the browser extension."""
    suggestion = cold_router.suggest("Customer asks for an extension of their license")
    scores = {c.team_id: c.score for c in suggestion.candidates}
    assert suggestion.best is not None and suggestion.best.team_id == "ce-sales"
    assert scores["extensibility"] < 0.1


def test_config_vocabulary_overrides_and_extends(table: TeamTable) -> None:
    vocabulary = Vocabulary.from_mapping(
        {
            "aliases": {"sg-ops": "deploy sourcegraph"},
            "teams": {"bizops": {"decisive": ["quarterly business review"]}},
            "rules": [{"name": "qbr", "when": ["qbr"], "team": "bizops", "weight": 5.0, "label": "QBR"}],
        }
    )
    router = Router(table, vocabulary)
    best = router.suggest("numbers for the quarterly business review").best
    assert best is not None and best.team_id == "bizops"
    assert router.suggest("prepare the QBR").candidates[0].evidence == ("QBR",)
    assert router.suggest("sg-ops repo is outdated").candidates[0].team_id == "distribution"


def test_custom_team_table_routes_by_its_keywords() -> None:
    table = TeamTable(
        (
            Team("infra", "Infra", TeamKind.ENGINEERING, "#infra", "infra-help", keywords=("terraform", "vpc")),
            Team("money", "Billing", TeamKind.CE_SALES, "#billing", keywords=("invoice",)),
        )
    )
    router = Router(table)
    best = router.suggest("Our VPC peering broke").best
    assert best is not None and best.team_id == "infra"
    assert router.suggest("wrong invoice amount").candidates[0].team_id == "money"
