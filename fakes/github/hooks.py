"""Webhooks: a repository's hooks (list, create, read, edit, delete; the secret never shown back), and the webhook
bodies GitHub would deliver for an issue (``issues`` / ``issue_comment``), built from the fake's current state."""

from __future__ import annotations

import copy
import time

from fakes.github.model import REPO, Answer, Ctx, GitHubError, JSONDict, Repo, iso, json_object, validation
from fakes.github.shapes import comment_json, issue_json, label_json, repo_json, user_json
from fakes.github.store import Routes, Store


def hook_json(store: Store, r: Repo, hook: JSONDict) -> JSONDict:
    """GitHub never returns the secret: it answers ``********`` in its place."""
    url = f"{store.origin()}/repos/{r.full_name}/hooks/{hook['id']}"
    config = {**hook["config"], **({"secret": "********"} if hook["config"].get("secret") else {})}
    return {"type": "Repository", "id": hook["id"], "name": "web", "active": hook["active"],
            "events": hook["events"], "config": config, "updated_at": hook["created_at"],
            "created_at": hook["created_at"], "url": url, "test_url": f"{url}/test", "ping_url": f"{url}/pings",
            "deliveries_url": f"{url}/deliveries",
            "last_response": {"code": None, "status": "unused", "message": None}}


def _hook(r: Repo, ctx: Ctx) -> JSONDict:
    hook = r.hooks.get(int(ctx.params["hook_id"]))
    if hook is None:
        raise GitHubError(404)
    return hook


def list_hooks(store: Store, ctx: Ctx) -> Answer:
    r = store.repo_of(ctx)
    page, headers = store.paginate(ctx, sorted(r.hooks.values(), key=lambda h: h["id"]))
    return 200, [hook_json(store, r, h) for h in page], headers


def create_hook(store: Store, ctx: Ctx) -> Answer:
    r = store.repo_of(ctx)
    body = json_object(ctx.body)
    config = body.get("config") or {}
    if body.get("name", "web") != "web" or not str(config.get("url", "")).startswith(("http://", "https://")):
        raise validation("Hook", "config", "invalid")
    if any(h["config"]["url"] == config["url"] for h in r.hooks.values()):
        exists = {"resource": "Hook", "code": "custom", "message": "Hook already exists on this repository"}
        raise GitHubError(422, "Validation Failed", errors=[exists])
    hook_id = store.next_id()
    hook = {"id": hook_id, "config": dict(config), "events": list(body.get("events") or ["push"]),
            "active": bool(body.get("active", True)), "created_at": iso(time.time())}
    r.hooks[hook_id] = hook
    return 201, hook_json(store, r, hook), {}


def get_hook(store: Store, ctx: Ctx) -> Answer:
    r = store.repo_of(ctx)
    return 200, hook_json(store, r, _hook(r, ctx)), {}


def edit_hook(store: Store, ctx: Ctx) -> Answer:
    r = store.repo_of(ctx)
    hook, body = _hook(r, ctx), json_object(ctx.body)
    if "config" in body:
        hook["config"] = {**hook["config"], **(body["config"] or {})}
    if "events" in body:
        hook["events"] = list(body["events"])
    if "active" in body:
        hook["active"] = bool(body["active"])
    return 200, hook_json(store, r, hook), {}


def delete_hook(store: Store, ctx: Ctx) -> Answer:
    r = store.repo_of(ctx)
    del r.hooks[_hook(r, ctx)["id"]]
    return 204, None, {}


ROUTES: Routes = [
    (REPO + r"/hooks$", {"GET": list_hooks, "POST": create_hook}),
    (REPO + r"/hooks/(?P<hook_id>\d+)$", {"GET": get_hook, "PATCH": edit_hook, "DELETE": delete_hook}),
]


def _payload_comment(store: Store, r: Repo, number: int, comment_id: int | None) -> JSONDict:
    """The comment an ``issue_comment`` delivery carries: the one given, else the issue's latest."""
    cid = comment_id if comment_id is not None else max(
        (c["id"] for c in store.comments.values() if c["repo"] == r.full_name.lower() and c["number"] == number),
        default=None)
    if cid is None:
        raise ValueError("the issue has no comment")
    return comment_json(store, r, store.comments[cid])


def webhook_payload(store: Store, event: str, action: str, repo: str, number: int, *, sender: str | None = None,
                    comment_id: int | None = None, label: str | None = None, assignee: str | None = None,
                    comment: JSONDict | None = None) -> JSONDict:
    """A webhook body shaped like github_payloads/*.json: ``action``, ``issue``, ``repository``, ``sender``
    (+ ``comment`` for ``issue_comment``, ``label``, ``assignee``)."""
    r = store.repo(repo)
    issue = store.issue(r, number)
    payload: JSONDict = {"action": action, "issue": issue_json(store, r, issue)}
    if event == "issue_comment":
        payload["comment"] = copy.deepcopy(comment) if comment is not None else \
            _payload_comment(store, r, number, comment_id)
    if label is not None:
        payload["label"] = label_json(store, r, store.ensure_label(r, label))
    if assignee is not None:
        payload["assignee"] = user_json(store, assignee)
    payload["repository"] = repo_json(store, r)
    payload["sender"] = user_json(store, sender or issue.get("closed_by") or store.login)
    return payload
