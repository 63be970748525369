"""`rfh learn` and `rfh route` for an organisation of its own: twelve teams, no keywords, its history in a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.shell.cli import main

TEAMS = ["payments", "identity", "search", "mobile", "data", "infra", "billing", "growth", "security", "docs",
         "support-tools", "api"]
VOCABULARY = {  # each team's made-up product words: nothing the built-in vocabulary or any keyword knows
    "payments": "ledgerly payout settlement", "identity": "gatekeep badge tenant", "search": "finderx ranking facet",
    "mobile": "pocketapp tablet offline", "data": "lakehouse pipeline warehouse", "infra": "kubeform node pool",
    "billing": "invoicer proration coupon", "growth": "funnelz signup experiment", "security": "vaultkey secret scan",
    "docs": "docsite tutorial snippet", "support-tools": "helpdeskr macro queue", "api": "gatewayz quota endpoint",
}


def config_of_its_own(tmp_path: Path) -> Path:
    lines = ['[trackers]\nprivate = "acme/support"\n']
    for team in TEAMS:
        lines.append(f'[[teams]]\nid = "{team}"\nname = "{team.title()}"\nkind = "engineering"\nchannel = "#{team}"\n'
                     f'label = "area/{team}"\n')
    path = tmp_path / "acme.toml"
    path.write_text("\n".join(lines))
    return path


def history_file(tmp_path: Path, per_team: int = 12) -> Path:
    rows = []
    fillers = ["fails after the release", "is slow for some users", "shows an error page", "stopped working",
               "needs a config change", "times out", "returns wrong numbers", "crashes on start", "is missing data",
               "behaves oddly", "throws an exception", "is flaky"]
    for team, words in VOCABULARY.items():
        a, b, c = words.split()
        for n in range(per_team):
            rows.append({"id": f"{team}-{n}", "team": team,
                         "text": f"The {a} {fillers[n % len(fillers)]}\n\nOur {b} and the {c} since monday ({n})."})
    path = tmp_path / "history.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


@pytest.fixture
def org(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("RFH_CONFIG", str(config_of_its_own(tmp_path)))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'rfh.db'}")
    return tmp_path


def route_batch(org: Path, capsys) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    batch = org / "in.jsonl"
    batch.write_text("\n".join(json.dumps({"id": team, "text": f"the {words.split()[0]} {words.split()[2]} broke"})
                               for team, words in VOCABULARY.items()))
    assert main(["route", "--batch", str(batch)]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_an_organisation_learns_its_history_and_routes_with_it(org, capsys) -> None:  # type: ignore[no-untyped-def]
    cold = route_batch(org, capsys)
    assert all(line["team"] is None for line in cold)  # no keywords, no history: unsure about everything
    assert main(["learn", str(history_file(org))]) == 0
    out = capsys.readouterr().out
    assert "144 read; 144 added" in out and "12-fold" not in out
    assert "5-fold cross-validation over 144 learned examples" in out
    assert "Payments" in out and "all" in out
    learned = route_batch(org, capsys)
    assert [line["team"] for line in learned] == list(VOCABULARY)  # --batch routes with the history now
    assert all(line["confidence"] >= 0.5 for line in learned)
    assert main(["route", "the finderx facet is empty"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("Suggested team: Search (")


def test_evaluate_alone_and_an_empty_history(org, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["learn", "--evaluate"]) == 0
    assert "Nothing to evaluate" in capsys.readouterr().out
    assert main(["learn", str(history_file(org, per_team=3)), "--no-evaluate"]) == 0
    assert "36 added" in capsys.readouterr().out
    assert main(["learn", "--evaluate", "--folds", "3"]) == 0
    assert "3-fold cross-validation over 36 learned examples" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [('{"text": "a", "team": "payments"}\n{"text": "b", "team": "marketing"}\n',
      'line 2: unknown team "marketing"'),
     ('{"text": "a", "team": "payments"}\n\n{"text": "b"\n', "line 3: not valid JSON")],
    ids=["unknown-team", "bad-json"],
)
def test_a_bad_file_names_the_line_and_imports_nothing(org, capsys, content: str, message: str) -> None:  # type: ignore[no-untyped-def]
    path = org / "bad.jsonl"
    path.write_text(content)
    assert main(["learn", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "nothing was imported" in err and "Traceback" not in err
    assert main(["learn", "--evaluate"]) == 0
    assert "Nothing to evaluate" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["learn"], "give FILE.jsonl, --github OWNER/REPO or --evaluate"),
     (["learn", "missing.jsonl"], "cannot read missing.jsonl"),
     (["learn", "--github", "acme/app", "--label", "area/x=nobody"], "GITHUB_TOKEN is missing"),
     (["learn", "--github", "acme"], "GITHUB_TOKEN is missing")],
)
def test_usage_errors_are_one_line(org, capsys, monkeypatch, argv: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.chdir(org)
    assert main(argv) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["learn", "--github", "acme/app", "--label", "area/x=nobody"], "unknown team 'nobody'"),
     (["learn", "--github", "acme/app", "--label", "area-x"], "expected LABEL=TEAM_ID"),
     (["learn", "--github", "acme"], "expected OWNER/REPO"),
     (["learn", "--github", "acme/app", "--since", "last week"], "expected a date")],
)
def test_bad_github_options(org, capsys, monkeypatch, argv: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GITHUB_TOKEN", "ghp-test-token")
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_learn_from_the_tracker_with_the_configs_labels(org, capsys, monkeypatch, fake_github) -> None:  # type: ignore[no-untyped-def]
    fake_github.add_repo("acme/support")
    for team, words in VOCABULARY.items():
        for n in range(6):
            fake_github.add_issue("acme/support", f"The {words} issue {n}", f"{team} body {n}",
                                  labels=[f"area/{team}"], state="closed")
    fake_github.add_issue("acme/support", "Two teams", "", labels=["area/payments", "area/billing"], state="closed")
    monkeypatch.setenv("GITHUB_TOKEN", "ghp-test-token")
    monkeypatch.setenv("GITHUB_API_URL", fake_github.url)
    assert main(["learn", "--github", "acme/support"]) == 0
    out = capsys.readouterr().out
    assert "github:acme/support: 73 read; 72 added" in out and "1 skipped: labels of two teams" in out
    assert "5-fold cross-validation over 72 learned examples" in out
    assert main(["learn", "--github", "acme/support", "--no-evaluate"]) == 0  # resumes: nothing new
    assert "0 added" in capsys.readouterr().out


def test_a_progress_bar_on_a_terminal_only() -> None:
    import io

    from bot.learning.importer import Progress
    from bot.shell.learn_command import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    bar = ProgressBar(screen, width=10)
    bar(Progress(5, 10))
    bar(Progress(-1, None, "GitHub rate limit: 3 requests left, waiting 60 s"))
    bar.close()
    assert "[#####-----] 5/10 issues" in screen.getvalue() and "waiting 60 s" in screen.getvalue()
    assert screen.getvalue().endswith("\n")
    piped = io.StringIO()
    ProgressBar(piped)(Progress(1, 2))
    assert piped.getvalue() == ""
