"""The report's p50 / p90 are numpy.percentile's (its default, linear method), computed without its overhead."""

from __future__ import annotations

import numpy as np
import pytest

from bot.reports.figures import _percentiles


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4, 5, 9, 10, 11, 12, 101, 1000, 4321])
def test_same_as_numpy(n: int) -> None:
    rng = np.random.default_rng(n)
    for _ in range(20):
        values = np.round(rng.exponential(3600.0, n), 3)
        values[rng.random(n) < 0.2] = np.nan  # not claimed or not resolved: left out
        values[rng.random(n) < 0.1] = 60.0  # ties
        present = values[~np.isnan(values)]
        expected = (None, None) if not len(present) else tuple(
            round(float(v), 3) for v in np.percentile(present, [50, 90]))
        assert _percentiles(values) == expected
