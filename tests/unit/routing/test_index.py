"""The sparse-matrix index computes what the hand-written one does, merged or not, and stays bounded per query."""

from __future__ import annotations

import random

import pytest

from routing.index import SparseMemory
from routing.memory import RequestMemory
from routing.text import tokenize

WORDS = [f"w{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676)}" for i in range(3000)]


def _texts(seed: int, n: int) -> list[tuple[str, int, float]]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        # Zipf-like word frequencies; long enough texts that two past requests rarely tie for a query.
        words = rnd.choices(WORDS, weights=[1 / (r + 10) for r in range(len(WORDS))], k=rnd.randint(8, 40))
        out.append((" ".join(words), rnd.randrange(4), rnd.choice((1.0, 1.0, 2.0))))
    return out


def _assert_same(a: RequestMemory, b: SparseMemory, queries: list[str]) -> None:
    for q in queries:
        tokens = tokenize(q)
        x, y = a.similarity(tokens), b.similarity(tokens)
        assert y.profile == pytest.approx(x.profile, abs=1e-6)
        assert y.neighbour == pytest.approx(x.neighbour, abs=1e-5)
        assert y.neighbour_count == x.neighbour_count
        # The same explaining words (their order may differ where two contributions tie up to rounding).
        assert [set(w) for w in y.profile_words] == [set(w) for w in x.profile_words]


@pytest.mark.parametrize("seed", range(6))
def test_same_similarities_as_the_hand_written_index(seed: int) -> None:
    history = _texts(seed, 400)
    queries = [t for t, _, _ in _texts(seed + 100, 25)]
    a, b = RequestMemory(4), SparseMemory(4, posting_budget=0)
    for i, (text, team, weight) in enumerate(history):
        a.add(tokenize(text), team, weight)
        b.add(tokenize(text), team, weight)
        if i in (0, 57, 399):  # a one-request history, a tail over a merged matrix, everything merged
            _assert_same(a, b, queries)
    b.compact()
    _assert_same(a, b, queries)
    assert len(b) == len(a) and b.total_weight == pytest.approx(a.total_weight)


def test_a_query_reads_at_most_the_posting_budget() -> None:
    memory = SparseMemory(4, posting_budget=100)
    for text, team, weight in _texts(7, 2000):
        memory.add(tokenize(text), team, weight)
    read: list[int] = []
    import routing.index as index

    original = index._postings

    def counting(*args):  # type: ignore[no-untyped-def]
        found = original(*args)
        read.append(len(found[0]))
        return found

    index._postings = counting
    try:
        sim = memory.similarity(tokenize(" ".join(WORDS[500:540])))
    finally:
        index._postings = original
    assert read and sum(read) <= 100 + max(int(memory.df[memory.vocab[w]]) for w in WORDS[500:540])
    assert max(sim.neighbour) > 0


def test_unknown_words_and_an_empty_index() -> None:
    memory = SparseMemory(3)
    assert memory.similarity(tokenize("anything at all")).neighbour == [0.0, 0.0, 0.0]
    memory.add(tokenize("quartermaster cache"), 1)
    assert memory.similarity(tokenize("nothing in common")).profile == [0.0, 0.0, 0.0]
    assert memory.similarity(tokenize("quartermaster")).profile[1] > 0.5
