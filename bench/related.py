"""Related-requests benchmark: how fast the intake modal's related list is computed with a large history.

    python bench/related.py [--past 20000] [--queries 300] [--seed 7]     (words from bench/data/dev.jsonl)

Builds PAST synthetic past requests (the words of the routing dev set's 87 real tickets and the router's vocabulary,
recombined at random with a Zipf-like spread, summaries of 6-12 words and needs of 20-60), stores them in a SQLite
file as real rows (a third resolved, with resolution notes), warms the service as `rfh serve` does, then times
QUERIES drafts (dev tickets' titles and first lines, and recombined texts). Prints a markdown table:

* index only: ``RelatedIndex.search`` (TF-IDF, sparse);
* related list: ``RelatedRequests.find`` — the index plus the candidates' rows and answers from the database, i.e.
  everything the modal's views.update needs besides rendering;
* after adding: a search right after ``add`` (the tail of rows added since the last fit).
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402

from sqlalchemy import insert  # noqa: E402

from bot.core.clock import SystemClock  # noqa: E402
from bot.core.config import load_config  # noqa: E402
from bot.related.service import RelatedRequests  # noqa: E402
from routing.vocabulary import Vocabulary  # noqa: E402
from storage.db import make_engine, migrate, session_factory  # noqa: E402
from storage.models import OwnershipEventRow, Request  # noqa: E402

DEV = Path(__file__).resolve().parent / "data" / "dev.jsonl"
WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]{2,}")


def word_pool(rng: random.Random) -> tuple[list[str], list[float], list[dict[str, str]]]:
    tickets = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    words = [w for t in tickets for w in WORD.findall(t["text"])]
    words += [w for key in Vocabulary.builtin().terms for w in WORD.findall(key)]
    unique = list(dict.fromkeys(w.lower() for w in words))
    rng.shuffle(unique)
    weights = [1.0 / (rank + 10) for rank in range(len(unique))]
    return unique, weights, tickets


def make_text(rng: random.Random, pool: list[str], weights: list[float], n: int) -> str:
    return " ".join(rng.choices(pool, weights, k=n))


async def fill(url: str, past: int, rng: random.Random, pool: list[str], weights: list[float]) -> None:
    engine = make_engine(url)
    await migrate(engine)
    now = datetime.now(UTC)
    rows, events = [], []
    for i in range(1, past + 1):
        resolved = i % 3 == 0
        rows.append(dict(
            id=i, key=f"k{i}", view_id=None, created_at=now - timedelta(minutes=past - i), requester_id="U0REQ",
            customer=f"Customer {i % 400}", customer_slug=f"customer-{i % 400}", tier=None, in_sales_process=False,
            request_type="help", severity="serious", summary=make_text(rng, pool, weights, rng.randint(6, 12)),
            details={"need": make_text(rng, pool, weights, rng.randint(20, 60))}, team_id="distribution",
            priority="ce/p2", priority_level=2, tracker="private", state="filed", status="resolved" if resolved
            else "open", resolution="answered" if resolved else None, owner_informal=False,
            issue_repo="sourcegraph/customer", issue_number=i, issue_url=f"https://github.com/x/y/issues/{i}"))
        if resolved:
            events.append(dict(request_id=i, kind="resolved", actor="U0ENG", at=now, resolution="answered",
                               note=make_text(rng, pool, weights, 15)))
    async with engine.begin() as conn:
        for start in range(0, len(rows), 2000):
            await conn.execute(insert(Request), rows[start:start + 2000])
        for start in range(0, len(events), 2000):
            await conn.execute(insert(OwnershipEventRow), events[start:start + 2000])
    await engine.dispose()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def row(name: str, n: int, values: list[float]) -> str:
    return (f"| {name} | {n} | {statistics.median(values):.2f} | {pct(values, 0.95):.2f} | {pct(values, 0.99):.2f} "
            f"| {max(values):.2f} |")


async def run(past: int, queries: int, seed: int) -> None:
    rng = random.Random(seed)
    pool, weights, tickets = word_pool(rng)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        started = time.perf_counter()
        await fill(url, past, rng, pool, weights)
        filled = time.perf_counter() - started
        engine = make_engine(url)
        service = RelatedRequests(sessions=session_factory(engine), config=load_config(), clock=SystemClock())
        started = time.perf_counter()
        indexed = await service.warm()
        warm = time.perf_counter() - started
        drafts = ([f"{t['title']}\n{t['text'][:300]}" for t in tickets]
                  + [make_text(rng, pool, weights, rng.randint(8, 40)) for _ in range(queries)])[:queries]
        for text in drafts[:20]:  # warm-up (not timed): the connection pool, SQLite's page cache
            await service.find(text)
        index_ms, find_ms, after_add_ms, shown = [], [], [], []
        for text in drafts:
            t0 = time.perf_counter()
            service.index.search(text, limit=8, min_score=0.2)
            index_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            found = await service.find(text)
            find_ms.append((time.perf_counter() - t0) * 1000)
            shown.append(len(found.requests))
        for n, text in enumerate(drafts[:100]):
            service.index.add(past + 1 + n, text)
            t0 = time.perf_counter()
            service.index.search(text, limit=8, min_score=0.2)
            after_add_ms.append((time.perf_counter() - t0) * 1000)
        await engine.dispose()
    print(f"{indexed} past requests indexed in {warm:.2f} s (database filled in {filled:.1f} s); "
          f"{sum(1 for s in shown if s)} of {len(shown)} drafts had related requests (mean {statistics.mean(shown):.1f}"
          " shown)\n")
    print("| path | queries | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|")
    print(row(f"index only ({indexed:,} past)", len(index_ms), index_ms))
    print(row(f"related list: index + rows and answers, SQLite ({indexed:,} past)", len(find_ms), find_ms))
    print(row("search right after an add (tail of new rows)", len(after_add_ms), after_add_ms))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--past", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(run(args.past, args.queries, args.seed))


if __name__ == "__main__":
    main()
