"""The learning sections of ``bench/routing.py``: k-fold on the dev set for the handbook's config and for an
organisation of its own, calibration, and the synthetic-history scale rows (see ``bench/routing_scale.py``)."""

from __future__ import annotations

import time
from collections.abc import Sequence

from bench.routing_scale import (
    calibration_section,
    cpu_note,
    index_section,
    scale_section,
    synthetic_evaluation,
)
from routing.builtin import vocabulary_for
from routing.evaluation import Evaluation, cross_validate
from routing.router import Router
from routing.teams import Team, TeamKind, TeamTable
from routing.vocabulary import Vocabulary

SEARCH_TEAMS = ("search-core", "search-product")


def labelled(examples: Sequence[object]) -> list[tuple[str, str]]:
    """(text, team id) with the fine search team where the dev set knows it (else search-core)."""
    out = []
    for ex in examples:
        team, fine = ex.team, ex.fine  # type: ignore[attr-defined]
        out.append((ex.text, fine if fine in SEARCH_TEAMS else "search-core" if team == "search" else team))  # type: ignore[attr-defined]
    return out


def own_organisation(examples: list[tuple[str, str]]) -> tuple[TeamTable, list[tuple[str, str]]]:
    """The dev set as an organisation with teams of its own: new ids and names, no keywords, no vocabulary."""
    ids = sorted({team for _, team in examples})
    renamed = {team: f"squad-{n + 1}" for n, team in enumerate(ids)}
    table = TeamTable(tuple(Team(renamed[t], f"Squad {n + 1}", TeamKind.ENGINEERING, f"#squad-{n + 1}",
                                 label=f"squad/{n + 1}") for n, t in enumerate(ids)))
    return table, [(text, renamed[team]) for text, team in examples]


def learning_sections(examples: Sequence[object], table: TeamTable, vocabulary: Vocabulary, history: int) -> None:
    dev = labelled(examples)
    own_table, own = own_organisation(dev)
    own_vocabulary = vocabulary_for(own_table, None)
    evaluations: list[tuple[str, Evaluation]] = []
    rows = []
    for name, tbl, voc, data in (("handbook config (table + built-in vocabulary)", table, vocabulary, dev),
                                 ("an organisation of its own (no keywords, no vocabulary)", own_table,
                                  own_vocabulary, own)):
        ev = cross_validate(lambda tbl=tbl, voc=voc: Router(tbl, voc), data, folds=5)  # type: ignore[misc]
        evaluations.append((f"dev set, {name}", ev))
        rows.append([name, len(data), f"{100 * ev.top1:.1f} %", f"{100 * ev.top3:.1f} %"])
    from bench.routing import table as md

    print("\n## Learning the history: 5-fold cross-validation on the dev set (`rfh learn --evaluate`)\n")
    print("Each fold's router learns the other four fifths as imported history and routes the fifth. The second "
          "row is the dev set under made-up team ids with no keywords at all: what an organisation gets from "
          "`rfh learn` alone (87 examples is little history).\n")
    print(md(["config", "examples", "top-1", "top-3"], rows))

    if history:
        started = time.perf_counter()
        evaluations.append((f"synthetic history of {history:,} (2,000 evaluated)",
                            synthetic_evaluation(dev, table, history)))
        eval_s = time.perf_counter() - started
    print("\n## Calibration: when the router says ≥ 90 %\n")
    print("Out-of-fold suggestions; the calibrated column fits the curve on every other suggestion and checks the "
          "rest (both ways), so it is measured on suggestions the curve never saw.\n")
    print(calibration_section(evaluations))
    if not history:
        return
    print(f"\n(synthetic cross-validation: {eval_s:.0f} s)")
    scale_sections(dev, table, history)


def scale_sections(dev: list[tuple[str, str]], table: TeamTable, history: int) -> None:
    from bench.routing import table as md  # noqa: F401  (same table format)

    texts = [text for text, _ in dev]
    print(f"\n## A synthetic history of {history:,} past requests\n")
    print("`rfh learn` of a JSONL file into SQLite, the router built from that database (as `rfh route` and the "
          "bot's background start-up do), and `suggest` over the 87 dev texts with the whole history learned, one "
          f"thread ({cpu_note()}).\n")
    print(scale_section(dev, table, texts, history))
    print(f"\n## The similarity index side by side ({history:,} past requests, queries: the dev texts)\n")
    print(index_section(dev, texts, history))
