"""The similarity index over past requests: TF-IDF (scikit-learn, sparse) on the router's text processing.

Words go through ``routing.text`` (the same normalisation and stemming the router uses) and the router's stop words.
Each request is one L2-normalised row of a sparse matrix, so a query is one sparse matrix-vector product: its cost
grows with the postings of the query's words, not with the whole history. New requests are added with the fitted
vocabulary at once (``add``); the vocabulary and IDF weights are refitted off the request path (``refit_if_stale``,
run by the refresh loop) once the history has grown by a quarter.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.related.rules import folded
from routing.memory import features
from routing.text import tokenize

REFIT_GROWTH = 1.25
"""Refit the vocabulary once the history is this much larger than at the last fit."""
MAX_TAIL = 500


def analyse(text: str) -> list[str]:
    """The words similarity looks at: the router's normalised words, minus stop words and one-letter words."""
    counts = features(tokenize(text, with_title=False))
    return [word for word, n in counts.items() for _ in range(n)]


@dataclass(frozen=True)
class Hit:
    request_id: int
    score: float
    """Cosine similarity of the TF-IDF vectors, 0..1."""


class RelatedIndex:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._texts: list[str] = []
        self._ids: list[int] = []
        self._vectorizer: TfidfVectorizer | None = None
        self._matrix: sparse.csr_matrix | None = None
        self._columns: sparse.csc_matrix | None = None
        self._pending: list[sparse.csr_matrix] = []
        self._fitted_on = 0
        self._known: set[int] = set()
        self._by_text: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def rebuild(self, docs: Iterable[tuple[int, str]]) -> None:
        """Index ``docs`` (request id, text) from scratch. The fit runs without the lock (seconds at a large history,
        in a thread at start): searches meanwhile use the index as it was, and the result is swapped in."""
        ids: list[int] = []
        texts: list[str] = []
        known: set[int] = set()
        for request_id, text in docs:
            if request_id not in known:
                ids.append(request_id)
                texts.append(text)
                known.add(request_id)
        built = _build(texts)
        by_text: dict[str, list[int]] = {}
        for request_id, text in zip(ids, texts, strict=True):
            by_text.setdefault(folded(text), []).append(request_id)
        with self._lock:
            self._ids, self._texts, self._known, self._by_text = ids, texts, known, by_text
            self._pending, self._fitted_on = [], len(ids)
            self._vectorizer, self._matrix, self._columns = built

    def add(self, request_id: int, text: str) -> None:
        """Index one more request with the current vocabulary (words it has never seen wait for the next refit)."""
        with self._lock:
            if request_id in self._known:
                return
            self._known.add(request_id)
            self._ids.append(request_id)
            self._texts.append(text)
            self._by_text.setdefault(folded(text), []).append(request_id)
            if self._vectorizer is None or self._fitted_on < 50:
                self._fit()  # a small history refits in a moment and learns the new words at once
            else:
                self._pending.append(_row(self._vectorizer, text))

    def refit_if_stale(self) -> bool:
        """Refit the vocabulary once the history grew by a quarter. The fit runs without the lock (it takes seconds
        at tens of thousands of requests; run it in a thread), and the result is swapped in."""
        with self._lock:
            if not self._ids or len(self._ids) < REFIT_GROWTH * max(1, self._fitted_on):
                return False
            texts = list(self._texts)
        built = _build(texts)
        with self._lock:
            later = self._texts[len(texts):]  # added while fitting
            self._vectorizer, self._matrix, self._columns = built
            self._fitted_on = len(texts)
            self._pending = [built[0].transform(later).tocsr()] if later and built[0] is not None else []
        return True

    def search(self, text: str, *, limit: int = 10, min_score: float = 0.2,
               exclude: Sequence[int] = ()) -> list[Hit]:
        """The most similar past requests, best first."""
        with self._lock:
            if self._vectorizer is None or not self._ids:
                return []
            query = _row(self._vectorizer, text)
            if query.nnz == 0:
                return []
            assert self._columns is not None
            # Only the columns of the query's words: a few postings lists, whatever the history's size.
            cols, weights = query.indices, query.data
            scores = np.asarray(self._columns[:, cols] @ weights).ravel()
            if self._pending:
                tail = self._tail()
                scores = np.concatenate([scores, np.asarray(tail[:, cols] @ weights).ravel()])
            ids = self._ids
        wanted = np.flatnonzero(scores >= min_score)
        if wanted.size > limit * 4:
            wanted = wanted[np.argpartition(-scores[wanted], limit * 4)[: limit * 4]]
        order = wanted[np.argsort(-scores[wanted], kind="stable")]
        skip = set(exclude)
        hits = [Hit(ids[i], float(scores[i])) for i in order if ids[i] not in skip]
        return hits[:limit]

    def same_text(self, text: str, limit: int = 5) -> list[int]:
        """The newest ``limit`` requests whose text is ``text`` once case, accents, punctuation and spacing are
        ignored (``rules.same_text``): a dictionary look-up, for the duplicate check before a submission's answer."""
        key = folded(text)
        return list(self._by_text.get(key, [])[-limit:]) if key else []

    def key_terms(self, text: str, n: int = 3) -> list[str]:
        """The ``n`` most telling words of ``text`` (highest IDF among the words the index knows), spelled as typed:
        the terms of a GitHub issue search."""
        tokens = tokenize(text, with_title=False)
        spelled: dict[str, str] = {}
        for norm, orig in zip(tokens.norms, tokens.origs, strict=True):
            spelled.setdefault(norm, orig.lower())
        words = [w for w in features(tokens) if len(w) > 2]  # analyse(text)'s words, once each, without re-tokenizing
        with self._lock:
            vocab = self._vectorizer.vocabulary_ if self._vectorizer is not None else {}
            idf = self._vectorizer.idf_ if self._vectorizer is not None else None

        def weight(word: str) -> float:
            column = vocab.get(word)
            return float(idf[column]) if idf is not None and column is not None else math.inf

        ranked = sorted(words, key=lambda w: (-weight(w), words.index(w)))
        return [spelled.get(w, w) for w in ranked[:n]]

    def _fit(self) -> None:
        self._pending = []
        self._fitted_on = len(self._ids)
        self._vectorizer, self._matrix, self._columns = _build(self._texts)

    def _tail(self) -> sparse.csr_matrix:
        """The rows added since the last fit, as one small matrix; folded into the main one past MAX_TAIL rows
        (rebuilding the column form of the whole history on every add would cost more than the query)."""
        if len(self._pending) > 1:
            self._pending = [sparse.vstack(self._pending, format="csr")]
        if self._pending[0].shape[0] > MAX_TAIL:
            assert self._matrix is not None
            self._matrix = sparse.vstack([self._matrix, self._pending[0]], format="csr")
            self._columns = self._matrix.tocsc()
            self._pending = [sparse.csr_matrix((0, self._matrix.shape[1]), dtype=np.float32)]
        return self._pending[0]


