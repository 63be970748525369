"""The related index turns one text into its TF-IDF row itself: the very values scikit-learn's transform gives."""

from __future__ import annotations

import random

import numpy as np
import pytest

from bot.related.index import RelatedIndex, _row

WORDS = ("pods crash crash-loop kubernetes Kubernetes SAML login fails on a an of to in is helm chart upgrade "
         "upgrading Zoekt indexing search-core batch changes code intel LSIF gitserver repo-updater OOM memory disk "
         "full slow timeout 502 error errors errored customer Acme the their our café 漢字 🙂 5.1 v5.1.0").split()


@pytest.mark.parametrize("seed,history", [(1, 60), (2, 400), (3, 1500)])
def test_the_row_of_any_text_equals_scikit_learns_value_for_value(seed, history):
    rng = random.Random(seed)

    def text() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 60)))

    index = RelatedIndex()
    index.rebuild([(i, text()) for i in range(history)])
    vectorizer = index._vectorizer
    assert vectorizer is not None
    for _ in range(1000):
        query = text() + rng.choice(["", " neverseenword", " ", "\n\nthe"])
        expected, got = vectorizer.transform([query]), _row(vectorizer, query)
        assert got.shape == expected.shape and got.dtype == expected.dtype
        assert np.array_equal(got.indptr, expected.indptr) and np.array_equal(got.indices, expected.indices)
        assert np.array_equal(got.data, expected.data), query  # bit for bit: scores and thresholds unchanged
