"""A synthetic routing history for the benchmarks: realistic-looking past requests at any size.

Each synthetic request is built from a labelled dev ticket of its team: a shuffled subset of the ticket's lines
and words, plus words drawn from a large Zipf-distributed vocabulary of made-up product words (so that the
vocabulary keeps growing with the history, as a real tracker's does), labelled with the ticket's team.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence

FILLER_WORDS = 40_000
"""Size of the made-up vocabulary."""


def synthetic_history(seeds: Sequence[tuple[str, str]], n: int, *, seed: int = 0) -> Iterator[tuple[str, str]]:
    """``n`` (text, team) pairs from ``seeds`` (text, team), deterministic for a ``seed``."""
    rnd = random.Random(seed)
    filler = [f"{_syllables(rnd)}" for _ in range(FILLER_WORDS)]
    cumulative = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(FILLER_WORDS)))
    split = [(text.split("\n", 1)[0], text.split(), team) for text, team in seeds]
    for _ in range(n):
        title, words, team = rnd.choice(split)
        keep = rnd.sample(words, k=max(1, int(len(words) * rnd.uniform(0.2, 0.6))))
        noise = rnd.choices(filler, cum_weights=cumulative, k=rnd.randint(5, 40))
        body = keep + noise
        rnd.shuffle(body)
        head = " ".join(rnd.sample(title.split(), k=max(1, len(title.split()) // 2)) or [title])
        yield f"{head}\n\n{' '.join(body)}", team


def _syllables(rnd: random.Random) -> str:
    return "".join(rnd.choice("bcdfghjklmnprstvz") + rnd.choice("aeiou") for _ in range(rnd.randint(2, 4)))