def _row(vectorizer: TfidfVectorizer, text: str) -> sparse.csr_matrix:
    """``vectorizer.transform([text])``, value for value, for the one text a request searches or adds: scikit-learn's
    input checks took 0.9 ms a call (a submission makes two before its answer), the arithmetic 0.02 ms. Counts of the
    known words (sorted columns), sublinear tf, idf, l2 norm, in float32 and in scikit-learn's order."""
    vocabulary = vectorizer.vocabulary_
    counts: dict[int, int] = {}
    for word in analyse(text):
        column = vocabulary.get(word)
        if column is not None:
            counts[column] = counts.get(column, 0) + 1
    columns = np.array(sorted(counts), dtype=np.int32)
    data = np.array([counts[c] for c in columns.tolist()], dtype=np.float32)
    np.log(data, data)
    data += 1.0
    data *= vectorizer.idf_[columns]
    squares = 0.0
    for value in data:  # as sklearn's _inplace_csr_row_normalize_l2: float32 squares summed in double, one by one
        squares += float(value * value)
    if squares != 0.0:
        data = (data.astype(np.float64) / math.sqrt(squares)).astype(np.float32)
    return sparse.csr_matrix((data, columns, np.array([0, len(columns)], dtype=np.int32)),
                             shape=(1, len(vocabulary)))


def _build(texts: Sequence[str]) -> tuple[TfidfVectorizer | None, sparse.csr_matrix | None, sparse.csc_matrix | None]:
    """The fitted vectorizer, the rows (one per text) and their column form; Nones when there are no words."""
    if not texts:
        return None, None, None
    vectorizer = TfidfVectorizer(analyzer=analyse, sublinear_tf=True, norm="l2", dtype=np.float32)
    try:
        matrix = vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # no words at all in the history (empty texts)
        return None, None, None
    return vectorizer, matrix, matrix.tocsc()
