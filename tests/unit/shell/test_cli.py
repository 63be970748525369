import json

from bot.shell.cli import main
from storage.db import migrate_blocking


def test_manifest_for_socket_mode_and_http(capsys):
    assert main(["manifest"]) == 0
    socket = json.loads(capsys.readouterr().out)
    assert socket["settings"]["socket_mode_enabled"] is True
    assert socket["features"]["slash_commands"][0]["command"] == "/rfh"
    assert socket["features"]["shortcuts"][0]["callback_id"] == "rfh_from_message"
    assert len(socket["features"]["shortcuts"][0]["name"]) <= 24
    assert main(["manifest", "--url", "https://rfh.example.com/"]) == 0
    http = json.loads(capsys.readouterr().out)
    url = "https://rfh.example.com/slack/events"
    assert http["settings"]["socket_mode_enabled"] is False
    assert http["settings"]["interactivity"]["request_url"] == url
    assert http["settings"]["event_subscriptions"]["request_url"] == url
    assert http["features"]["slash_commands"][0]["url"] == url
    assert http["settings"]["interactivity"]["message_menu_options_url"] == url  # the customer type-ahead
    assert [s["callback_id"] for s in http["features"]["shortcuts"]] == ["rfh_from_message",
                                                                         "rfh_tech_review_from_message"]
    assert all(len(s["name"]) <= 24 for s in http["features"]["shortcuts"])
    assert {"commands", "chat:write", "usergroups:read"} <= set(http["oauth_config"]["scopes"]["bot"])


def test_route_prints_ranked_teams_with_evidence(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("RFH_CONFIG", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'rfh.db'}")
    assert main(["route", "SAML SSO login fails for all users"]) == 0
    out = capsys.readouterr().out
    assert out.index("core-application") < out.index("distribution") or "Core Application" in out.splitlines()[0]
    assert "SAML" in out or "saml" in out


def test_route_batch_writes_one_json_line_per_input(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("RFH_CONFIG", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'rfh.db'}")
    batch = tmp_path / "in.jsonl"
    batch.write_text('{"id": 1, "text": "kubernetes helm deploy fails"}\n{"id": "b", "text": "renew license key"}\n')
    assert main(["route", "--batch", str(batch)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["id"] for line in lines] == [1, "b"]
    assert lines[0]["team"] == "distribution" and lines[0]["handle"] == "distribution-support"
    assert len(lines[0]["candidates"]) == 9
    scores = [c["score"] for c in lines[0]["candidates"]]
    assert scores == sorted(scores, reverse=True)


def test_route_batch_names_a_bad_line(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("RFH_CONFIG", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'rfh.db'}")
    batch = tmp_path / "in.jsonl"
    batch.write_text('{"id": 1, "text": "ok"}\nnot json\n')
    assert main(["route", "--batch", str(batch)]) == 2
    assert "line 2" in capsys.readouterr().err


def test_route_stats_reads_the_prediction_log(tmp_path, capsys, monkeypatch):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    migrate_blocking(url)  # the database `rfh serve` created
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["route", "--stats"]) == 0
    assert capsys.readouterr().out.strip()


def test_retry_of_an_unknown_request(tmp_path, capsys, monkeypatch):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    migrate_blocking(url)
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["retry", "RFH-42"]) == 1
    assert "no request RFH-42" in capsys.readouterr().out


def test_check_warns_about_teams_open_to_anyone_and_lists_nobody_can_reorder(tmp_path, capsys):
    from tests.scenario.queues.flows import CONFIG

    path = tmp_path / "rfh.toml"
    path.write_text(CONFIG)
    assert main(["check", str(path)]) == 0  # warnings, not errors: the bot runs with this config
    captured = capsys.readouterr()
    assert "OK (3 teams" in captured.out
    warnings = captured.err.splitlines()
    assert warnings == [
        "rfh check: warning: teams[1] (id 'core-application').members is empty, which means anyone: every user "
        "counts as a member of Core Application (may hand over, resolve and reopen its requests). List its people's "
        "Slack user ids in `members` to restrict that.",
        "rfh check: warning: teams[2] (id 'search-core').members is empty, which means anyone: every user counts as "
        "a member of Search Core (may hand over, resolve and reopen its requests). List its people's Slack user ids "
        "in `members` to restrict that.",
    ]
    path.write_text(CONFIG.replace('leads = ["U0CLEAD"]', ""))
    assert main(["check", str(path)]) == 0
    assert "teams[1] (id 'core-application').leads is empty but keeps_priorities_list = true" in capsys.readouterr().err


def test_priorities_of_an_unknown_team(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("RFH_CONFIG", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'rfh.db'}")
    assert main(["priorities", "marketing"]) == 2
    assert capsys.readouterr().err == ("rfh priorities: there is no team 'marketing'; teams with a list: "
                                       "distribution, core-application\n")
    assert main(["priorities", "distribution"]) == 0
    assert capsys.readouterr().err == "The RFH priorities list of Distribution is empty.\n"


COMMANDS = ["serve", "check", "manifest", "github-webhook", "demo", "route", "learn", "retry", "oncall", "history",
            "priorities", "customers", "report", "tickets"]


def test_help_lists_every_command_and_each_command_has_its_own_help(capsys):
    try:
        main(["--help"])
    except SystemExit as exc:
        assert exc.code == 0
    listed = capsys.readouterr().out
    for command in COMMANDS:
        assert f"    {command}" in listed
        try:
            main([command, "--help"])
        except SystemExit as exc:
            assert exc.code == 0, command
        assert "usage: rfh " + command in capsys.readouterr().out
