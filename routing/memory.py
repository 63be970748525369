"""Learning from use: an in-memory index of past requests (text → final team), queried by similarity.

Two signals, both computed in process from the stored requests' words:

* **team profiles** (Rocchio): each team's past requests summed into one word vector; a new text's TF-IDF cosine
  with each profile picks up the vocabulary a team actually gets asked about, even words no table lists;
* **nearest past requests** (BM25): the most similar individual requests vote for their team, so a correction
  ("this kind of request goes to X") changes the suggestion for the next similar text right away.

``learn`` is O(words of the text); IDF-dependent norms are recomputed lazily on the next query.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter

from routing.text import Tokens

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being below between
    both but by can could did do doe does doing don down during each either else etc even ever every few for from
    further get got had has have having he her here hers him his how however i if in into is it its itself just
    let like ll may me might more most much must my need no nor not now of off on once one only or other our ours
    out over own per please re really same see seem seems she should since so some still such than that the their
    them then there these they thi this those though through thu to too under until up upon us use used using ve
    very via want was way we well were what when where whether which while who whom why will with within without
    would yet you your yours
    issue bug feature request describe descript problem related expected behavior behaviour actual reproduce step
    version platform information sourcegraph currently think know new make work thing something able would could
    """.split()
)


@dataclass(frozen=True, slots=True)
class Similarity:
    profile: list[float]
    """Per team: cosine of the text with the team's profile (0..1), over the words the text shares with past
    requests."""
    neighbour: list[float]
    """Per team: noisy-OR of the nearest past requests' similarities (0..1), rescaled above a floor and squared
    so that near-duplicates weigh most; a correction's similarity counts double."""
    profile_words: list[tuple[str, ...]]
    """Per team: the shared words that contribute most to the profile similarity."""
    neighbour_count: list[int]
    """Per team: how many of the nearest past requests (above the similarity floor) went to the team."""


_TF = [0.0] + [1.0 + math.log(c) for c in range(1, 32)]


def features(tokens: Tokens) -> dict[str, int]:
    """Word counts used for similarity: normalised words minus stop words and one-letter words."""
    counts = Counter(tokens.norms)
    for w in STOPWORDS.intersection(counts):
        del counts[w]
    for w in [w for w in counts if len(w) < 2]:
        del counts[w]
    return counts


