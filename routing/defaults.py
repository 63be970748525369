"""The numbers the router uses where a vocabulary's ``[settings]`` and ``[weights]`` do not say otherwise.

A config overrides them in its ``[routing]`` table (format: :mod:`routing.vocabulary_format`); the router reads
them through :meth:`routing.vocabulary.Vocabulary.setting`.
"""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_SETTINGS: Mapping[str, float] = {
    # Confidence below which a suggestion is unsure.
    "unsure_below": 0.3,
    # Weight of a config team keyword that the vocabulary does not mention for that team.
    "keyword_weight": 1.5,
    # A term matched in the title (first line) counts this many times.
    "title_boost": 2.0,
    # A term in the title's area prefix ("batches: …", "[deploy-sourcegraph] …") counts this many times.
    "prefix_boost": 4.0,
    # Keyword score → probability: softmax temperature.
    "temperature": 3.5,
    # Learning: weight of the team-profile similarity (0..1 cosine) in score units, at full strength.
    "profile_weight": 7.0,
    # Learning: profile similarity (cosine) below which the profile part is scaled down proportionally.
    "profile_gate": 0.3,
    # Learning: weight of the nearest past requests' similarity, in score units.
    "neighbour_weight": 8.0,
    # Learning: past requests less similar than this (0..1) do not count as neighbours.
    "neighbour_floor": 0.3,
    # Learning: number of past requests at which the learned part reaches half strength.
    "learn_half": 40.0,
    # Learning: how many nearest past requests vote.
    "neighbours": 5.0,
    # Learning: a correction (suggestion ≠ final team) counts this many times.
    "correction_weight": 2.0,
}

DEFAULT_WEIGHTS: Mapping[str, float] = {"decisive": 5.0, "strong": 3.0, "medium": 1.5, "weak": 0.6}
