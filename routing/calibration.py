"""Confidence that means something: the router's raw confidence mapped to how often such suggestions were right.

Fitted on out-of-fold suggestions over a team's own history (:mod:`routing.evaluation`) with scikit-learn's
isotonic regression (monotone: a higher raw confidence never means a lower calibrated one). The fitted curve's
steps are merged until each holds enough suggestions and lowered to the lower end of their 90 % Wilson
interval, so a step backed by few suggestions claims less than the share it happened to get right: "≥ 90 %"
is meant to hold on unseen requests, not only on the ones it was fitted on. The curve is a handful of
breakpoints, stored with the history and applied with linear interpolation (no scikit-learn at suggestion time).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MIN_EXAMPLES = 60
"""Fewer out-of-fold suggestions than this: no calibration (the raw confidence is used)."""
_Z = 1.645  # one-sided 95 % / two-sided 90 %


@dataclass(frozen=True)
class Calibration:
    xs: tuple[float, ...]
    """Raw confidences (increasing)."""
    ys: tuple[float, ...]
    """Calibrated confidence at each of ``xs`` (non-decreasing)."""
    examples: int = 0
    """How many out-of-fold suggestions it was fitted on."""

    def __call__(self, raw: float) -> float:
        xs, ys = self.xs, self.ys
        if raw <= xs[0]:
            return ys[0]
        if raw >= xs[-1]:
            return ys[-1]
        i = bisect_right(xs, raw)
        x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (raw - x0) / (x1 - x0)

    def to_dict(self) -> dict[str, Any]:
        return {"xs": list(self.xs), "ys": list(self.ys), "examples": self.examples}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Calibration | None:
        xs, ys = data.get("xs"), data.get("ys")
        if not isinstance(xs, list) or not isinstance(ys, list) or not xs or len(xs) != len(ys):
            return None
        return cls(tuple(float(x) for x in xs), tuple(float(y) for y in ys), int(data.get("examples", 0)))


def wilson_lower(right: float, n: float) -> float:
    """Lower end of the Wilson score interval for ``right`` successes out of ``n``."""
    if n <= 0:
        return 0.0
    p = right / n
    z2 = _Z * _Z
    centre = p + z2 / (2 * n)
    spread = _Z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, (centre - spread) / (1 + z2 / n))


def fit(raw: Sequence[float], correct: Sequence[bool]) -> Calibration | None:
    """The calibration curve for out-of-fold ``raw`` confidences and whether each suggestion was right."""
    if len(raw) < MIN_EXAMPLES or len(raw) != len(correct):
        return None
    import numpy as np
    from sklearn.isotonic import IsotonicRegression

    x = np.asarray(raw, dtype=np.float64)
    y = np.asarray(correct, dtype=np.float64)
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    fitted = IsotonicRegression(y_min=0.0, y_max=1.0, increasing=True, out_of_bounds="clip").fit(x, y).predict(x)
    # Steps of the fitted curve (runs of equal values), merged left to right until each holds enough suggestions
    # for its share of right ones to mean something; each step then stands at its Wilson lower bound.
    least = max(20, len(x) // 40)
    steps: list[tuple[int, int]] = []
    start = 0
    for end in range(1, len(x) + 1):
        if end == len(x) or (fitted[end] != fitted[end - 1] and end - start >= least):
            steps.append((start, end))
            start = end
    if len(steps) > 1 and steps[-1][1] - steps[-1][0] < least:
        steps[-2:] = [(steps[-2][0], steps[-1][1])]
    lower = np.array([wilson_lower(float(y[a:b].sum()), b - a) for a, b in steps])
    sizes = np.array([b - a for a, b in steps], dtype=np.float64)
    # Merging steps can leave the lower bounds out of order: pool them (weighted) back into a monotone curve.
    centres = np.arange(len(steps), dtype=np.float64)
    monotone = IsotonicRegression(increasing=True).fit(centres, lower, sample_weight=sizes).predict(centres)
    xs: list[float] = []
    ys: list[float] = []
    for (a, b), value in zip(steps, monotone, strict=True):
        xs += [float(x[a]), float(x[b - 1])]
        ys += [float(value), float(value)]
    return Calibration(tuple(xs), tuple(ys), len(raw))
