"""The scale and calibration sections of ``bench/routing.py``.

* a synthetic history of N past requests (default 50,000, see ``bench/history.py``): ``rfh learn``'s import into
  a SQLite file, the router built from that database, its texts per second and latency on the dev texts, and
  the memory the learned index takes;
* the similarity index side by side: the hand-written pure-Python index, the sparse-matrix index the router
  uses, ``bm25s`` and scikit-learn's TF-IDF (nearest past requests for a query; build time, query time, memory);
* calibration: how often the router is right when it says ≥ 90 %.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from bench.history import synthetic_history
from routing.builtin import vocabulary_for
from routing.evaluation import CONFIDENT, Evaluation, cross_validate
from routing.index import SparseMemory
from routing.memory import RequestMemory, features
from routing.router import Router
from routing.teams import TeamTable
from routing.text import tokenize


def rss_mb() -> float:
    """This process's resident memory now (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def texts_per_second(router: Router, texts: Sequence[str], min_seconds: float = 2.0) -> tuple[float, float, float]:
    """(texts per second of CPU time, p99 CPU ms of one ``suggest``, texts per wall-clock second), one thread.

    CPU time is what "on one core" means; on a shared machine the wall clock also counts other processes' turns.
    """
    latencies: list[float] = []
    started, wall = time.thread_time(), time.perf_counter()
    while time.thread_time() - started < min_seconds:
        for text in texts:
            t = time.thread_time()
            router.suggest(text)
            latencies.append(time.thread_time() - t)
    wall = time.perf_counter() - wall
    latencies.sort()
    return len(latencies) / sum(latencies), 1000 * latencies[int(0.99 * (len(latencies) - 1))], len(latencies) / wall


def scale_section(seeds: Sequence[tuple[str, str]], table: TeamTable, texts: Sequence[str], n: int) -> str:
    """Import, build and query a synthetic history of ``n`` past requests through the database."""
    from bot.learning.importer import import_lines
    from bot.learning.router_source import load_router
    from storage.db import make_engine, migrate, session_factory

    lines = [json.dumps({"text": t, "team": team, "id": f"syn-{i}"}) for i, (t, team) in
             enumerate(synthetic_history(seeds, n))]

    async def run() -> tuple[float, float, float, Router]:
        with tempfile.TemporaryDirectory() as tmp:
            engine = make_engine(f"sqlite:///{tmp}/bench.db")
            await migrate(engine)
            sessions = session_factory(engine)
            started = time.perf_counter()
            report = await import_lines(sessions, lines, source="file:synthetic.jsonl", teams=set(table.ids),
                                        now=datetime.now(UTC))
            imported = time.perf_counter() - started
            assert report.added == n, report
            gc.collect()
            before = rss_mb()
            started = time.perf_counter()
            router = await load_router(sessions, table, None)
            built = time.perf_counter() - started
            gc.collect()
            grown = rss_mb() - before
            await engine.dispose()
            return imported, built, grown, router

    imported, built, grown, router = asyncio.run(run())
    tps, p99, wall = texts_per_second(router, texts)
    rows = [[f"{n:,} learned examples", f"{imported:.1f} s", f"{built:.1f} s", f"{grown:.0f} MB",
             f"{tps:,.0f}", f"{p99:.2f}", f"{wall:,.0f}"]]
    header = ["history", "`rfh learn` import (SQLite)", "router built from the database", "memory of the router",
              "texts/s (CPU time, one core)", "p99 CPU ms", "texts/s (wall clock)"]
    from bench.routing import table as md

    return md(header, rows)


def index_section(seeds: Sequence[tuple[str, str]], texts: Sequence[str], n: int) -> str:
    """Nearest past requests for the dev texts over ``n`` synthetic ones, four ways."""
    history = list(synthetic_history(seeds, n, seed=1))
    docs = [features(tokenize(t)) for t, _ in history]
    teams = sorted({team for _, team in history})
    team_of = [teams.index(team) for _, team in history]
    queries = [tokenize(t) for t in texts]
    rows = []
    for name, build, query in _indexes(docs, team_of, len(teams)):
        gc.collect()
        before = rss_mb()
        started = time.perf_counter()
        index = build()
        build_s = time.perf_counter() - started
        gc.collect()
        memory = rss_mb() - before
        query(index, queries[0])
        timings = []
        deadline = time.thread_time() + 2.0
        while time.thread_time() < deadline:
            for q in queries:
                t = time.thread_time()
                query(index, q)
                timings.append(time.thread_time() - t)
                if time.thread_time() > deadline:
                    break
        rows.append([name, f"{build_s:.1f} s", f"{memory:.0f} MB", f"{1e6 * statistics.median(timings):,.0f}",
                     f"{len(timings) / sum(timings):,.0f}"])
        del index
    from bench.routing import table as md

    return md(["index", "build (wall)", "memory", "median CPU µs per query", "queries per CPU second"], rows)