class RequestMemory:
    def __init__(self, n_teams: int, *, k1: float = 1.2, b: float = 0.75, query_terms: int = 32,
                 max_df_ratio: float = 0.05, similarity_floor: float = 0.3):
        self.n_teams = n_teams
        self.k1 = k1
        self.b = b
        self.query_terms = query_terms
        self.max_df_ratio = max_df_ratio
        self.similarity_floor = similarity_floor
        """Past requests less similar than this (BM25, normalised to 0..1) do not vote."""
        self.doc_team: list[int] = []
        self.doc_weight: list[float] = []
        self.doc_len: list[int] = []
        self.postings: dict[str, list[tuple[int, int]]] = {}
        self.total_len = 0
        self.profiles: dict[str, dict[int, float]] = {}
        """word → team → summed (length-normalised) term weight of the team's past requests."""
        self.team_weight: list[float] = [0.0] * n_teams
        self._profile_norms: list[float] | None = None
        self._doc_norm: list[float] | None = None
        self._word_cache: dict[str, tuple[float, tuple[tuple[int, float], ...], int]] = {}

    def __len__(self) -> int:
        return len(self.doc_team)

    @property
    def total_weight(self) -> float:
        return sum(self.team_weight)

    def add(self, tokens: Tokens, team: int, weight: float = 1.0) -> None:
        counts = features(tokens)
        if not counts:
            return
        doc = len(self.doc_team)
        self.doc_team.append(team)
        self.doc_weight.append(weight)
        length = sum(counts.values())
        self.doc_len.append(length)
        self.total_len += length
        norm = math.sqrt(sum((1.0 + math.log(c)) ** 2 for c in counts.values()))
        for w, c in counts.items():
            self.postings.setdefault(w, []).append((doc, c))
            by_team = self.profiles.setdefault(w, {})
            by_team[team] = by_team.get(team, 0.0) + weight * (1.0 + math.log(c)) / norm
        self.team_weight[team] += weight
        self._profile_norms = None
        self._doc_norm = None
        self._word_cache.clear()

    def idf(self, word: str) -> float:
        postings = self.postings.get(word)
        df = len(postings) if postings else 0
        n = len(self.doc_team)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def _norms(self) -> list[float]:
        if self._profile_norms is None:
            sq = [0.0] * self.n_teams
            idf = self.idf
            for w, by_team in self.profiles.items():
                i2 = idf(w) ** 2
                for t, v in by_team.items():
                    sq[t] += v * v * i2
            self._profile_norms = [math.sqrt(x) for x in sq]
        return self._profile_norms

    def _word_entry(self, word: str) -> tuple[float, tuple[tuple[int, float], ...], int]:
        """(idf, the word's per-team profile weights, document frequency) for the current documents."""
        postings = self.postings.get(word)
        df = len(postings) if postings else 0
        n = len(self.doc_team)
        idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        return idf, tuple(self.profiles.get(word, {}).items()), df

    def _doc_norms(self) -> list[float]:
        if self._doc_norm is None:
            avg = self.total_len / len(self.doc_team)
            k1, b = self.k1, self.b
            self._doc_norm = [k1 * (1.0 - b + b * dl / avg) for dl in self.doc_len]
        return self._doc_norm

    def similarity(self, tokens: Tokens, *, neighbours: int = 5, explain: bool = True) -> Similarity:
        n_teams = self.n_teams
        profile_sim = [0.0] * n_teams
        vote = [0.0] * n_teams
        words_out: list[tuple[str, ...]] = [() for _ in range(n_teams)]
        counts_out = [0] * n_teams
        n_docs = len(self.doc_team)
        counts = features(tokens) if n_docs else {}
        cache = self._word_cache
        weighted: list[tuple[float, str, float, int]] = []
        q_sq = 0.0
        for w, c in counts.items():
            entry = cache.get(w)
            if entry is None:
                if len(cache) > 200_000:
                    cache.clear()
                entry = cache[w] = self._word_entry(w)
            i, items, df = entry
            if df:
                x = (_TF[c] if c < 32 else 1.0 + math.log(c)) * i
                q_sq += x * x
                weighted.append((x, w, i, df))
                f = x * i
                for t, v in items:
                    profile_sim[t] += f * v
        if not weighted:
            return Similarity(profile_sim, vote, words_out, counts_out)
        q_norm = math.sqrt(q_sq)

        # Team profiles: TF-IDF cosine.
        norms = self._norms()
        for t in range(n_teams):
            if norms[t]:
                profile_sim[t] /= norms[t] * q_norm
        # Nearest past requests: BM25 over the most informative query words, normalised to 0..1.
        # Words in a large share of a big history are skipped here (speed; they tell few requests apart).
        max_df = n_docs if n_docs < 200 else max(50, int(self.max_df_ratio * n_docs))
        informative = [item for item in weighted if item[3] <= max_df]
        informative.sort(reverse=True)
        top_words = informative[: self.query_terms]
        postings = self.postings
        doc_norm = self._doc_norms()
        k1p1 = self.k1 + 1.0
        scores: dict[int, float] = {}
        ceiling = 0.0
        get = scores.get
        for _, w, i, _df in top_words:
            ceiling += i
            ik = i * k1p1
            for doc, tf in postings[w]:
                scores[doc] = get(doc, 0.0) + ik * tf / (tf + doc_norm[doc])
        if explain:
            # The words behind the profile match, among the most informative query words, for the leading teams.
            profiles = self.profiles
            top = max(profile_sim)
            for t in range(n_teams):
                if top > 0 and profile_sim[t] >= 0.7 * top:
                    contrib = [(qw * i * profiles[w].get(t, 0.0), w) for qw, w, i, _ in top_words]
                    contrib.sort(reverse=True)
                    words_out[t] = tuple(w for x, w in contrib[:3] if x > 0)
        if scores and ceiling > 0:
            dw = self.doc_weight
            pool = sorted(scores.items(), key=itemgetter(1), reverse=True)[: 3 * neighbours]
            best = sorted(pool, key=lambda kv: kv[1] * dw[kv[0]], reverse=True)[:neighbours]
            miss = [1.0] * n_teams
            floor = self.similarity_floor
            for doc, s in best:
                t = self.doc_team[doc]
                p = max(0.0, min(1.0, dw[doc] * s / ceiling) - floor) / (1.0 - floor)
                if p > 0:
                    miss[t] *= 1.0 - p * p
                    counts_out[t] += 1
            vote = [1.0 - m for m in miss]
        return Similarity(profile_sim, vote, words_out, counts_out)
