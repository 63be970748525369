"""Issue comments: create and list on an issue; read, edit and delete one by id."""

from __future__ import annotations

import time

from fakes.github.model import MAX_BODY, REPO, Answer, Ctx, check_text, iso, json_object, validation
from fakes.github.shapes import comment_json
from fakes.github.store import Routes, Store


def _text(ctx: Ctx) -> str:
    text = json_object(ctx.body).get("body")
    if not text:
        raise validation("IssueComment", "body", "missing_field")
    check_text("IssueComment", "body", str(text), MAX_BODY)
    return str(text)


def create_comment(store: Store, ctx: Ctx) -> Answer:
    r = store.repo_of(ctx)
    issue = store.issue(r, int(ctx.params["number"]))
    data = comment_json(store, r, store.new_comment(r, issue, _text(ctx), store.login))
    return 201, data, {"Location": data["url"]}


def list_comments(store: Store, ctx: Ctx) -> Answer:
    r = store.repo_of(ctx)
    number = int(ctx.params["number"])
    store.issue(r, number)
    page, headers = store.paginate(ctx, store.comments_on(r.full_name.lower(), number))
    return 200, [comment_json(store, r, c) for c in page], headers


def get_comment(store: Store, ctx: Ctx) -> Answer:
    r = store.repo_of(ctx)
    return 200, comment_json(store, r, store.comment(r, int(ctx.params["comment_id"]))), {}


def edit_comment(store: Store, ctx: Ctx) -> Answer:
    r = store.repo_of(ctx)
    comment = store.comment(r, int(ctx.params["comment_id"]))
    comment["body"], comment["updated_at"] = _text(ctx), iso(time.time())
    return 200, comment_json(store, r, comment), {}


def delete_comment(store: Store, ctx: Ctx) -> Answer:
    r = store.repo_of(ctx)
    comment = store.comment(r, int(ctx.params["comment_id"]))
    del store.comments[comment["id"]]
    return 204, None, {}


ROUTES: Routes = [
    (REPO + r"/issues/comments/(?P<comment_id>\d+)$",
     {"GET": get_comment, "PATCH": edit_comment, "DELETE": delete_comment}),
    (REPO + r"/issues/(?P<number>\d+)/comments$", {"GET": list_comments, "POST": create_comment}),
]
