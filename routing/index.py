"""The similarity index of past requests on sparse matrices (numpy/scipy): the same two signals and the same
arithmetic as the pure-Python :class:`routing.memory.RequestMemory`, fast enough for a large history.

* Past requests' word counts live in a compressed sparse *column* matrix (one column per word, i.e. the posting
  lists as arrays), so a query's BM25 scores are a gather over the query's informative columns and one
  ``bincount``; nothing loops over past requests in Python.
* Team profiles (Rocchio) are a dense ``words × teams`` array; a query's cosines are a small matrix product.
* ``add`` appends to a tail kept in flat arrays (a byte per term count); the tail becomes a small matrix of its
  own before the next query and is merged once it is a fair share of the whole (during a bulk load, as it goes),
  so learning one request costs microseconds and memory stays near 5 bytes per (request, word).

``bench/routing.py`` measures it side by side with the hand-written index and ``bm25s``.
"""

from __future__ import annotations

import math
from array import array

import numpy as np
import scipy.sparse as sp

from routing.memory import _TF, Similarity, features
from routing.text import Tokens

_MERGE_SHARE = 0.1
"""Merge the tail into the matrix once it holds this share of all past requests (or ``_MERGE_MIN``)."""
_MERGE_MIN = 256
_BULK_MERGE_MIN = 20_000
"""While learning without queries in between, merge when the tail reaches this or half the merged history."""
_FOLD_EVERY = 500_000
"""Pending profile contributions folded in at the latest after this many entries (memory of a bulk load)."""


