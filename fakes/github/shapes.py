"""The JSON GitHub answers with: users, repositories, labels, issues and comments, every URL on the fake's origin."""

from __future__ import annotations

import time
from urllib.parse import quote

from fakes.github.model import JSONDict, Repo, iso, stable_id
from fakes.github.store import Store

NO_REACTIONS = {"total_count": 0, "+1": 0, "-1": 0, "laugh": 0, "hooray": 0, "confused": 0, "heart": 0, "rocket": 0,
                "eyes": 0}


def user_json(store: Store, login: str) -> JSONDict:
    origin = store.origin()
    api = f"{origin}/users/{login}"
    return {
        "login": login, "id": stable_id(login), "node_id": f"U_kgDOFAKE{stable_id(login)}",
        "avatar_url": f"{origin}/avatars/{login}", "gravatar_id": "", "url": api,
        "html_url": f"{origin}/{login}", "followers_url": f"{api}/followers",
        "following_url": f"{api}/following{{/other_user}}", "gists_url": f"{api}/gists{{/gist_id}}",
        "starred_url": f"{api}/starred{{/owner}}{{/repo}}", "subscriptions_url": f"{api}/subscriptions",
        "organizations_url": f"{api}/orgs", "repos_url": f"{api}/repos", "events_url": f"{api}/events{{/privacy}}",
        "received_events_url": f"{api}/received_events", "type": "Bot" if login.endswith("[bot]") else "User",
        "user_view_type": "public", "site_admin": False,
    }


def repo_json(store: Store, r: Repo) -> JSONDict:
    origin = store.origin()
    api = f"{origin}/repos/{r.full_name}"
    owner = user_json(store, r.owner)
    owner["type"] = "Organization"
    return {
        "id": r.id, "node_id": f"R_kgDOFAKE{r.id}", "name": r.name, "full_name": r.full_name,
        "private": r.private, "owner": owner, "html_url": f"{origin}/{r.full_name}", "description": None,
        "fork": False, "url": api, "issues_url": f"{api}/issues{{/number}}",
        "issue_comment_url": f"{api}/issues/comments{{/number}}", "labels_url": f"{api}/labels{{/name}}",
        "events_url": f"{api}/events", "comments_url": f"{api}/comments{{/number}}",
        "assignees_url": f"{api}/assignees{{/user}}", "hooks_url": f"{api}/hooks",
        "created_at": "2020-01-01T00:00:00Z", "updated_at": iso(time.time()), "pushed_at": iso(time.time()),
        "homepage": None, "size": 1, "stargazers_count": 0, "watchers_count": 0, "language": None,
        "has_issues": r.has_issues, "has_projects": False, "has_downloads": True, "has_wiki": False,
        "has_pages": False, "has_discussions": False, "forks_count": 0, "archived": False, "disabled": False,
        "open_issues_count": sum(1 for i in r.issues.values() if i["state"] == "open"), "license": None,
        "allow_forking": False, "is_template": False, "topics": [],
        "visibility": "private" if r.private else "public", "forks": 0, "open_issues": 0, "watchers": 0,
        "default_branch": "main",
        "permissions": {"admin": False, "maintain": False, "push": True, "triage": True, "pull": True},
    }


def label_json(store: Store, r: Repo, label: JSONDict) -> JSONDict:
    return {"id": label["id"], "node_id": label["node_id"],
            "url": f"{store.origin()}/repos/{r.full_name}/labels/{quote(label['name'], safe='')}",
            "name": label["name"], "color": label["color"], "default": label["default"],
            "description": label["description"]}


def issue_json(store: Store, r: Repo, issue: JSONDict) -> JSONDict:
    origin = store.origin()
    api = f"{origin}/repos/{r.full_name}"
    url = f"{api}/issues/{issue['number']}"
    assignees = [user_json(store, a) for a in issue["assignees"]]
    return {
        "url": url, "repository_url": api, "labels_url": f"{url}/labels{{/name}}",
        "comments_url": f"{url}/comments", "events_url": f"{url}/events",
        "html_url": f"{origin}/{r.full_name}/issues/{issue['number']}", "id": issue["id"],
        "node_id": issue["node_id"], "number": issue["number"], "title": issue["title"],
        "user": user_json(store, issue["user"]),
        "labels": [label_json(store, r, r.labels[n.lower()]) for n in issue["labels"]],
        "state": issue["state"], "locked": issue["locked"], "assignee": assignees[0] if assignees else None,
        "assignees": assignees, "milestone": None, "comments": store.comment_count(issue),
        "created_at": issue["created_at"], "updated_at": issue["updated_at"], "closed_at": issue["closed_at"],
        "author_association": "MEMBER", "type": None, "active_lock_reason": None,
        "sub_issues_summary": {"total": 0, "completed": 0, "percent_completed": 0},
        "body": issue["body"],
        "closed_by": user_json(store, issue["closed_by"]) if issue["closed_by"] else None,
        "reactions": {"url": f"{url}/reactions", **NO_REACTIONS},
        "timeline_url": f"{url}/timeline", "performed_via_github_app": None, "state_reason": issue["state_reason"],
    }


def comment_json(store: Store, r: Repo, comment: JSONDict) -> JSONDict:
    origin = store.origin()
    api = f"{origin}/repos/{r.full_name}"
    url = f"{api}/issues/comments/{comment['id']}"
    return {
        "url": url, "html_url": f"{origin}/{r.full_name}/issues/{comment['number']}#issuecomment-{comment['id']}",
        "issue_url": f"{api}/issues/{comment['number']}", "id": comment["id"],
        "node_id": f"IC_kwDOFAKE{comment['id']}", "user": user_json(store, comment["user"]),
        "created_at": comment["created_at"], "updated_at": comment["updated_at"], "author_association": "MEMBER",
        "body": comment["body"],
        "reactions": {"url": f"{url}/reactions", **NO_REACTIONS},
        "performed_via_github_app": None,
    }
