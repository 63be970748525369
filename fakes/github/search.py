"""``GET /search/issues``: GitHub's issue search over the fake's issues, for the qualifiers the bot uses (``repo:``,
``is:``/``type:``, ``state:``, ``in:``, ``label:``, ``author:``), quoted phrases and negation. A new issue is found
only ``search_lag`` seconds after it was filed, like GitHub's index."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from fakes.github.model import Answer, Ctx, GitHubError, JSONDict, Repo
from fakes.github.shapes import issue_json
from fakes.github.store import Routes, Store

_TOKEN_RE = re.compile(r'(-?[A-Za-z_]+:"[^"]*"|-?"[^"]*"|\S+)')
_WORD_RE = re.compile(r"[a-z0-9]+")
Terms = list[tuple[bool, list[str]]]


def parse_query(q: str) -> tuple[Terms, dict[str, list[str]]]:
    """``(terms, qualifiers)``; a term is ``(negated, words)`` where the words must appear consecutively."""
    terms: Terms = []
    quals: dict[str, list[str]] = {}
    negate_next = False
    for token in _TOKEN_RE.findall(q):
        if token in ("AND", "OR"):
            continue
        if token == "NOT":
            negate_next = True
            continue
        negated = negate_next or token.startswith("-")
        negate_next = False
        token = token.lstrip("-") if token.startswith("-") else token
        m = re.match(r'^([A-Za-z_]+):(.*)$', token)
        if m and not token.startswith('"'):
            quals.setdefault(m.group(1).lower(), []).append(m.group(2).strip('"'))
            continue
        words = _WORD_RE.findall(token.strip('"').lower())
        if words:
            terms.append((negated, words))
    return terms, quals


def matches(terms: Terms, texts: list[str]) -> bool:
    haystacks = [_WORD_RE.findall(t.lower()) for t in texts]

    def found(words: list[str]) -> bool:
        n = len(words)
        return any(h[i:i + n] == words for h in haystacks for i in range(len(h) - n + 1))

    return all(found(words) != negated for negated, words in terms)


def _invalid(message: str) -> GitHubError:
    return GitHubError(422, "Validation Failed", docs="https://docs.github.com/v3/search/", errors=[
        {"message": message, "resource": "Search", "field": "q", "code": "invalid"}])


@dataclass
class _Query:
    terms: Terms
    kinds: set[str]
    repos: list[Repo]
    states: set[str]
    where: set[str]
    labels: set[str]
    authors: list[str]


def _query(store: Store, q: str) -> _Query:
    terms, quals = parse_query(q)
    kinds = set(quals.get("is", [])) | set(quals.get("type", []))
    if not kinds & {"issue", "pr", "pull-request"}:
        raise _invalid("Query must include 'is:issue' or 'is:pull-request'")
    if not quals.get("repo"):
        raise _invalid("Query must include a 'repo:' qualifier (a FakeGitHub limitation)")
    repos = []
    for name in quals["repo"]:
        if name.lower() not in store.repos:
            raise _invalid("The listed users and repositories cannot be searched either because the "
                           "resources do not exist or you do not have permission to view them.")
        repos.append(store.repos[name.lower()])
    return _Query(terms=terms, kinds=kinds, repos=repos,
                  states={s for s in [*quals.get("state", []), *kinds] if s in ("open", "closed")},
                  where={w for v in quals.get("in", []) for w in v.split(",")} or {"title", "body"},
                  labels={v.lower() for v in quals.get("label", [])}, authors=quals.get("author", []))


def _found(store: Store, query: _Query, r: Repo, issue: JSONDict, horizon: float) -> bool:
    if issue["created"] > horizon or (query.states and issue["state"] not in query.states):
        return False
    if not query.labels <= {n.lower() for n in issue["labels"]}:
        return False
    if query.authors and issue["user"] not in query.authors:
        return False
    texts = []
    if "title" in query.where:
        texts.append(issue["title"])
    if "body" in query.where:
        texts.append(issue["body"] or "")
    if "comments" in query.where:
        texts += [c["body"] for c in store.comments.values()
                  if c["repo"] == r.full_name.lower() and c["number"] == issue["number"]]
    return matches(query.terms, texts)


def search_issues(store: Store, ctx: Ctx) -> Answer:
    query = _query(store, ctx.query.get("q", ""))
    horizon = time.time() - store.search_lag
    hits: list[tuple[Repo, JSONDict]] = []
    if "issue" in query.kinds:
        hits = [(r, issue) for r in query.repos for issue in r.issues.values()
                if _found(store, query, r, issue, horizon)]
    sort = ctx.query.get("sort", "created")
    if sort not in ("created", "updated", "comments"):
        sort = "created"
    hits.sort(key=lambda h: store.sort_key(h[1], sort), reverse=ctx.query.get("order", "desc") == "desc")
    page, headers = store.paginate(ctx, hits)
    items = [{**issue_json(store, r, i), "score": 1.0} for r, i in page]
    return 200, {"total_count": len(hits), "incomplete_results": False, "items": items}, headers


ROUTES: Routes = [(r"^/search/issues$", {"GET": search_issues})]
