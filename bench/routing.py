"""Routing benchmark: the router against the naive handbook keyword table on labelled tickets.

    python bench/routing.py [--dev bench/data/dev.jsonl] [--seeds 10] [--unsure-below 0.4] [--history 50000]

Prints markdown tables: top-1/top-3 accuracy, abstention, accuracy when not abstaining and texts per second
for both models; per-team precision and recall; confusion matrices; a learning curve (0, 25, 50 examples fed as
corrections, evaluated on the rest, averaged over random orders); and cross-validation with learning
(leave-one-out and 5-fold). The dev set labels ``search`` for both search teams, so ``search-core`` and
``search-product`` count as one team here. Then (``bench/routing_scale.py``) an organisation of its own, a
synthetic history of ``--history`` past requests (import, build, texts/s, memory), the similarity index side by
side with ``bm25s`` and scikit-learn, and calibration (how often "≥ 90 %" is right).
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parent
# Run as a script, this file's directory comes first on sys.path and its name would shadow the routing package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import Protocol  # noqa: E402

from routing.builtin import builtin_team_table  # noqa: E402
from routing.naive import NaiveRouter  # noqa: E402
from routing.router import Router, Suggestion  # noqa: E402
from routing.teams import TeamTable  # noqa: E402
from routing.vocabulary import Vocabulary  # noqa: E402

DEFAULT_DEV = _HERE / "data" / "dev.jsonl"
SEARCH_TEAMS = ("search-core", "search-product")


class Model(Protocol):
    def suggest(self, text: str) -> Suggestion: ...


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    team: str
    """Bench label (search teams merged)."""
    fine: str


@dataclass
class Result:
    gold: str
    ranked: list[str]
    unsure: bool

    @property
    def top1(self) -> bool:
        return bool(self.ranked) and self.ranked[0] == self.gold

    @property
    def top3(self) -> bool:
        return self.gold in self.ranked[:3]


def bench_team(team_id: str) -> str:
    return "search" if team_id in SEARCH_TEAMS else team_id


def load(path: Path) -> list[Example]:
    examples = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                examples.append(Example(str(row["id"]), row["text"], bench_team(row["team"]), row.get("team_fine", "")))
    return examples


def ranked(suggestion: Suggestion) -> list[str]:
    out: list[str] = []
    for c in suggestion.candidates:
        team = bench_team(c.team_id)
        if team not in out:
            out.append(team)
    return out


def evaluate(model: Model, examples: Sequence[Example]) -> list[Result]:
    results = []
    for ex in examples:
        s = model.suggest(ex.text)
        results.append(Result(ex.team, ranked(s), s.unsure))
    return results


def final_team(ex: Example, suggestion: Suggestion) -> str:
    """The team id a dev example is recorded under when fed back: the fine search team when known, else the
    search team the router ranked higher."""
    if ex.team != "search":
        return ex.team
    if ex.fine in SEARCH_TEAMS:
        return ex.fine
    return next(c.team_id for c in suggestion.candidates if c.team_id in SEARCH_TEAMS)


def feed(router: Router, examples: Sequence[Example]) -> None:
    """Feed examples as the bot would: the suggestion is logged, the final team recorded (a correction when the
    two differ)."""
    for ex in examples:
        s = router.suggest(ex.text)
        suggested = s.best.team_id if s.best else None
        router.learn(ex.text, final_team(ex, s), suggested=suggested)


def speed(model: Model, texts: Sequence[str], *, rounds: int = 3, min_seconds: float = 0.3) -> float:
    """Texts per second, single-threaded: the best of ``rounds`` timed passes (each at least ``min_seconds``)."""
    best = 0.0
    for _ in range(rounds):
        n = 0
        start = time.perf_counter()
        while True:
            for t in texts:
                model.suggest(t)
            n += len(texts)
            elapsed = time.perf_counter() - start
            if elapsed >= min_seconds:
                break
        best = max(best, n / elapsed)
    return best


def pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def summary_row(name: str, results: Sequence[Result], tps: float | None) -> list[object]:
    n = len(results)
    kept = [r for r in results if not r.unsure]
    return [
        name,
        pct(sum(r.top1 for r in results) / n),
        pct(sum(r.top3 for r in results) / n),
        pct(1 - len(kept) / n),
        pct(sum(r.top1 for r in kept) / len(kept)) if kept else "-",
        f"{tps:,.0f}" if tps is not None else "-",
    ]


def per_team(results: Sequence[Result], team: str) -> tuple[float | None, float | None]:
    predicted = [r for r in results if r.ranked and r.ranked[0] == team]
    actual = [r for r in results if r.gold == team]
    precision = sum(r.top1 for r in predicted) / len(predicted) if predicted else None
    recall = sum(r.top1 for r in actual) / len(actual) if actual else None
    return precision, recall


def confusion(results: Sequence[Result], teams: Sequence[str]) -> str:
    counts = Counter((r.gold, r.ranked[0] if r.ranked else "-") for r in results)
    predicted = list(teams) + sorted({p for _, p in counts} - set(teams))
    header = ["gold \\ predicted"] + [short(p) for p in predicted]
    rows = [[g] + [counts[(g, p)] or "·" for p in predicted] for g in teams]
    return table(header, rows)


def short(team: str) -> str:
    return {"distribution": "dist", "core-application": "core", "code-intelligence": "code-intel",
            "extensibility": "ext", "batch-changes": "batch"}.get(team, team)


def cross_validate(
    examples: Sequence[Example], make: Callable[[], Router], folds: list[list[int]]
) -> list[Result]:
    results: list[Result | None] = [None] * len(examples)
    for held_out in folds:
        held = set(held_out)
        router = make()
        feed(router, [ex for i, ex in enumerate(examples) if i not in held])
        for i in held_out:
            s = router.suggest(examples[i].text)
            results[i] = Result(examples[i].team, ranked(s), s.unsure)
    return [r for r in results if r is not None]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="labelled JSONL (default: %(default)s)")
    parser.add_argument("--seeds", type=int, default=10, help="random orders for the learning curve")
    parser.add_argument("--unsure-below", type=float, default=None, help="override the unsure threshold")
    parser.add_argument("--history", type=int, default=50_000, help="synthetic history size (0: skip)")
    parser.add_argument("--scale-only", action="store_true", help="only the synthetic-history sections")
    args = parser.parse_args(argv)
    if args.scale_only:
        from bench.routing_sections import labelled, scale_sections

        scale_sections(labelled(load(args.dev)), builtin_team_table(), args.history)
        return 0

    examples = load(args.dev)
    table_: TeamTable = builtin_team_table()
    vocabulary = Vocabulary.builtin()

    def make() -> Router:
        return Router(table_, vocabulary, unsure_below=args.unsure_below)

    naive = NaiveRouter(table_)
    router = make()
    texts = [ex.text for ex in examples]
    teams = sorted({ex.team for ex in examples}, key=lambda t: (-sum(ex.team == t for ex in examples), t))
    counts = Counter(ex.team for ex in examples)
    started = time.perf_counter()

    naive_results = evaluate(naive, examples)
    router_results = evaluate(router, examples)
    learned = make()
    feed(learned, examples[:-1])
    rows = [
        summary_row("naive handbook table", naive_results, speed(naive, texts)),
        summary_row("router, cold start (table + vocabulary)", router_results, speed(router, texts)),
    ]
    loo = cross_validate(examples, make, [[i] for i in range(len(examples))])
    order = list(range(len(examples)))
    random.Random(0).shuffle(order)
    five = cross_validate(examples, make, [order[k::5] for k in range(5)])
    rows.append(summary_row("router + learning, leave-one-out", loo, speed(learned, texts)))
    rows.append(summary_row("router + learning, 5-fold", five, None))

    print(f"# Routing benchmark: {args.dev.name}, {len(examples)} tickets\n")
    print("Search teams count as one (`search`). Texts/s: single-threaded `suggest` over the dev texts "
          f"(learned router: {len(learned.memory)} past requests).\n")
    print(table(["model", "top-1", "top-3", "abstained", "top-1 when not abstaining", "texts/s"], rows))

    print("\n## Per team: precision / recall (top-1)\n")
    team_rows = []
    for team in teams:
        np_, nr = per_team(naive_results, team)
        rp, rr = per_team(router_results, team)
        lp, lr = per_team(loo, team)
        verdict = "ok" if (rr or 0) >= (nr or 0) else "WORSE"
        team_rows.append([team, counts[team], fmt(np_), fmt(nr), fmt(rp), fmt(rr), fmt(lp), fmt(lr), verdict])
    print(table(["team", "n", "naive P", "naive R", "router P", "router R", "learned (LOO) P",
                 "learned (LOO) R", "router R ≥ naive R"], team_rows))

    print("\n## Confusion, router cold start (rows: label, columns: top-1)\n")
    print(confusion(router_results, teams))
    print("\n## Confusion, naive handbook table\n")
    print(confusion(naive_results, teams))

    print(f"\n## Learning curve: N tickets fed as corrections, evaluated on the rest ({args.seeds} random orders)\n")
    print("The second pair of columns is an ablation: the router with the handbook table only (no built-in "
          "vocabulary), showing what learning alone adds.\n")
    handbook_only = Vocabulary.from_mapping({"builtin": False})
    curve_rows = []
    for n in (0, 25, 50):
        full1, full3, hb1, hb3, base1 = [], [], [], [], []
        for seed in range(args.seeds):
            shuffled = list(examples)
            random.Random(seed).shuffle(shuffled)
            fed, rest = shuffled[:n], shuffled[n:]
            for vocab, top1s, top3s in ((vocabulary, full1, full3), (handbook_only, hb1, hb3)):
                r = Router(table_, vocab, unsure_below=args.unsure_below)
                feed(r, fed)
                res = evaluate(r, rest)
                top1s.append(sum(x.top1 for x in res) / len(res))
                top3s.append(sum(x.top3 for x in res) / len(res))
            base = evaluate(naive, rest)
            base1.append(sum(x.top1 for x in base) / len(base))
        curve_rows.append([n, len(examples) - n, pct(statistics.mean(full1)),
                           f"{pct(min(full1))} – {pct(max(full1))}", pct(statistics.mean(full3)),
                           pct(statistics.mean(hb1)), pct(statistics.mean(hb3)), pct(statistics.mean(base1))])
    print(table(["fed", "evaluated", "router top-1 (mean)", "top-1 range", "router top-3",
                 "table-only router top-1", "table-only router top-3", "naive top-1"], curve_rows))
    from bench.routing_sections import learning_sections

    learning_sections(examples, table_, vocabulary, args.history)
    print(f"\n_{time.perf_counter() - started:.1f} s_")
    return 0


def fmt(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.0f} %"


if __name__ == "__main__":
    sys.exit(main())
