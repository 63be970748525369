"""Who is who, and how much is left: ``GET /user`` (the bot's account), ``GET /users/{login}`` (a person, with the
public e-mail most people do not set) and ``GET /rate_limit``."""

from __future__ import annotations

from fakes.github.model import Answer, Ctx, GitHubError, JSONDict
from fakes.github.shapes import user_json
from fakes.github.store import Routes, Store

PROFILE: JSONDict = {"company": None, "blog": "", "location": None, "hireable": None, "bio": None,
                     "twitter_username": None, "public_repos": 0, "public_gists": 0, "followers": 0, "following": 0,
                     "created_at": "2020-01-01T00:00:00Z", "updated_at": "2020-01-01T00:00:00Z"}


def get_named_user(store: Store, ctx: Ctx) -> Answer:
    login = ctx.params["login"]
    if login.lower() not in store.emails and login != store.login:
        raise GitHubError(404)
    user = user_json(store, login)
    user.update({"name": None, **PROFILE, "email": store.emails.get(login.lower())})
    return 200, user, {}


def get_user(store: Store, ctx: Ctx) -> Answer:
    user = user_json(store, store.login)
    user.update({"name": "RFH Bot", **PROFILE, "email": None})
    return 200, user, {}


def rate_limit(store: Store, ctx: Ctx) -> Answer:
    return store.rate.answer()


ROUTES: Routes = [
    (r"^/users/(?P<login>[^/]+)$", {"GET": get_named_user}),
    (r"^/user$", {"GET": get_user}),
    (r"^/rate_limit$", {"GET": rate_limit}),
]
