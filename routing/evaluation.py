"""How well the router routes a team's own history: k-fold cross-validation, per-team accuracy, calibration.

Each fold's router learns every example but the fold's and suggests a team for the fold's examples, so every
evaluated suggestion comes from a router that never saw that request. On a large history only a sample is
evaluated (``max_evaluated``), but every fold's router still learns everything else; a history ten times the
sample or more is evaluated on one held-out sample. The out-of-fold confidences fit the calibration
(:mod:`routing.calibration`); its own accuracy is measured by fitting on one half of the suggestions and checking
the other half (and the other way round).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from routing import calibration as calib
from routing.router import Router
from routing.text import tokenize

HOLD_OUT_ABOVE = 10
"""Histories at least this many times ``max_evaluated`` are evaluated on one held-out sample, not k folds."""
CONFIDENT = 0.9
"""The bucket the calibration promises about: suggestions at this confidence or more."""


@dataclass(frozen=True)
class Outcome:
    gold: str
    ranked: tuple[str, ...]
    """Suggested teams, best first, with group siblings of the best counted as it (see ``correct``)."""
    raw: float
    """Uncalibrated confidence."""
    correct: bool
    """The best team is the labelled one (or one of its group, e.g. the two search teams)."""
    top3: bool


@dataclass(frozen=True)
class TeamScore:
    team: str
    examples: int
    top1: float
    top3: float


@dataclass(frozen=True)
class Evaluation:
    outcomes: tuple[Outcome, ...]
    learned: int
    """Examples in the history."""
    folds: int
    calibration: calib.Calibration | None
    confident: tuple[int, int]
    """Held-out check of the calibration: (suggestions calibrated ≥ 90 %, of which right)."""

    @property
    def top1(self) -> float:
        return sum(o.correct for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0

    @property
    def top3(self) -> float:
        return sum(o.top3 for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0

    def per_team(self) -> list[TeamScore]:
        counts = Counter(o.gold for o in self.outcomes)
        rows = []
        for team, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            mine = [o for o in self.outcomes if o.gold == team]
            rows.append(TeamScore(team, n, sum(o.correct for o in mine) / n, sum(o.top3 for o in mine) / n))
        return rows


def cross_validate(make_router: Callable[[], Router], examples: Sequence[tuple[str, str]], *, folds: int = 5,
                   max_evaluated: int = 2000, seed: int = 0) -> Evaluation:
    """Out-of-fold suggestions for (a sample of at most ``max_evaluated``) ``examples`` (text, team).

    A history ten times the sample or more is evaluated on one split instead (the sample held out, one router
    learning everything else): folds would differ by a fraction of a percent of their examples, and each fold
    costs a router built from the whole history."""
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    evaluated = order[:max_evaluated]
    if len(examples) >= HOLD_OUT_ABOVE * max_evaluated:
        groups = [evaluated]
    else:
        k = max(2, min(folds, len(evaluated))) if evaluated else 0
        groups = [evaluated[j::k] for j in range(k)]
    # Texts are tokenised once when each is learned by several routers.
    tokens = [tokenize(text) for text, _ in examples] if len(groups) > 1 else None
    outcomes: list[Outcome] = []
    for group in groups:
        held = set(group)
        router = make_router()
        for i, (text, team) in enumerate(examples):
            if i not in held:
                router.learn(text, team, tokens=tokens[i] if tokens else None)
        router.compact()
        for i in group:
            outcomes.append(_outcome(router, examples[i], tokens[i] if tokens else tokenize(examples[i][0])))
    fitted = calib.fit([o.raw for o in outcomes], [o.correct for o in outcomes])
    return Evaluation(tuple(outcomes), len(examples), len(groups), fitted, held_out_check(outcomes))


def _outcome(router: Router, example: tuple[str, str], tokens: object) -> Outcome:
    text, gold = example
    suggestion = router.suggest(text, tokens=tokens)  # type: ignore[arg-type]
    siblings = router.compiled.siblings
    index = router.compiled.team_index
    ranked = tuple(c.team_id for c in suggestion.candidates)
    gold_group = {router.team_ids[s] for s in siblings[index[gold]]} if gold in index else {gold}
    return Outcome(gold, ranked, suggestion.confidence, bool(ranked) and ranked[0] in gold_group,
                   any(t in gold_group for t in ranked[:3]))


def held_out_check(outcomes: Sequence[Outcome]) -> tuple[int, int]:
    """Fit the calibration on every other suggestion and count, on the rest, the suggestions it calibrates to
    ≥ 90 % and how many of those were right (then the same with the halves swapped)."""
    halves = (outcomes[0::2], outcomes[1::2])
    confident = right = 0
    for fit_on, check in (halves, halves[::-1]):
        curve = calib.fit([o.raw for o in fit_on], [o.correct for o in fit_on])
        if curve is None:
            continue
        for o in check:
            if curve(o.raw) >= CONFIDENT:
                confident += 1
                right += o.correct
    return confident, right


def format_evaluation(result: Evaluation, names: dict[str, str] | None = None) -> str:
    """Per-team top-1 / top-3 and the calibration check, as a plain-text table."""
    if not result.outcomes:
        return "Nothing to evaluate: learn some history first (rfh learn FILE.jsonl or --github OWNER/REPO)."
    names = names or {}
    header = ("team", "examples", "top-1", "top-3")
    rows = [(names.get(r.team, r.team), str(r.examples), f"{r.top1:.1%}", f"{r.top3:.1%}") for r in result.per_team()]
    rows.append(("all", str(len(result.outcomes)), f"{result.top1:.1%}", f"{result.top3:.1%}"))
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(4)]
    if result.folds == 1:
        intro = (f"Held-out evaluation: a router that learned {result.learned - len(result.outcomes):,} of the "
                 f"{result.learned:,} learned examples routed the other {len(result.outcomes):,}:")
    else:
        intro = (f"{result.folds}-fold cross-validation over {result.learned} learned examples "
                 f"({len(result.outcomes)} evaluated):")
    lines = [intro, ""]
    for i, row in enumerate((header, *rows)):
        lines.append("  ".join([row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:],
                                                                                         strict=True)]))
        if i == 0 or i == len(rows) - 1:
            lines.append("  ".join("-" * w for w in widths))
    confident, right = result.confident
    lines.append("")
    if result.calibration is None:
        lines.append(f"Confidence: not calibrated (fewer than {calib.MIN_EXAMPLES} evaluated examples).")
    elif confident:
        lines.append(f"Confidence ≥ {CONFIDENT:.0%} (calibrated, checked on held-out halves): {right} of "
                     f"{confident} right ({right / confident:.1%}); {confident / len(result.outcomes):.0%} of "
                     "suggestions are that sure.")
    else:
        lines.append(f"Confidence: calibrated; no suggestion reached {CONFIDENT:.0%} on the held-out halves.")
    return "\n".join(lines)