def _indexes(docs: list[dict[str, int]], team_of: list[int], n_teams: int
             ) -> list[tuple[str, Callable[[], object], Callable[[object, object], object]]]:
    import bm25s
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    def hand() -> object:
        memory = RequestMemory(n_teams)
        for counts, team in zip(docs, team_of, strict=True):
            _add_python(memory, counts, team)
        return memory

    def sparse() -> object:
        memory = SparseMemory(n_teams)
        for counts, team in zip(docs, team_of, strict=True):
            memory.add_counts(counts, team)
        memory.compact()
        return memory

    def with_bm25s() -> object:
        retriever = bm25s.BM25(k1=1.2, b=0.75, method="robertson")
        retriever.index([[w for w, c in d.items() for _ in range(c)] for d in docs], show_progress=False)
        return retriever

    def bm25s_query(index: object, tokens: object) -> object:
        words = [w for w, c in features(tokens).items() for _ in range(c)]  # type: ignore[arg-type]
        vocab = index.vocab_dict  # type: ignore[attr-defined]
        words = [w for w in words if w in vocab] or [next(iter(vocab))]
        return index.retrieve([words], k=15, show_progress=False, n_threads=1)  # type: ignore[attr-defined]

    def with_sklearn() -> object:
        vectorizer = TfidfVectorizer(analyzer=lambda d: [w for w, c in d.items() for _ in range(c)],
                                     sublinear_tf=True)
        return vectorizer, vectorizer.fit_transform(docs).T.tocsr()

    def sklearn_query(index: object, tokens: object) -> object:
        vectorizer, matrix_t = index  # type: ignore[misc]
        q = vectorizer.transform([features(tokens)])  # type: ignore[arg-type]
        scores = (q @ matrix_t).toarray().ravel()
        return np.argpartition(-scores, 15)[:15]

    return [
        ("hand-written (pure Python BM25 + profiles)", hand, lambda i, t: i.similarity(t)),  # type: ignore[attr-defined]
        ("sparse matrices (numpy/scipy, the router's)", sparse, lambda i, t: i.similarity(t)),  # type: ignore[attr-defined]
        ("bm25s (top-15 only, no team profiles)", with_bm25s, bm25s_query),
        ("scikit-learn TF-IDF cosine (top-15 only)", with_sklearn, sklearn_query),
    ]


def _add_python(memory: RequestMemory, counts: dict[str, int], team: int) -> None:
    """RequestMemory.add from feature counts (its ``add`` takes tokens)."""
    from routing.text import Tokens

    words = tuple(w for w, c in counts.items() for _ in range(c))
    memory.add(Tokens(words, words, 0), team)


def calibration_section(evaluations: Sequence[tuple[str, Evaluation]]) -> str:
    rows = []
    for name, ev in evaluations:
        raw = [o for o in ev.outcomes if o.raw >= CONFIDENT]
        confident, right = ev.confident
        rows.append([name, len(ev.outcomes), f"{100 * ev.top1:.1f} %",
                     f"{len(raw)}: {100 * sum(o.correct for o in raw) / len(raw):.1f} %" if raw else "-",
                     f"{confident}: {100 * right / confident:.1f} %" if confident else "0: -",
                     f"{100 * confident / len(ev.outcomes):.0f} %"])
    from bench.routing import table as md

    return md(["history", "evaluated", "top-1", "raw confidence ≥ 90 %: n, right",
               "calibrated ≥ 90 % (held-out halves): n, right", "share of suggestions ≥ 90 %"], rows)


def synthetic_evaluation(seeds: Sequence[tuple[str, str]], table: TeamTable, n: int) -> Evaluation:
    history = list(synthetic_history(seeds, n, seed=2))
    vocabulary = vocabulary_for(table, None)
    return cross_validate(lambda: Router(table, vocabulary), history, folds=5, max_evaluated=2000)


def cpu_note() -> str:
    return f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} when the section ran"
