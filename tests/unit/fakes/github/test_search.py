"""Issue search: PyGithub's search_issues against the fake (qualifiers, the index's lag), and the query parser
alone."""

from __future__ import annotations

import pytest
from github import GithubException

from fakes.github import FakeGitHub
from fakes.github.search import matches, parse_query
from tests.unit.fakes.clients import github


def test_github_search(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("o/r")
    fake_github.add_issue("o/r", "Deploy fails on k8s", "Footer RFH: rfh7f3a9c1e")
    fake_github.add_issue("o/r", "Search is slow", "Nothing to see")
    g = github(fake_github)
    found = g.search_issues('"rfh7f3a9c1e"', repo="o/r", type="issue")
    assert found.totalCount == 1 and next(iter(found)).title == "Deploy fails on k8s"
    assert g.search_issues("deploy k8s", repo="o/r", type="issue").totalCount == 1
    assert g.search_issues("deploy slow", repo="o/r", type="issue").totalCount == 0
    assert g.search_issues("is:issue repo:o/r slow").totalCount == 1
    with pytest.raises(GithubException) as no_kind:
        list(g.search_issues("slow repo:o/r"))
    assert no_kind.value.status == 422
    assert "is:issue" in no_kind.value.data["errors"][0]["message"]  # type: ignore[index]
    with pytest.raises(GithubException):
        list(g.search_issues("slow is:issue repo:o/unknown"))


def test_the_query_parser_splits_terms_from_qualifiers() -> None:
    terms, quals = parse_query('is:issue repo:o/r "deploy fails" -slow NOT k8s label:"ce/p0" AND x')
    assert terms == [(False, ["deploy", "fails"]), (True, ["slow"]), (True, ["k8s"]), (False, ["x"])]
    assert quals == {"is": ["issue"], "repo": ["o/r"], "label": ["ce/p0"]}


def test_phrases_match_consecutive_words_in_any_text() -> None:
    terms, _ = parse_query('"deploy fails" -slow')
    assert matches(terms, ["Deploy fails on k8s", ""])
    assert not matches(terms, ["deploy, it fails"])
    assert not matches(terms, ["Deploy fails", "and is slow"])


def test_search_lag_labels_and_authors(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("o/r")
    fake_github.add_issue("o/r", "Deploy fails", labels=["ce/p0"], user="ana")
    fake_github.add_issue("o/r", "Deploy fails", labels=["ce/p1"], user="ben")
    g = github(fake_github)
    assert g.search_issues('deploy label:"ce/p0"', repo="o/r", type="issue").totalCount == 1
    assert g.search_issues("deploy author:ben", repo="o/r", type="issue").totalCount == 1
    fake_github.search_lag = 60.0  # GitHub's index has not caught up yet
    assert g.search_issues("deploy", repo="o/r", type="issue").totalCount == 0
