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
"""Log term frequency of the small counts almost every word has, looked up rather than computed per query."""

_QueryWord = tuple[float, str, float, int]
"""(tf-idf weight in the query, word, idf, document frequency)."""


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
        self._word_cache: dict[str, tuple[float, int]] = {}

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

    # -- querying -----------------------------------------------------------------------------------------------

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

    def _word_entry(self, word: str) -> tuple[float, int]:
        """(idf, document frequency) for the current documents."""
        postings = self.postings.get(word)
        return self.idf(word), len(postings) if postings else 0

    def _doc_norms(self) -> list[float]:
        if self._doc_norm is None:
            avg = self.total_len / len(self.doc_team)
            k1, b = self.k1, self.b
            self._doc_norm = [k1 * (1.0 - b + b * dl / avg) for dl in self.doc_len]
        return self._doc_norm

    def similarity(self, tokens: Tokens, *, neighbours: int = 5, explain: bool = True) -> Similarity:
        """Both learned signals for a text; ``explain``: also the words behind the profile match."""
        n_teams = self.n_teams
        query = self._query(tokens) if self.doc_team else []
        if not query:
            return Similarity([0.0] * n_teams, [0.0] * n_teams, [() for _ in range(n_teams)], [0] * n_teams)
        profile = self._profile_cosines(query)
        top_words = self._informative(query)
        words: list[tuple[str, ...]] = [() for _ in range(n_teams)]
        if explain:
            words = self._profile_words(profile, top_words)
        vote, counts = self._neighbour_vote(top_words, neighbours)
        return Similarity(profile, vote, words, counts)

    def _query(self, tokens: Tokens) -> list[_QueryWord]:
        """The text's words that past requests have, in the text's order."""
        # idf and df cached until the next ``add``: queries share most of their words.
        cache = self._word_cache
        query = []
        for w, c in features(tokens).items():
            entry = cache.get(w)
            if entry is None:
                if len(cache) > 200_000:
                    cache.clear()
                entry = cache[w] = self._word_entry(w)
            i, df = entry
            if df:
                query.append(((_TF[c] if c < 32 else 1.0 + math.log(c)) * i, w, i, df))
        return query

    def _profile_cosines(self, query: list[_QueryWord]) -> list[float]:
        """Per team: the TF-IDF cosine of the query with the team's profile."""
        dots = [0.0] * self.n_teams
        profiles = self.profiles
        for x, w, i, _df in query:
            f = x * i
            for t, v in profiles[w].items():
                dots[t] += f * v
        q_norm = math.sqrt(sum(x * x for x, _, _, _ in query))
        norms = self._norms()
        return [dot / (norms[t] * q_norm) if norms[t] else dot for t, dot in enumerate(dots)]

    def _informative(self, query: list[_QueryWord]) -> list[_QueryWord]:
        """The query words the nearest past requests are looked up by: the most informative ones. Words in a large
        share of a big history are skipped (speed; they tell few requests apart)."""
        n_docs = len(self.doc_team)
        max_df = n_docs if n_docs < 200 else max(50, int(self.max_df_ratio * n_docs))
        informative = [item for item in query if item[3] <= max_df]
        informative.sort(reverse=True)
        return informative[: self.query_terms]

    def _profile_words(self, profile: list[float], top_words: list[_QueryWord]) -> list[tuple[str, ...]]:
        """The words behind the profile match, among the most informative query words, for the leading teams
        (the router shows "past requests: …" only for those)."""
        words: list[tuple[str, ...]] = [() for _ in range(self.n_teams)]
        top = max(profile)
        for t in range(self.n_teams):
            if top > 0 and profile[t] >= 0.7 * top:
                contrib = sorted(((qw * i * self.profiles[w].get(t, 0.0), w) for qw, w, i, _ in top_words),
                                 reverse=True)
                words[t] = tuple(w for x, w in contrib[:3] if x > 0)
        return words

    def _bm25(self, top_words: list[_QueryWord]) -> tuple[dict[int, float], float]:
        """(BM25 score per past request sharing a word with the query, the score a request would need to match
        every query word fully: the sum of their idfs)."""
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
        return scores, ceiling

    def _neighbour_vote(self, top_words: list[_QueryWord], neighbours: int) -> tuple[list[float], list[int]]:
        """(noisy-OR of the nearest past requests' similarities per team, how many of them went to each team)."""
        n_teams = self.n_teams
        scores, ceiling = self._bm25(top_words)
        counts = [0] * n_teams
        if not scores or ceiling <= 0:
            return [0.0] * n_teams, counts
        dw = self.doc_weight
        # A pool of the most similar, re-ranked by similarity × weight: a correction outranks requests about as close.
        pool = sorted(scores.items(), key=itemgetter(1), reverse=True)[: 3 * neighbours]
        best = sorted(pool, key=lambda kv: kv[1] * dw[kv[0]], reverse=True)[:neighbours]
        miss = [1.0] * n_teams
        floor = self.similarity_floor
        for doc, s in best:
            t = self.doc_team[doc]
            p = max(0.0, min(1.0, dw[doc] * s / ceiling) - floor) / (1.0 - floor)
            if p > 0:
                miss[t] *= 1.0 - p * p  # squared: near-duplicates weigh most
                counts[t] += 1
        return [1.0 - m for m in miss], counts