class SparseMemory:
    """Drop-in for :class:`routing.memory.RequestMemory` (same constructor, ``add``, ``similarity``)."""

    def __init__(self, n_teams: int, *, k1: float = 1.2, b: float = 0.75, query_terms: int = 32,
                 max_df_ratio: float = 0.05, similarity_floor: float = 0.3, posting_budget: int = 4096):
        self.n_teams, self.k1, self.b, self.query_terms = n_teams, k1, b, query_terms
        self.max_df_ratio, self.similarity_floor = max_df_ratio, similarity_floor
        self.posting_budget = posting_budget
        """At most this many postings are read per query (0: no limit, as RequestMemory)."""
        self.vocab: dict[str, int] = {}
        self.words: list[str] = []
        self.df = np.zeros(1024, dtype=np.int32)
        self.profiles = np.zeros((1024, n_teams), dtype=np.float64)
        """word → team: summed (length-normalised, log-tf) weight of the team's past requests."""
        self.team_weight = np.zeros(n_teams, dtype=np.float64)
        self.doc_team = array("i")
        self.doc_weight = array("d")
        self.doc_len = array("d")
        self.total_len = 0.0
        self._matrix: sp.csc_matrix | None = None
        """Merged past requests: rows are requests, columns words, values term counts."""
        self._tail_rows, self._tail_cols, self._tail_tf = array("i"), array("i"), array("B")
        self._pending = array("d")
        """Per tail entry from ``_folded`` on: its contribution to its team's profile (length-normalised log tf)."""
        self._folded = 0
        """Tail entries already counted in ``df`` and ``profiles``."""
        self._merged_docs = 0
        self._tail: sp.csc_matrix | None = None
        self._doc_norm = np.zeros(0)
        """Per past request: the length part of BM25, ``k1 · (1 − b + b · length / average length)``."""
        self._derived: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self.doc_team)

    @property
    def total_weight(self) -> float:
        return float(self.team_weight.sum())

    # -- learning -----------------------------------------------------------------------------------------------

    def add(self, tokens: Tokens, team: int, weight: float = 1.0) -> None:
        self.add_counts(features(tokens), team, weight)

    def add_counts(self, counts: dict[str, int], team: int, weight: float = 1.0) -> None:
        """Add one past request from its feature counts (see :func:`routing.memory.features`)."""
        if not counts:
            return
        doc = len(self.doc_team)
        vocab = self.vocab
        cols = []
        for w in counts:
            col = vocab.get(w)
            if col is None:
                col = vocab[w] = len(self.words)
                self.words.append(w)
            cols.append(col)
        if len(self.words) > len(self.df):
            self._grow(len(self.words))
        tfs = list(counts.values())
        logs = [1.0 + math.log(c) for c in tfs]
        norm = math.sqrt(sum(x * x for x in logs))
        # Word counts and team profiles are updated in bulk before the next query (see _fold): one numpy call
        # per request would cost more than everything else learning does.
        self._pending.extend([x * weight / norm for x in logs])
        self.team_weight[team] += weight
        self.doc_team.append(team)
        self.doc_weight.append(weight)
        length = float(sum(tfs))
        self.doc_len.append(length)
        self.total_len += length
        self._tail_rows.extend([doc] * len(cols))
        self._tail_cols.extend(cols)
        self._tail_tf.extend([min(c, 255) for c in tfs])  # one byte a term count (BM25 saturates long before)
        self._derived = None
        if len(self._pending) > _FOLD_EVERY:
            self._fold()
        if doc + 1 - self._merged_docs >= max(_BULK_MERGE_MIN, self._merged_docs // 2):
            self.compact()  # a bulk load: merge as it goes, so the flat tail never holds most of the history

    def _fold(self) -> None:
        """Count the tail entries added since the last fold in ``df`` and ``profiles``."""
        start = self._folded
        if start == len(self._tail_cols):
            return
        cols = np.frombuffer(self._tail_cols, dtype=np.int32)[start:].astype(np.int64)
        rows = np.frombuffer(self._tail_rows, dtype=np.int32)[start:]
        teams = np.frombuffer(self.doc_team, dtype=np.int32)[rows]
        values = np.frombuffer(self._pending, dtype=np.float64)
        np.add.at(self.df, cols, 1)
        np.add.at(self.profiles, (cols, teams), values)
        self._folded = len(self._tail_cols)
        self._pending = array("d")
        del cols, rows, teams, values  # views on the arrays: release them before the arrays grow again

    def _grow(self, needed: int) -> None:
        size = max(needed, 2 * len(self.df))
        df = np.zeros(size, dtype=np.int32)
        df[: len(self.df)] = self.df
        profiles = np.zeros((size, self.n_teams), dtype=np.float64)
        profiles[: len(self.profiles)] = self.profiles
        self.df, self.profiles = df, profiles

    def _tail_matrix(self) -> sp.csc_matrix:
        """The requests added since the last merge, rows counted from the first of them, values term counts."""
        rows = np.frombuffer(self._tail_rows, dtype=np.int32).copy() - self._merged_docs
        matrix = sp.csc_matrix(
            (np.frombuffer(self._tail_tf, dtype=np.uint8).copy(),
             (rows, np.frombuffer(self._tail_cols, dtype=np.int32).copy())),
            shape=(len(self.doc_team) - self._merged_docs, len(self.words)),
        )
        matrix.sort_indices()
        return matrix

    def compact(self) -> None:
        """Merge the tail into the matrix now (after a bulk load; queries merge a large tail themselves)."""
        if not self._tail_rows:
            return
        self._fold()
        tail = self._tail_matrix()
        if self._matrix is not None:
            old = self._matrix
            old.resize((old.shape[0], len(self.words)))
            tail.resize((tail.shape[0], len(self.words)))
            merged = sp.vstack([old, tail], format="csc")
        else:
            merged = tail
        merged.sort_indices()
        self._matrix = merged
        self._tail = None
        self._tail_rows, self._tail_cols, self._tail_tf = array("i"), array("i"), array("B")
        self._folded = 0
        self._merged_docs = len(self.doc_team)
        self._derived = None

    # -- querying -----------------------------------------------------------------------------------------------

    def _state(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(idf per word, 1 / profile norm per team (0 for an empty profile), request teams, request weights),
        recomputed after learning. A tail that has grown to a fair share of the history is merged first; a
        small one becomes a matrix of its own, so one new request never costs a rebuild of the whole."""
        if self._derived is None:
            self._fold()
            n = len(self.doc_team)
            if n - self._merged_docs >= max(_MERGE_MIN, _MERGE_SHARE * self._merged_docs):
                self.compact()
            self._tail = self._tail_matrix() if self._tail_rows else None
            n_words = len(self.words)
            df = self.df[:n_words].astype(np.float64)
            idf = np.log1p((n - df + 0.5) / (df + 0.5))
            profiles = self.profiles[:n_words]
            norms = np.sqrt(np.einsum("wt,wt,w->t", profiles, profiles, idf * idf))
            inverse_norms = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
            lengths = np.frombuffer(self.doc_len, dtype=np.float64)
            self._doc_norm = self.k1 * (1.0 - self.b + self.b * lengths / (self.total_len / n))
            del lengths  # a view on the array: release it before the array grows again
            self._derived = (idf, inverse_norms, np.frombuffer(self.doc_team, dtype=np.int32).copy(),
                             np.frombuffer(self.doc_weight, dtype=np.float64).copy())
        return self._derived

    def similarity(self, tokens: Tokens, *, neighbours: int = 5, explain: bool = True) -> Similarity:
        n_teams = self.n_teams
        vocab = self.vocab
        known = [(w, c, vocab[w]) for w, c in features(tokens).items() if w in vocab] if len(self.doc_team) else []
        if not known:
            return Similarity([0.0] * n_teams, [0.0] * n_teams, [() for _ in range(n_teams)], [0] * n_teams)
        idf, inverse_norms, doc_team, doc_weight = self._state()
        cols = np.array([k[2] for k in known], dtype=np.int64)
        i = idf[cols]
        x = np.array([_TF[c] if c < 32 else 1.0 + math.log(c) for _, c, _ in known]) * i
        q_norm = math.sqrt(float(x @ x))
        rows = self.profiles[cols]
        profile = ((x * i) @ rows) * inverse_norms / q_norm
        top = self._query_words(known, x, self.df[cols])
        words_out: list[tuple[str, ...]] = [() for _ in range(n_teams)]
        if explain and top and profile.max() > 0:
            # The words behind the profile match, among the query words used, for the leading teams.
            contrib = ((x[top] * i[top])[:, None] * rows[top]).tolist()
            names = [known[j][0] for j in top]
            for t in np.flatnonzero(profile >= 0.7 * profile.max()).tolist():
                ranked = sorted(((c[t], w) for c, w in zip(contrib, names, strict=True)), reverse=True)
                words_out[t] = tuple(w for v, w in ranked[:3] if v > 0)
        vote, counts_out = [0.0] * n_teams, [0] * n_teams
        if top:
            self._vote(cols[top], i[top], neighbours, (doc_team, doc_weight), vote, counts_out)
        return Similarity(profile.tolist(), vote, words_out, counts_out)

    def _query_words(self, known: list[tuple[str, int, int]], x: np.ndarray, df: np.ndarray) -> list[int]:
        """The query words the nearest past requests are looked up by (see RequestMemory.similarity): the most
        informative ones, skipping words in a large share of a big history."""
        n_docs = len(self.doc_team)
        max_df = n_docs if n_docs < 200 else max(50, int(self.max_df_ratio * n_docs))
        informative = [j for j in range(len(known)) if df[j] <= max_df]
        informative.sort(key=lambda j: (x[j], known[j][0]), reverse=True)
        top = informative[: self.query_terms]
        if self.posting_budget and top:
            # In a large history, stop at the word that would take the postings read past the budget (the
            # rarest words come first and say the most about which past requests are near-duplicates).
            cumulative = np.cumsum(df[top])
            top = top[: max(1, int(np.searchsorted(cumulative, self.posting_budget, side="right")))]
        return top

    def _candidates(self, cols: np.ndarray, idf: np.ndarray, pool_size: int) -> tuple[np.ndarray, np.ndarray]:
        """(past requests, BM25 scores) of the best ``pool_size`` past requests for the query words ``cols``,
        best first (ties: older first)."""
        parts = [(m, offset) for m, offset in ((self._matrix, 0), (self._tail, self._merged_docs)) if m is not None]
        gathered = [_postings(m, cols, idf, offset) for m, offset in parts]
        if len(gathered) == 1:
            rows, tf, factor = gathered[0]
        else:
            rows, tf, factor = (np.concatenate([g[j] for g in gathered]) for j in range(3))
        if not len(rows):
            return rows, tf
        weights = factor * (self.k1 + 1.0) * tf / (tf + self._doc_norm[rows])
        dense = np.bincount(rows, weights=weights, minlength=len(self.doc_team))
        # A request occurs once per query word it contains, so the best len(cols) × pool entries of the postings
        # hold at least `pool` distinct requests (a partial sort, not a pass over every past request).
        entries = dense[rows]
        wanted = pool_size * len(cols)
        if len(entries) > wanted:
            rows = rows[np.argpartition(-entries, wanted - 1)[:wanted]]
        touched = np.unique(rows)
        scores = dense[touched]
        if len(scores) > pool_size:
            keep = np.argpartition(-scores, pool_size - 1)[:pool_size]
            touched, scores = touched[keep], scores[keep]
        order = np.lexsort((touched, -scores))
        return touched[order], scores[order]

    def _vote(self, cols: np.ndarray, idf: np.ndarray, neighbours: int,
              docs: tuple[np.ndarray, np.ndarray], vote: list[float], counts_out: list[int]) -> None:
        """Noisy-OR of the nearest past requests per team (see RequestMemory.similarity)."""
        doc_team, doc_weight = docs
        ceiling = float(idf.sum())
        touched, scores = self._candidates(cols, idf, 3 * neighbours)
        if not len(touched) or ceiling <= 0:
            return
        best = np.argsort(-(scores * doc_weight[touched]), kind="stable")[:neighbours]
        miss = [1.0] * self.n_teams
        floor = self.similarity_floor
        for j in best.tolist():
            doc = int(touched[j])
            dw = float(doc_weight[doc])
            p = max(0.0, min(1.0, dw * float(scores[j]) / ceiling) - floor) / (1.0 - floor)
            if p > 0:
                t = int(doc_team[doc])
                miss[t] *= 1.0 - p * p
                counts_out[t] += 1
        for t in range(self.n_teams):
            vote[t] = 1.0 - miss[t]


def _postings(matrix: sp.csc_matrix, cols: np.ndarray, idf: np.ndarray,
              offset: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(request rows, term counts, idf of the entry's word) of the columns ``cols``: their slices, joined."""
    indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
    inside = cols < matrix.shape[1]
    kept = cols[inside]
    spans = list(zip(indptr[kept].tolist(), indptr[kept + 1].tolist(), strict=True))
    if not spans:
        return np.zeros(0, dtype=np.int32), np.zeros(0), np.zeros(0)
    rows = np.concatenate([indices[a:b] for a, b in spans])
    tf = np.concatenate([data[a:b] for a, b in spans]).astype(np.float64)
    factor = np.repeat(idf[inside], [b - a for a, b in spans])
    return (rows + offset if offset else rows), tf, factor
