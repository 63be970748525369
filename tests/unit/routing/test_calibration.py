"""Calibration: monotone, conservative where the evidence is thin, and it keeps its promise on fresh data."""

from __future__ import annotations

import random

import pytest

from routing.calibration import Calibration, fit, wilson_lower


def _sample(n: int, seed: int) -> tuple[list[float], list[bool]]:
    """Raw confidences that overstate: a suggestion at raw confidence c is right with probability c²."""
    rnd = random.Random(seed)
    raw = [rnd.random() for _ in range(n)]
    return raw, [rnd.random() < c * c for c in raw]


def test_too_little_history_gives_no_calibration() -> None:
    assert fit([0.5] * 10, [True] * 10) is None


def test_the_curve_is_monotone_and_maps_overconfidence_down() -> None:
    curve = fit(*_sample(4000, 1))
    assert curve is not None
    values = [curve(x / 100) for x in range(101)]
    assert values == sorted(values)
    assert curve(0.5) == pytest.approx(0.25, abs=0.08)  # right a quarter of the time at raw 0.5
    assert curve(0.5) < 0.5


def test_ninety_percent_means_ninety_percent_on_fresh_data() -> None:
    curve = fit(*_sample(4000, 2))
    assert curve is not None
    raw, right = _sample(20000, 3)
    sure = [r for x, r in zip(raw, right, strict=True) if curve(x) >= 0.9]
    assert len(sure) > 500
    assert sum(sure) / len(sure) >= 0.93  # at least what it says: the steps stand at their lower bounds


def test_a_thin_step_claims_less_than_it_scored() -> None:
    assert wilson_lower(10, 10) < 0.9 < wilson_lower(200, 200)
    assert wilson_lower(0, 0) == 0.0


def test_round_trip_through_storage() -> None:
    curve = fit(*_sample(500, 4))
    assert curve is not None
    again = Calibration.from_dict(curve.to_dict())
    assert again == curve and again(0.7) == curve(0.7)
    assert Calibration.from_dict({"xs": [1], "ys": []}) is None
