"""The router: which team should help with a request, how sure it is, and why.

A suggestion blends two models:

1. the **keyword model** (cold start): the vocabulary's weighted terms, disambiguation rules, negative evidence
   and alert owners (:mod:`routing.vocabulary`, :mod:`routing.matcher`) give each team a score; terms in the
   title count more, repeated terms count logarithmically;
2. the **learned model**: similarity to past requests with known final teams (:mod:`routing.memory`), added to
   the keyword score. Team profiles (the words of each team's past requests) count with a strength that grows
   with the number of past requests (``learn_half``), so the table alone works on day one and a team's own
   vocabulary takes over with use; the nearest past requests count by their similarity alone, so a request
   like one that was corrected (re-routed, or the requester picked another team) follows the correction.

Scores become a probability per team (softmax with ``temperature``). The confidence is the probability of the
best team plus that of its group siblings (both search teams share the #search channel, so picking the wrong
one of the two costs little); below ``unsure_below`` the suggestion is *unsure*: ``best`` is ``None`` and the
modal asks the requester to pick.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from routing.calibration import Calibration
from routing.index import SparseMemory
from routing.matcher import CompiledVocabulary
from routing.memory import RequestMemory
from routing.teams import TeamTable
from routing.text import Tokens, tokenize
from routing.vocabulary import Vocabulary

MAX_EVIDENCE = 8


@dataclass(frozen=True)
class Candidate:
    team_id: str
    score: float
    """Probability-like score in 0..1; the scores of all candidates sum to 1."""
    evidence: tuple[str, ...] = ()
    """What matched for this team, strongest first (e.g. ``("SAML", "SSO", "code host + cloning/sync")``)."""


@dataclass(frozen=True)
class Suggestion:
    candidates: tuple[Candidate, ...]
    """All teams, best first."""
    confidence: float
    unsure: bool

    @property
    def best(self) -> Candidate | None:
        """The suggested team, or ``None`` when unsure."""
        if self.unsure or not self.candidates:
            return None
        return self.candidates[0]

    @property
    def top(self) -> Candidate | None:
        """The highest-ranked team even when unsure (for reports and benchmarks)."""
        return self.candidates[0] if self.candidates else None

    def ranked_ids(self) -> list[str]:
        return [c.team_id for c in self.candidates]


class Router:
    def __init__(
        self,
        table: TeamTable,
        vocabulary: Vocabulary | None = None,
        *,
        unsure_below: float | None = None,
        learning: bool = True,
        index: str = "sparse",
    ):
        self.table = table
        self.vocabulary = vocabulary if vocabulary is not None else Vocabulary.builtin()
        self.compiled = CompiledVocabulary(self.vocabulary, table)
        self.team_ids = self.compiled.team_ids
        setting = self.vocabulary.setting
        self.unsure_below = setting("unsure_below") if unsure_below is None else unsure_below
        self.temperature = setting("temperature")
        self.profile_weight = setting("profile_weight")
        self.profile_gate = setting("profile_gate")
        self.neighbour_weight = setting("neighbour_weight")
        self.learn_half = setting("learn_half")
        self.neighbours = max(1, int(setting("neighbours")))
        self.correction_weight = setting("correction_weight")
        self.learning = learning
        memory = {"sparse": SparseMemory, "python": RequestMemory}[index]
        self.memory: SparseMemory | RequestMemory = memory(len(self.team_ids),
                                                           similarity_floor=setting("neighbour_floor"))
        self._surface: dict[str, str] = {}
        self.calibration: Calibration | None = None
        """Maps the blended score's confidence to the share of such suggestions that were right, measured on the
        team's history (see :mod:`routing.evaluation`); ``None`` until there is enough history."""

    # -- learning -----------------------------------------------------------------------------------------------

    def learn(self, text: str, team_id: str, *, suggested: str | None = None, tokens: Tokens | None = None) -> None:
        """Record a request's final team. Pass the original ``suggested`` team when known: a final team that
        differs from it (a re-route, or the requester picking another team) is a correction and counts more.
        Unknown team ids (teams since removed from the config) and empty texts are ignored. ``tokens``: the
        text already tokenised (cross-validation learns each text several times)."""
        team = self.compiled.team_index.get(team_id)
        if team is None or not text or not text.strip():
            return
        if tokens is None:
            tokens = tokenize(text)
        weight = self.correction_weight if suggested is not None and suggested != team_id else 1.0
        self.memory.add(tokens, team, weight)
        surface = self._surface
        for norm, orig in zip(tokens.norms, tokens.origs, strict=True):
            if norm not in surface:
                surface[norm] = orig.lower()

    def learn_many(self, examples: Iterable[tuple[str, str] | tuple[str, str, str | None]]) -> None:
        """``learn`` for each ``(text, final team)`` or ``(text, final team, suggested team)``."""
        for example in examples:
            if len(example) == 3:
                text, team_id, suggested = example
                self.learn(text, team_id, suggested=suggested)
            else:
                text, team_id = example[0], example[1]
                self.learn(text, team_id)
        self.compact()

    def compact(self) -> None:
        """Make the index ready for fast queries after a bulk load (the next query would do it otherwise)."""
        if isinstance(self.memory, SparseMemory):
            self.memory.compact()

    @property
    def learned(self) -> int:
        """How many past requests the router has learned from."""
        return len(self.memory)

    # -- suggesting ---------------------------------------------------------------------------------------------

    def suggest(self, text: str, *, tokens: Tokens | None = None) -> Suggestion:
        if tokens is None:
            tokens = tokenize(text or "")
        match = self.compiled.score(tokens)
        scores = match.scores
        evidence = match.evidence

        if self.learning and len(self.memory):
            sim = self.memory.similarity(tokens, neighbours=self.neighbours)
            strength = self.memory.total_weight / (self.memory.total_weight + self.learn_half)
            top_profile = max(sim.profile)
            # A weak best match (all profiles far from the text) says little about which team it is.
            gate = min(1.0, top_profile / self.profile_gate) if self.profile_gate > 0 else 1.0
            for t in range(len(scores)):
                if top_profile > 0 and sim.profile[t] > 0:
                    relative = sim.profile[t] / top_profile
                    profile = strength * self.profile_weight * relative * relative * gate
                    scores[t] += profile
                    words = [self._surface.get(w, w) for w in sim.profile_words[t]]
                    if words and relative >= 0.7:
                        evidence[t]["past requests: " + ", ".join(words)] = profile
                if sim.neighbour[t] > 0:
                    # Similar past requests count by how similar they are (near-duplicates such as a corrected
                    # request's follow-up weigh most), not by how many requests there are in all.
                    neighbour = self.neighbour_weight * sim.neighbour[t]
                    scores[t] += neighbour
                    n = sim.neighbour_count[t]
                    evidence[t][f"similar to {n} past request{'s' if n != 1 else ''}"] = neighbour

        return self._suggestion(scores, evidence)

    def _suggestion(self, scores: Sequence[float], evidence: Sequence[dict[str, float]]) -> Suggestion:
        n = len(scores)
        if n == 0:
            return Suggestion((), 0.0, True)
        temperature = self.temperature
        top = max(scores)
        exps = [math.exp((s - top) / temperature) for s in scores]
        total = sum(exps)
        probs = [e / total for e in exps]
        order = sorted(range(n), key=lambda t: (-scores[t], t))
        candidates = tuple(
            Candidate(self.team_ids[t], probs[t], _evidence(evidence[t])) for t in order
        )
        best = order[0]
        confidence = sum(probs[s] for s in self.compiled.siblings[best])
        if self.calibration is not None:
            confidence = self.calibration(confidence)
        no_evidence = all(s == scores[0] for s in scores)
        unsure = no_evidence or confidence < self.unsure_below
        return Suggestion(candidates, confidence, unsure)


def _evidence(contributions: dict[str, float]) -> tuple[str, ...]:
    if not contributions:
        return ()
    positive = sorted((c for c in contributions.items() if c[1] > 0), key=lambda kv: (-kv[1], kv[0]))
    return tuple(label for label, _ in positive[:MAX_EVIDENCE])
