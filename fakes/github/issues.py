"""The repository and its issues: get the repository; create, read, edit (state, labels, assignees) and list issues;
assignees. Each handler is ``(store, request) -> (status, body, headers)`` and raises ``GitHubError`` to refuse."""

from __future__ import annotations

import time

from fakes.github.model import (
    DOCS,
    MAX_BODY,
    MAX_TITLE,
    REPO,
    STATE_REASONS,
    Answer,
    Ctx,
    GitHubError,
    JSONDict,
    Repo,
    check_text,
    iso,
    json_object,
    label_names,
    validation,
)
from fakes.github.shapes import issue_json, repo_json
from fakes.github.store import Routes, Store

SORTS = ("created", "updated", "comments")


def get_repo(store: Store, ctx: Ctx) -> Answer:
    return 200, repo_json(store, store.repo_of(ctx)), {}


def _new_title(body: JSONDict) -> str:
    title = body.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        raise validation("Issue", "title", "missing_field")
    check_text("Issue", "title", str(title), MAX_TITLE)
    return str(title)


def create_issue(store: Store, ctx: Ctx) -> Answer:
    r = store.repo_of(ctx)
    if not r.has_issues:
        raise GitHubError(410, "Issues are disabled for this repo", docs=f"{DOCS}/issues/issues#create-an-issue")
    body = json_object(ctx.body)
    title = _new_title(body)
    text = body.get("body")
    if text is not None:
        check_text("Issue", "body", str(text), MAX_BODY)
    labels = label_names(body.get("labels", []))
    assignees = [a for a in [*body.get("assignees", []), *([body["assignee"]] if body.get("assignee") else [])]
                 if a in r.assignees]
    issue = store.new_issue(r, title=title, body=text, labels=labels, user=store.login)
    issue["assignees"] = sorted(set(assignees))
    data = issue_json(store, r, issue)
    return 201, data, {"Location": data["url"]}


def get_issue(store: Store, ctx: Ctx) -> Answer:
    r = store.repo_of(ctx)
    return 200, issue_json(store, r, store.issue(r, int(ctx.params["number"]))), {}


def _check_edit(body: JSONDict) -> None:
    if "title" in body:
        if not body["title"] or not str(body["title"]).strip():
            raise validation("Issue", "title", "missing_field")
        check_text("Issue", "title", str(body["title"]), MAX_TITLE)
    if body.get("body") is not None:
        check_text("Issue", "body", str(body["body"]), MAX_BODY)
    if "state" in body and body["state"] not in ("open", "closed"):
        raise validation("Issue", "state", "invalid")
    if "state_reason" in body and body["state_reason"] not in STATE_REASONS:
        raise validation("Issue", "state_reason", "invalid")


def edit_issue(store: Store, ctx: Ctx) -> Answer:
    r = store.repo_of(ctx)
    issue = store.issue(r, int(ctx.params["number"]))
    body = json_object(ctx.body)
    _check_edit(body)
    if "title" in body:
        issue["title"] = str(body["title"])
    if "body" in body:
        issue["body"] = body["body"]
    if "labels" in body:
        issue["labels"] = [store.ensure_label(r, n)["name"] for n in label_names(body["labels"])]
    if "assignees" in body:
        issue["assignees"] = sorted({a for a in body["assignees"] or [] if a in r.assignees})
    if "state" in body and body["state"] != issue["state"]:
        store.set_state(issue, body["state"], body.get("state_reason"), store.login)
    elif "state_reason" in body and issue["state"] == "closed" and body["state_reason"] is not None:
        issue["state_reason"] = body["state_reason"]
    issue["updated_at"] = iso(time.time())
    return 200, issue_json(store, r, issue), {}


def list_issues(store: Store, ctx: Ctx) -> Answer:
    r = store.repo_of(ctx)
    q = ctx.query
    state = q.get("state", "open")
    if state not in ("open", "closed", "all"):
        raise validation("Issue", "state", "invalid")
    sort, direction = q.get("sort", "created"), q.get("direction", "desc")
    if sort not in SORTS or direction not in ("asc", "desc"):
        raise validation("Issue", "sort" if sort not in SORTS else "direction", "invalid")
    wanted = {n.strip().lower() for n in q.get("labels", "").split(",") if n.strip()}
    items = [i for i in r.issues.values()
             if (state == "all" or i["state"] == state)
             and wanted <= {n.lower() for n in i["labels"]}
             and (not q.get("since") or i["updated_at"] >= q["since"])]
    items.sort(key=lambda i: store.sort_key(i, sort), reverse=direction == "desc")
    page, headers = store.paginate(ctx, items)
    return 200, [issue_json(store, r, i) for i in page], headers


def check_assignee(store: Store, ctx: Ctx) -> Answer:
    r = store.repo_of(ctx)
    if ctx.params["login"] not in r.assignees:
        raise GitHubError(404)
    return 204, None, {}


def _issue_of(store: Store, ctx: Ctx) -> tuple[Repo, JSONDict]:
    r = store.repo_of(ctx)
    return r, store.issue(r, int(ctx.params["number"]))


def add_assignees(store: Store, ctx: Ctx) -> Answer:
    """Logins that cannot be assigned are dropped silently, as GitHub does."""
    r, issue = _issue_of(store, ctx)
    wanted = [a for a in json_object(ctx.body).get("assignees") or [] if a in r.assignees]
    issue["assignees"] = sorted(set(issue["assignees"]) | set(wanted))
    issue["updated_at"] = iso(time.time())
    return 201, issue_json(store, r, issue), {}


def remove_assignees(store: Store, ctx: Ctx) -> Answer:
    r, issue = _issue_of(store, ctx)
    issue["assignees"] = sorted(set(issue["assignees"]) - set(json_object(ctx.body).get("assignees") or []))
    issue["updated_at"] = iso(time.time())
    return 200, issue_json(store, r, issue), {}


ROUTES: Routes = [
    (REPO + r"$", {"GET": get_repo}),
    (REPO + r"/issues$", {"GET": list_issues, "POST": create_issue}),
    (REPO + r"/issues/(?P<number>\d+)$", {"GET": get_issue, "PATCH": edit_issue}),
    (REPO + r"/assignees/(?P<login>[^/]+)$", {"GET": check_assignee}),
    (REPO + r"/issues/(?P<number>\d+)/assignees$", {"POST": add_assignees, "DELETE": remove_assignees}),
]
