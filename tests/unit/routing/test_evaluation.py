"""Cross-validation on a team's history: every evaluated suggestion comes from a router that never saw it."""

from __future__ import annotations

import random

from routing.builtin import vocabulary_for
from routing.evaluation import cross_validate, format_evaluation
from routing.router import Router
from routing.teams import Team, TeamKind, TeamTable

TABLE = TeamTable(tuple(Team(t, t.title(), TeamKind.ENGINEERING, f"#{t}") for t in ("payments", "identity", "data")))
WORDS = {"payments": ["ledger", "payout", "refund", "settlement"], "identity": ["badge", "tenant", "login", "sso"],
         "data": ["lakehouse", "pipeline", "warehouse", "etl"]}


def _history(n: int, seed: int = 0) -> list[tuple[str, str]]:
    rnd = random.Random(seed)
    out = []
    for k in range(n):
        team = list(WORDS)[k % 3]
        out.append((" ".join(rnd.sample(WORDS[team], 2) + [f"ticket{k}", "broken", "again"]), team))
    return out


def _router() -> Router:
    return Router(TABLE, vocabulary_for(TABLE, None))


def test_k_fold_routes_every_example_once_with_a_router_that_never_saw_it() -> None:
    history = _history(90)
    learned: list[int] = []

    def make() -> Router:
        router = _router()
        original = router.learn

        def counting(text: str, team: str, **kw: object) -> None:
            learned.append(1)
            original(text, team, **kw)  # type: ignore[arg-type]

        router.learn = counting  # type: ignore[method-assign]
        return router

    result = cross_validate(make, history, folds=3)
    assert result.folds == 3 and len(result.outcomes) == 90
    assert len(learned) == 3 * 60  # each fold's router learned the other two thirds
    assert result.top1 > 0.9 and result.top3 == 1.0
    assert {r.team for r in result.per_team()} == set(WORDS)
    text = format_evaluation(result, {"payments": "Payments"})
    assert "3-fold cross-validation over 90 learned examples" in text and "Payments" in text


def test_a_large_history_is_evaluated_on_one_held_out_sample() -> None:
    result = cross_validate(_router, _history(400), max_evaluated=40)
    assert result.folds == 1 and len(result.outcomes) == 40
    assert "a router that learned 360 of the 400 learned examples routed the other 40" in format_evaluation(result)


def test_nothing_to_evaluate() -> None:
    result = cross_validate(_router, [])
    assert result.outcomes == () and result.calibration is None
    assert "Nothing to evaluate" in format_evaluation(result)
