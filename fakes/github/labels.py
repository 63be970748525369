"""Labels: an issue's labels (list, add, replace, clear, remove one) and the repository's (list, create, read, delete).
Names are matched in any case, as GitHub does, and over 50 characters are refused."""

from __future__ import annotations

import re
import time
from typing import Any

from fakes.github.model import (
    MAX_LABEL,
    REPO,
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
from fakes.github.shapes import label_json
from fakes.github.store import Routes, Store


def _labels_input(body: Any) -> list[Any]:
    """The labels of a request: a list, or ``{"labels": [...]}``."""
    if isinstance(body, dict):
        body = body.get("labels", [])
    if body is None:
        return []
    if not isinstance(body, list):
        raise validation("Issue", "labels", "invalid")
    return body


def _issue_of(store: Store, ctx: Ctx) -> tuple[Repo, JSONDict]:
    r = store.repo_of(ctx)
    return r, store.issue(r, int(ctx.params["number"]))


def issue_labels(store: Store, ctx: Ctx) -> Answer:
    r, issue = _issue_of(store, ctx)
    return 200, [label_json(store, r, r.labels[n.lower()]) for n in issue["labels"]], {}


def add_labels(store: Store, ctx: Ctx) -> Answer:
    r, issue = _issue_of(store, ctx)
    for name in label_names(_labels_input(ctx.body)):
        label = store.ensure_label(r, name)
        if label["name"].lower() not in {n.lower() for n in issue["labels"]}:
            issue["labels"].append(label["name"])
    issue["updated_at"] = iso(time.time())
    return issue_labels(store, ctx)


def set_labels(store: Store, ctx: Ctx) -> Answer:
    r, issue = _issue_of(store, ctx)
    issue["labels"] = []
    issue["updated_at"] = iso(time.time())
    for name in label_names(_labels_input(ctx.body)):
        label = store.ensure_label(r, name)
        if label["name"] not in issue["labels"]:
            issue["labels"].append(label["name"])
    return issue_labels(store, ctx)


def clear_labels(store: Store, ctx: Ctx) -> Answer:
    _, issue = _issue_of(store, ctx)
    issue["labels"] = []
    return 204, None, {}


def remove_label(store: Store, ctx: Ctx) -> Answer:
    _, issue = _issue_of(store, ctx)
    name = ctx.params["name"].lower()
    if name not in {n.lower() for n in issue["labels"]}:
        raise GitHubError(404, "Label does not exist")
    issue["labels"] = [n for n in issue["labels"] if n.lower() != name]
    issue["updated_at"] = iso(time.time())
    return issue_labels(store, ctx)


def list_labels(store: Store, ctx: Ctx) -> Answer:
    r = store.repo_of(ctx)
    page, headers = store.paginate(ctx, list(r.labels.values()))
    return 200, [label_json(store, r, lab) for lab in page], headers


def create_label(store: Store, ctx: Ctx) -> Answer:
    r = store.repo_of(ctx)
    body = json_object(ctx.body)
    name = body.get("name")
    if not name:
        raise validation("Label", "name", "missing_field")
    check_text("Label", "name", str(name), MAX_LABEL)
    if str(name).lower() in r.labels:
        raise validation("Label", "name", "already_exists")
    color = str(body.get("color") or "ededed").lstrip("#")
    if not re.fullmatch(r"[0-9a-fA-F]{6}", color):
        raise validation("Label", "color", "invalid")
    label = store.ensure_label(r, str(name), color=color.lower(), description=body.get("description"))
    return 201, label_json(store, r, label), {}


def get_label(store: Store, ctx: Ctx) -> Answer:
    r = store.repo_of(ctx)
    label = r.labels.get(ctx.params["name"].lower())
    if label is None:
        raise GitHubError(404)
    return 200, label_json(store, r, label), {}


def delete_label(store: Store, ctx: Ctx) -> Answer:
    r = store.repo_of(ctx)
    key = ctx.params["name"].lower()
    if r.labels.pop(key, None) is None:
        raise GitHubError(404)
    for issue in r.issues.values():
        issue["labels"] = [n for n in issue["labels"] if n.lower() != key]
    return 204, None, {}


ROUTES: Routes = [
    (REPO + r"/issues/(?P<number>\d+)/labels$",
     {"GET": issue_labels, "POST": add_labels, "PUT": set_labels, "DELETE": clear_labels}),
    (REPO + r"/issues/(?P<number>\d+)/labels/(?P<name>.+)$", {"DELETE": remove_label}),
    (REPO + r"/labels$", {"GET": list_labels, "POST": create_label}),
    (REPO + r"/labels/(?P<name>.+)$", {"GET": get_label, "DELETE": delete_label}),
]
