"""`rfh report` and `rfh tickets` as a person runs them: the same DATABASE_URL and RFH_CONFIG as `rfh serve`, JSON
on stdout, PNG charts in a folder, one clear line and exit code 2 for anything wrong."""

from __future__ import annotations

import asyncio
import json

import pytest
from sqlalchemy.engine import make_url

from bot.shell.cli import main
from tests.service import report_history as h

PNG = b"\x89PNG\r\n\x1a\n"
PERIOD = ["--since", "2026-11-16", "--until", "2026-11-29"]  # --until's day is included


async def rfh(*args: str) -> int:
    """The command as a person runs it: its own event loop (asyncio.run), so in a thread beside the test's."""
    return await asyncio.to_thread(main, list(args))


@pytest.fixture
def env(database_url, tmp_path, monkeypatch):
    config = tmp_path / "rfh.toml"
    config.write_text(h.CONFIG)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("RFH_CONFIG", str(config))
    return database_url


async def test_report_prints_the_contract_and_writes_charts(sessions, env, tmp_path, capsys):
    await h.build(sessions)
    charts = tmp_path / "charts"
    assert await rfh("report", "--format", "json", "--charts", str(charts), *PERIOD) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)  # nothing but the JSON on stdout
    assert (data["since"], data["until"]) == ("2026-11-16T00:00:00+00:00", "2026-11-30T00:00:00+00:00")
    assert {t["team"]: h.figures_of(t) for t in data["teams"]} == {k: v for k, v in h.EXPECTED.items()
                                                                   if k != "totals"}
    assert (data["tickets"], data["engineering_share"]) == (40, 0.075)
    pngs = sorted(charts.glob("*.png"))
    assert len(pngs) == 10 and all(p.read_bytes().startswith(PNG) for p in pngs)
    assert err.strip() == f"rfh report: wrote 10 charts to {charts}"


async def test_report_by_day_for_one_team_in_csv(sessions, env, capsys):
    await h.build(sessions)
    assert await rfh("report", "--by", "day", "--team", "core-application", "--format", "csv", *PERIOD) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "bucket,team,priority,metric,value"
    assert "2026-11-18,core-application,,requests,1" in lines  # R3, created on Wednesday 18
    assert "2026-11-23,core-application,,reroutes,1" in lines  # R5
    assert ",,,requests,2" in lines


@pytest.mark.parametrize(("args", "message"), [
    (["--since", "yesterday"], "rfh report: 'yesterday' is not a date; write 2026-11-30, 2026-W48 or 2026-11-30T09:00"),
    (["--since", "2026-12-01", "--until", "2026-11-01"], "rfh report: the period must start before it ends"),
    (["--team", "nope"], "rfh report: no team 'nope' in"),
    (["--charts", "/dev/null/charts"], "rfh report: --charts /dev/null/charts: cannot create the folder (Not a direc"),
])
async def test_bad_input_is_one_line_and_exit_2(sessions, env, capsys, args, message):
    await h.build(sessions)
    assert await rfh("report", *args) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and err.startswith(message)


def test_a_missing_database_is_refused_not_created(database_url, tmp_path, monkeypatch, capsys):
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        missing = f"sqlite:///{tmp_path / 'nowhere' / 'rfh.db'}"
    else:
        missing = url.set(database="rfh_no_such_database").render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", missing)
    monkeypatch.delenv("RFH_CONFIG", raising=False)
    for command in (["report"], ["tickets", "list"]):
        assert main(command) == 2
        out, err = capsys.readouterr()
        assert out == "" and len(err.splitlines()) == 1, err
        assert "does not exist" in err
    assert not (tmp_path / "nowhere").exists()


async def test_tickets_record_import_list_and_overlaps(sessions, env, tmp_path, capsys):
    assert await rfh("tickets", "record", "--week", "2026-W48", "--count", "412") == 0
    assert capsys.readouterr().out.strip() == (
        "Recorded 2026-W48: 412 support tickets (2026-11-23 to 2026-11-29).")
    assert await rfh("tickets", "record", "--week", "2026-w48", "--count", "420") == 0
    assert capsys.readouterr().out.startswith("Replaced the count for 2026-W48: 420 support tickets")
    days = tmp_path / "days.csv"
    days.write_text("date,count\n2026-11-16,60\n\n2026-11-17,55\n")
    assert await rfh("tickets", "import", str(days)) == 0
    assert "Imported 2 daily counts (115 tickets, 2026-11-16 to 2026-11-17)" in capsys.readouterr().out
    assert await rfh("tickets", "list") == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in listed] == ["2026-11-16", "2026-11-17", "2026-11-23"]
    assert await rfh("tickets", "record", "--day", "2026-11-25", "--count", "9") == 2
    assert capsys.readouterr().err.strip() == (
        "rfh tickets record: 2026-11-25 overlaps the count of 420 recorded for 2026-11-23 to 2026-11-29")
    days.write_text("2026-11-18,10\n2026-11-19,ten\n")
    assert await rfh("tickets", "import", str(days)) == 2
    assert capsys.readouterr().err.strip() == "rfh tickets import: line 2: 'ten' is not a number of tickets"
    assert await rfh("tickets", "list") == 0
    assert "2026-11-18" not in capsys.readouterr().out  # all or nothing


async def test_the_ticket_counts_feed_the_report(sessions, env, capsys):
    history = await h.build(sessions)
    assert history.ids
    assert await rfh("tickets", "record", "--week", "2026-W48", "--count", "30") == 0
    capsys.readouterr()
    assert await rfh("report", "--format", "json", *PERIOD) == 0
    data = json.loads(capsys.readouterr().out)
    # Week 48's engineering help: R5 (help, now Core Application) and R7; R6 is CE and Sales, R8 a defect.
    assert [b["engineering_requests"] for b in data["buckets"]] == [3, 2]
    assert (data["tickets"], data["engineering_requests"], data["engineering_share"]) == (70, 5, round(5 / 70, 4))


async def test_an_empty_period_reports_zeros_and_draws_nothing(sessions, env, tmp_path, capsys):
    await h.build(sessions)
    charts = tmp_path / "none"
    assert await rfh("report", "--format", "json", "--since", "2026-06-01", "--until", "2026-06-30",
                     "--charts", str(charts)) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert [t["requests"] for t in data["teams"]] == [0, 0, 0]
    assert (data["totals"]["requests"], data["totals"]["time_to_claim_p50_s"], data["tickets"]) == (0, None, None)
    assert err.strip() == f"rfh report: wrote 0 charts to {charts}"  # nothing to draw
