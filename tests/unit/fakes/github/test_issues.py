"""Issues through PyGithub: create, edit, close and reopen, comments, labels, pagination, validation."""

from __future__ import annotations

import pytest
import requests
from github import GithubException

from fakes.github import FakeGitHub
from tests.unit.fakes.clients import GH_TOKEN, github


def test_github_repo_issue_labels_and_comments(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("sourcegraph/customer")
    g = github(fake_github)
    repo = g.get_repo("sourcegraph/customer")
    assert repo.full_name == "sourcegraph/customer" and repo.private and repo.url.startswith(fake_github.url)

    issue = repo.create_issue(title="Customer X: deploy fails", body="details\n<!-- rfh-id: rfh1 -->",
                              labels=["rfh", "ce/p1"])
    assert issue.number == 1 and issue.html_url == f"{fake_github.url}/sourcegraph/customer/issues/1"
    assert [label.name for label in issue.labels] == ["rfh", "ce/p1"]
    assert {(label["name"], label["color"]) for label in fake_github.labels("sourcegraph/customer")} == {
        ("rfh", "ededed"), ("ce/p1", "ededed")}
    post = fake_github.calls_matching("POST", r"/issues$")[0]
    assert post.json == {"title": "Customer X: deploy fails", "body": "details\n<!-- rfh-id: rfh1 -->",
                         "labels": ["rfh", "ce/p1"]}
    assert post.headers["Authorization"] == f"token {GH_TOKEN}" and post.status == 201

    issue.edit(state="closed", state_reason="not_planned")
    assert issue.state == "closed" and issue.state_reason == "not_planned" and issue.closed_at is not None
    again = repo.get_issue(1)
    again.edit(state="open")
    assert again.state == "open" and again.state_reason == "reopened" and again.closed_at is None

    comment = again.create_comment("Taken by @ana in Slack")
    assert comment.html_url.endswith(f"#issuecomment-{comment.id}")
    assert [c["body"] for c in fake_github.comments("sourcegraph/customer", 1)] == ["Taken by @ana in Slack"]
    assert again.get_comments().totalCount == 1 and repo.get_issue(1).comments == 1

    again.set_labels("rfh", "ce/p0")
    again.remove_from_labels("ce/p0")
    again.add_to_labels("team/distribution")
    assert [lab["name"] for lab in fake_github.issue("sourcegraph/customer", 1)["labels"]] == ["rfh",
                                                                                               "team/distribution"]
    repo.create_label("ce/p3", "c5def5", "lowest")
    with pytest.raises(GithubException) as info:
        repo.create_label("ce/p3", "c5def5")
    assert info.value.status == 422 and info.value.data["errors"][0]["code"] == "already_exists"  # type: ignore[index]

    user = g.get_user()
    assert user.login == "rfh-bot"
    core = g.get_rate_limit().resources.core
    assert core.limit == 5000 and 0 < core.remaining < 5000
    headers = fake_github.calls[-1].headers
    assert "Authorization" in headers


def test_github_pagination_across_pages(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("o/r")
    for n in range(1, 36):
        fake_github.add_issue("o/r", f"issue {n}", state="closed" if n % 5 == 0 else "open")
    repo = github(fake_github).get_repo("o/r")
    numbers = [i.number for i in repo.get_issues(state="all", sort="created", direction="desc")]
    assert numbers == list(range(35, 0, -1))
    pages = fake_github.calls_matching("GET", r"/repos/o/r/issues$")
    assert [c.query.get("page") for c in pages] == [None, "2"]
    assert len([i for i in repo.get_issues(state="open")]) == 28
    assert repo.get_issues(state="closed").totalCount == 7
    first_page = requests.get(f"{fake_github.url}/repos/o/r/issues?state=all&per_page=10",
                              headers={"Authorization": f"Bearer {GH_TOKEN}"}, timeout=5)
    assert f'<{fake_github.url}/repos/o/r/issues?state=all&per_page=10&page=2>; rel="next"' in \
        first_page.headers["Link"]
    assert 'page=4>; rel="last"' in first_page.headers["Link"]
    assert int(first_page.headers["x-ratelimit-remaining"]) < 5000 and first_page.headers["x-ratelimit-reset"]


def test_github_validation_errors(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("o/r")
    repo = github(fake_github).get_repo("o/r")
    with pytest.raises(GithubException) as too_long:
        repo.create_issue(title="t", body="x" * 65_537)
    assert too_long.value.status == 422
    assert too_long.value.data["errors"] == [{  # type: ignore[index]
        "resource": "Issue", "field": "body", "code": "custom",
        "message": "body is too long (maximum is 65536 characters)"}]
    repo.create_issue(title="t" * 256, body="x" * 65_536)
    with pytest.raises(GithubException) as long_title:
        repo.create_issue(title="t" * 257)
    assert long_title.value.status == 422
    with pytest.raises(GithubException) as empty:
        repo.create_issue(title="")
    assert empty.value.data["errors"][0]["code"] == "missing_field"  # type: ignore[index]
    assert len(fake_github.issues("o/r")) == 1
