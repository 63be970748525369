"""The hand-written index of past requests: team profiles, nearest past requests, and the words that explain."""

from __future__ import annotations

import pytest

from routing.memory import RequestMemory, Similarity, features
from routing.text import tokenize

HISTORY = [
    ("quartermaster cache fills the volume every night", 0),
    ("quartermaster cache eviction never runs", 0),
    ("lighthouse portal shows a blank tenant page", 1),
    ("lighthouse tenant switcher forgets the selection", 1),
    ("billing invoice totals are wrong", 2),
]


@pytest.fixture
def memory() -> RequestMemory:
    memory = RequestMemory(3)
    for text, team in HISTORY:
        memory.add(tokenize(text), team)
    return memory


def nothing(n: int) -> Similarity:
    return Similarity([0.0] * n, [0.0] * n, [()] * n, [0] * n)


def test_features_drop_stop_words_and_single_letters() -> None:
    assert features(tokenize("the cache is a problem: x cache")) == {"cach": 2}


def test_no_history_or_no_shared_word_is_no_similarity(memory: RequestMemory) -> None:
    assert RequestMemory(3).similarity(tokenize("quartermaster cache")) == nothing(3)
    assert memory.similarity(tokenize("entirely unrelated words")) == nothing(3)


def test_the_closest_team_leads_both_signals(memory: RequestMemory) -> None:
    sim = memory.similarity(tokenize("the quartermaster cache is full again"))
    assert max(range(3), key=lambda t: sim.profile[t]) == 0
    assert 0 < sim.profile[0] <= 1 and sim.profile[2] == 0.0
    assert sim.neighbour[0] > 0 and sim.neighbour[1:] == [0.0, 0.0]
    assert sim.neighbour_count == [2, 0, 0]


def test_words_explain_only_the_leading_teams(memory: RequestMemory) -> None:
    sim = memory.similarity(tokenize("lighthouse tenant page"))
    assert set(sim.profile_words[1]) == {"lighthous", "tenant", "page"}
    assert sim.profile_words[0] == () and sim.profile_words[2] == ()
    assert memory.similarity(tokenize("lighthouse tenant page"), explain=False).profile_words == [(), (), ()]


def test_fewer_neighbours_vote_when_asked(memory: RequestMemory) -> None:
    sim = memory.similarity(tokenize("quartermaster cache"), neighbours=1)
    assert sim.neighbour_count == [1, 0, 0]


def test_a_correction_weighs_more(memory: RequestMemory) -> None:
    text = "invoice cache totals"
    before = memory.similarity(tokenize(text)).neighbour
    memory.add(tokenize("invoice cache totals wrong"), 0, weight=2.0)
    after = memory.similarity(tokenize(text)).neighbour
    assert after[0] > before[0]
    assert memory.total_weight == len(HISTORY) + 2.0 and len(memory) == len(HISTORY) + 1
