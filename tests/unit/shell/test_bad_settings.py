"""Bad settings, configs and tokens: one line naming what is wrong, exit 2, never a traceback (issue 10)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.config import ConfigError, builtin_config_text, parse_config
from bot.shell.cli import main
from bot.shell.preflight import check_tokens
from bot.shell.settings import SettingsError, load_settings
from fakes import FakeGitHub, FakeSlack
from storage.db import migrate_blocking
from tests.fakes import fixtures

fake_slack = fixtures.fake_slack
fake_github = fixtures.fake_github
ROOT = Path(__file__).resolve().parents[3]
GOOD = {"SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_SIGNING_SECRET": "secret", "GITHUB_TOKEN": "ghp-test-token"}


def rfh(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`rfh ARGS` as a user runs it, with only the given settings (nothing from this test run's environment)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "GITHUB_", "RFH_", "DATABASE_URL"))}
    clean["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, env={**clean, **env}, text=True,
                          capture_output=True, timeout=60)


def one_line_exit_2(result: subprocess.CompletedProcess[str], *names: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr + result.stdout
    problem = next((line for line in lines if line.startswith("rfh: ")), "")
    assert all(name in problem for name in names), result.stderr
    assert len([line for line in lines if line.startswith("rfh: ")]) == 1, result.stderr
    return problem


# -- the environment -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("setting", "value", "says"), [
    ("DATABASE_URL", "postgresql://nohost/db", "cannot open the database"),
    ("DATABASE_URL", "garbage", "not a database URL"),
    ("DATABASE_URL", "mysql://db/rfh", "'mysql' is not supported"),
    ("RFH_LOG_LEVEL", "verbose", "not a log level"),
    ("RFH_LOG_FORMAT", "xml", "not a log format"),
    ("RFH_WORKER_POLL_SECONDS", "0", "at least 0.1"),
    ("RFH_GITHUB_WRITE_SPACING", "-1", "0 or more"),
], ids=["pg-host-unknown", "url-garbage", "url-mysql", "log-level", "log-format", "poll-zero", "spacing-negative"])
def test_a_bad_setting_is_one_line_and_exit_2(tmp_path: Path, setting: str, value: str, says: str) -> None:
    env = {**GOOD, "DATABASE_URL": f"sqlite:///{tmp_path / 'rfh.db'}", setting: value}
    line = one_line_exit_2(rfh(["serve", "--http"], tmp_path, **env), setting, says)
    assert "secret" not in line


def test_a_sqlite_file_in_a_missing_directory_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent" / "dir"
    env = {**GOOD, "DATABASE_URL": f"sqlite:///{missing / 'rfh.db'}"}
    one_line_exit_2(rfh(["serve", "--http"], tmp_path, **env), "DATABASE_URL", str(missing), "does not exist")
    assert not missing.parent.exists()


def test_the_database_password_is_never_printed(tmp_path: Path) -> None:
    env = {**GOOD, "DATABASE_URL": "postgresql://rfh:hunter2@127.0.0.1:1/rfh"}
    line = one_line_exit_2(rfh(["serve", "--http"], tmp_path, **env), "DATABASE_URL", "127.0.0.1:1")
    assert "hunter2" not in line


def test_settings_report_every_bad_variable_at_once() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({**GOOD, "RFH_LOG_LEVEL": "loud", "RFH_WORKER_POLL_SECONDS": "0", "DATABASE_URL": "x"})
    assert [p.split()[0] for p in caught.value.problems] == ["DATABASE_URL", "RFH_LOG_LEVEL",
                                                           "RFH_WORKER_POLL_SECONDS"]
    assert load_settings({**GOOD, "RFH_LOG_LEVEL": "debug"}).RFH_LOG_LEVEL == "DEBUG"


def test_postgresql_without_its_driver_says_which_extra_to_install(monkeypatch) -> None:
    import importlib.util

    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "asyncpg" else find_spec(name))
    with pytest.raises(SettingsError) as caught:
        load_settings({**GOOD, "DATABASE_URL": "postgresql://db.internal/rfh"})
    assert caught.value.problems == ["DATABASE_URL is invalid: PostgreSQL needs its driver: pip install "
                                     "'rfh[postgres]'; use sqlite:///path/to/rfh.db or postgresql://user:pass@host/db"]


# -- the tokens, checked at start -------------------------------------------------------------------------------------
def test_tokens_refused_at_start_are_named_in_one_line_each(tmp_path: Path, fake_slack: FakeSlack,
                                                            fake_github: FakeGitHub) -> None:
    fake_github.add_repo("sourcegraph/customer", private=True)
    env = {**GOOD, "DATABASE_URL": f"sqlite:///{tmp_path / 'rfh.db'}", "SLACK_API_URL": fake_slack.url,
           "GITHUB_API_URL": fake_github.url}
    bad_slack = rfh(["serve", "--http"], tmp_path, **{**env, "SLACK_BOT_TOKEN": "xoxb-revoked"})
    assert "invalid_auth" in one_line_exit_2(bad_slack, "SLACK_BOT_TOKEN")
    bad_github = rfh(["serve", "--http"], tmp_path, **{**env, "GITHUB_TOKEN": "ghp-wrong"})
    assert "401" in one_line_exit_2(bad_github, "GITHUB_TOKEN")
    assert [c.args for c in fake_slack.calls_to("auth.test")] and not fake_slack.calls_to("chat.postMessage")


async def test_token_checks_in_process(fake_slack: FakeSlack, fake_github: FakeGitHub, caplog) -> None:
    settings = load_settings({**GOOD, "SLACK_API_URL": fake_slack.url, "GITHUB_API_URL": fake_github.url,
                              "SLACK_APP_TOKEN": "xapp-test-token"}, http_mode=False)
    with pytest.raises(SettingsError) as caught:  # the tracker repository does not exist
        await check_tokens(settings, "sourcegraph/customer")
    [line] = caught.value.problems
    assert line.startswith("GITHUB_TOKEN is not accepted") and "404" in line and "sourcegraph/customer" in line
    fake_github.add_repo("sourcegraph/customer", private=True)
    await check_tokens(settings, "sourcegraph/customer")  # all three accepted
    assert len(fake_slack.calls_to("apps.connections.open")) == 2
    bad_app = settings.model_copy(update={"SLACK_APP_TOKEN": "xapp-old"})
    with pytest.raises(SettingsError, match=r"^SLACK_APP_TOKEN is not accepted.*invalid_auth.*xapp-"):
        await check_tokens(bad_app, "sourcegraph/customer")
    fake_slack.fail("auth.test", status=503)  # Slack away: a warning, and the bot starts anyway
    await check_tokens(settings, "sourcegraph/customer")
    assert "SLACK_BOT_TOKEN could not be checked" in caplog.text


# -- commands that read the database never create one ------------------------------------------------------------------
@pytest.mark.parametrize("args", [["retry", "RFH-1"], ["route", "--stats"]], ids=["retry", "route-stats"])
def test_commands_that_read_the_database_refuse_when_there_is_none(tmp_path: Path, monkeypatch, capsys,
                                                                   args: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "DATABASE_URL" in err and "no database at rfh.db" in err
    assert list(tmp_path.iterdir()) == []
    migrate_blocking("sqlite:///rfh.db")  # once the bot has created it, they read it
    assert main(args) in (0, 1)


# -- rfh check refuses what rfh serve would refuse --------------------------------------------------------------------
def check(tmp_path: Path, capsys, text: str) -> str:
    path = tmp_path / "rfh.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    return capsys.readouterr().err


def team(team_id: str, **fields: str) -> str:
    base = {"name": team_id.title(), "channel": f"#{team_id}", "label": f"team/{team_id}", **fields}
    return f'\n[[teams]]\nid = "{team_id}"\n' + "".join(f"{k} = {v if v.startswith('[') else repr(v)}\n"
                                                      for k, v in base.items())


def test_check_refuses_an_unknown_routing_setting(tmp_path: Path, capsys) -> None:
    err = check(tmp_path, capsys, builtin_config_text() + "\n[routing]\nfoo = 1\n")
    assert "routing: unknown section(s) foo" in err


def test_check_refuses_duplicate_labels_and_handles(tmp_path: Path, capsys) -> None:
    text = '[trackers]\nprivate = "a/b"\n' + team("web", handle="web-support") + team(
        "api", label="team/web", handle="@web-support")
    err = check(tmp_path, capsys, text)
    assert "teams[1].label: GitHub label 'team/web' appears twice (also teams[0])" in err
    assert "teams[1].handle: user group handle 'web-support' appears twice" in err


def test_teams_may_share_a_channel() -> None:
    config = parse_config('[trackers]\nprivate = "a/b"\n' + team("web", channel="#eng") + team("api", channel="#eng"),
                          source="x.toml")
    assert {t.channel for t in config.teams.teams} == {"#eng"}


def test_check_refuses_leads_and_members_that_are_not_user_ids(tmp_path: Path, capsys) -> None:
    text = '[trackers]\nprivate = "a/b"\n' + team("web", leads='["@bob"]', members='["U0ANA", "ana"]')
    err = check(tmp_path, capsys, text)
    assert "teams[0] (id 'web').leads[0]: '@bob' is not a Slack user id" in err
    assert "teams[0] (id 'web').members[1]: 'ana' is not a Slack user id" in err


def test_a_duplicate_id_is_reported_together_with_the_other_errors() -> None:
    text = '[trackers]\nprivate = "not a repo"\n' + team("web") + team("web", label="team/web2", timezone="Mars")
    with pytest.raises(ConfigError) as caught:
        parse_config(text, source="x.toml")
    problems = "\n".join(caught.value.problems)
    assert "trackers.private" in problems and "Mars" in problems
    assert "teams[1].id: team id 'web' appears twice (also teams[0])" in problems


def test_version() -> None:
    result = subprocess.run([sys.executable, "-m", "bot", "--version"], capture_output=True, text=True, timeout=30,
                            cwd=ROOT)
    assert result.returncode == 0 and result.stdout.startswith("rfh ") and result.stdout.split()[1][0].isdigit()
