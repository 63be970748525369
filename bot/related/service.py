"""Related requests for a draft: the index (in process), the stored requests' current state, and a cached GitHub
search for open issues the bot did not file. Slack-free; the handlers render what ``find`` returns."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.clock import Clock
from bot.core.config import RfhConfig
from bot.core.domain import RequestStatus, ResolutionKind
from bot.core.errors import DeliveryError
from bot.core.related import RelatedRequest, RelatedView, TrackerMatch
from bot.related.index import RelatedIndex
from bot.related.rules import is_duplicate, pick
from storage import related_repo

log = logging.getLogger(__name__)
CANDIDATES = 8
MIN_SCORE = 0.2
SEARCH_TTL_SECONDS = 600.0
SEARCH_SPACING_SECONDS = 2.0
"""GitHub allows 30 searches a minute: typing fires many updates, so at most one new search every 2 s."""
SEARCH_TIMEOUT_SECONDS = 5.0


class IssueSearch(Protocol):
    async def search_open_issues(self, repo: str, terms: Sequence[str], limit: int) -> list[dict[str, Any]]: ...


def draft_text(summary: str | None, need: str | None) -> str:
    """What similarity compares: the summary and what is needed (the environment would make every request of one
    customer look alike)."""
    return "\n".join(p for p in (summary or "", need or "") if p.strip())


class RelatedRequests:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], config: RfhConfig, clock: Clock,
                 search: IssueSearch | None = None, index: RelatedIndex | None = None):
        self.sessions, self.config, self.clock, self.search = sessions, config, clock, search
        self.index = index or RelatedIndex()
        self.watermark = 0
        self._cache: dict[tuple[str, ...], tuple[float, tuple[TrackerMatch, ...]]] = {}
        self._in_flight: dict[tuple[str, ...], asyncio.Task[tuple[TrackerMatch, ...]]] = {}
        self._last_search: float | None = None  # None = never (monotonic time starts near 0 at boot)
        self._refresh_lock = asyncio.Lock()

    async def start(self) -> None:
        """Mark where the stored history ends (cheap): later requests are the refreshes' to index, the ones before
        are :meth:`warm`'s."""
        async with self.sessions() as session:
            self.watermark = await related_repo.last_request_id(session)

    async def warm(self) -> int:
        """Index every stored request (the bot does this in the background after start: the fit runs in a thread,
        and a refresh meanwhile waits for it instead of indexing the same requests one by one)."""
        async with self._refresh_lock:
            async with self.sessions() as session:
                docs = await related_repo.indexed_texts(session, after_id=0)
            await asyncio.to_thread(self.index.rebuild, docs)
            self.watermark = max((request_id for request_id, _ in docs), default=self.watermark)
            return len(docs)

    async def refresh(self) -> int:
        """Index the requests stored since the last refresh, by this replica or another."""
        async with self._refresh_lock:
            async with self.sessions() as session:
                docs = await related_repo.indexed_texts(session, after_id=self.watermark)
            for request_id, text in docs:
                self.index.add(request_id, text)
                self.watermark = max(self.watermark, request_id)
        await asyncio.to_thread(self.index.refit_if_stale)
        return len(docs)

    async def find(self, text: str, *, exclude: Sequence[int] = ()) -> RelatedView:
        """Up to three related requests (answered ones first) and the cached tracker matches; no outside call."""
        if not text.strip():
            return RelatedView()
        hits = self.index.search(text, limit=CANDIDATES, min_score=MIN_SCORE, exclude=exclude)
        candidates = await self._load([h.request_id for h in hits], {h.request_id: h.score for h in hits})
        issues = self.cached_issues(text) or ()
        return RelatedView(requests=pick(candidates), issues=issues)

    async def duplicate_of(self, text: str, *, requester: str) -> RelatedRequest | None:
        """An open request with the same text that someone else filed in the last few minutes. Only requests the
        index holds with the same text are read from the database: usually none, and so no query."""
        now = self.clock.now()
        same = self.index.same_text(text)
        found = await self._load(same, dict.fromkeys(same, 1.0), full=True)
        for item, other_text, requester_id in sorted(found, key=lambda f: -f[0].request_id):
            same_one = is_duplicate(text=text, other_text=other_text, other_created=item.created_at, now=now,
                                    same_requester=requester_id == requester)
            if item.status == RequestStatus.OPEN and same_one:
                found_item: RelatedRequest = item
                return found_item
        return None

    # -- GitHub search: cached, spaced, never awaited by the modal --------------------------------------------------

    def cached_issues(self, text: str) -> tuple[TrackerMatch, ...] | None:
        terms = self._terms(text)
        cached = self._cache.get(terms) if terms else None
        if cached and cached[0] > time.monotonic():
            return cached[1]
        return None

    def start_issue_search(self, text: str) -> asyncio.Task[tuple[TrackerMatch, ...]] | None:
        """Start a search for ``text`` unless it is cached, already running, or one started too recently."""
        terms = self._terms(text)
        if self.search is None or not terms or self.cached_issues(text) is not None:
            return None
        if terms in self._in_flight:
            return self._in_flight[terms]
        now = time.monotonic()
        if self._last_search is not None and now - self._last_search < SEARCH_SPACING_SECONDS:
            return None
        self._last_search = now
        task = asyncio.create_task(self._search(terms))
        self._in_flight[terms] = task
        task.add_done_callback(lambda _: self._in_flight.pop(terms, None))
        return task

    async def _search(self, terms: tuple[str, ...]) -> tuple[TrackerMatch, ...]:
        assert self.search is not None
        try:
            found = await asyncio.wait_for(
                self.search.search_open_issues(self.config.private_tracker, terms, 10), SEARCH_TIMEOUT_SECONDS)
        except (DeliveryError, TimeoutError) as exc:
            log.info("tracker search for related issues skipped: %s", exc)
            return ()
        matches = tuple(_match(item) for item in found if not item.get("filed_by_bot"))[:2]
        self._cache[terms] = (time.monotonic() + SEARCH_TTL_SECONDS, matches)
        if len(self._cache) > 2000:
            self._cache.pop(next(iter(self._cache)))
        return matches

    def _terms(self, text: str) -> tuple[str, ...]:
        return tuple(sorted(self.index.key_terms(text, 3))) if text.strip() else ()

    # -- the stored side ----------------------------------------------------------------------------------------

    async def _load(self, ids: list[int], scores: dict[int, float], *, full: bool = False) -> list[Any]:
        if not ids:
            return []
        async with self.sessions() as session:
            rows = await related_repo.requests_with_answers(session, ids)
        out: list[Any] = []
        for row in rows:
            item = self._item(row, scores[row.id])
            out.append((item, _text_of(row), row.requester_id) if full else item)
        return out

    def _item(self, row: Any, score: float) -> RelatedRequest:
        team = self.config.teams.get(row.team_id)
        details = row.details or {}
        link = row.issue_url or details.get("post_permalink") or None
        label = (f"{row.issue_repo.split('/')[-1]}#{row.issue_number}"
                 if row.issue_repo and row.issue_number else ("team post" if link else None))
        answer = row.answer if row.status == "resolved" else None
        return RelatedRequest(
            request_id=row.id, summary=row.summary, customer=row.customer, team_name=team.name if team else row.team_id,
            status=row.status, created_at=row.created_at, score=score, link=link, link_label=label,
            owner_id=row.owner_id, resolution=_resolution_label(row.resolution), answer=answer or None)


def _text_of(row: Any) -> str:
    return draft_text(row.summary, str((row.details or {}).get("need") or ""))


def _resolution_label(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return ResolutionKind(value).label
    except ValueError:
        return value


def _match(item: dict[str, Any]) -> TrackerMatch:
    created = item.get("created_at")
    return TrackerMatch(ref=str(item["ref"]), title=str(item["title"]), url=str(item["url"]),
                        created_at=created if isinstance(created, datetime) else None)
