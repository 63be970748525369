import pytest

from bot.core.config import ConfigError, builtin_config_text, load_config, parse_config, slugify
from bot.shell.cli import main

HANDBOOK_TEAMS = {
    "distribution": ("distribution-support", "team/distribution"),
    "core-application": ("core-app-support", "team/core-application"),
    "code-intelligence": ("code-intel", "team/code-intelligence"),
    "search-core": ("search-core-support", "team/search-core"),
    "search-product": ("search-product-support", "team/search-product"),
    "extensibility": ("extensibility", "team/extensibility"),
    "batch-changes": ("batchers-support", "team/batchers"),
}


def test_builtin_config_reproduces_the_handbook():
    config = load_config()
    assert set(config.teams.ids) == {*HANDBOOK_TEAMS, "ce-sales", "bizops"}
    for team_id, (handle, label) in HANDBOOK_TEAMS.items():
        team = config.teams[team_id]
        assert (team.handle, team.label) == (handle, label)
        assert team.files_issues
    assert not config.teams["ce-sales"].files_issues and not config.teams["bizops"].files_issues
    assert config.teams["core-application"].channel == "#core-application-support"
    assert {t.id for t in config.teams.teams if t.keeps_priorities_list} == {"distribution", "core-application"}
    assert "SAML" in config.teams["core-application"].keywords


def test_every_error_is_reported_with_its_path():
    text = """
[trackers]
private = "not a repo"
[[teams]]
id = "web"
name = "Web"
kind = "engineering"
chanel = "#web"
[[teams]]
id = "web"
name = "Web again"
channel = "#web2"
label = "team/web"
timezone = "Mars/Olympus"
"""
    with pytest.raises(ConfigError) as caught:
        parse_config(text, source="teams.toml")
    problems = "\n".join(caught.value.problems)
    assert "trackers.private" in problems
    assert "teams[0] (id 'web').channel: is required" in problems
    assert "teams[0] (id 'web').chanel: is not a known setting" in problems
    assert "teams[1] (id 'web').timezone" in problems and "Mars/Olympus" in problems


def test_duplicate_team_ids_are_refused():
    text = builtin_config_text() + '\n[[teams]]\nid = "bizops"\nname = "Again"\nkind = "bizops"\nchannel = "#x"\n'
    with pytest.raises(ConfigError, match="appears twice"):
        parse_config(text, source="x.toml")


def test_invalid_toml_names_the_line():
    with pytest.raises(ConfigError, match="not valid TOML"):
        parse_config("[trackers\n", source="x.toml")


def test_unknown_customers_are_accepted_and_known_ones_carry_their_record():
    text = builtin_config_text() + '\n[[customers]]\nname = "Acme Corp"\ntier = 1\nsales_rep = "U0SALES"\nce = "U0CE"\n'
    config = parse_config(text, source="x.toml")
    assert config.customer("acme corp").tier == 1
    assert config.customer("Initech").tier is None
    assert config.customer("Initech").slug == "initech"
    assert slugify("  Foo & Bar, Inc. ") == "foo-bar-inc"


def test_rfh_check_prints_each_error_and_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[trackers]\nprivate = "a/b"\n[[teams]]\nid = "x"\nname = "X"\n', encoding="utf-8")
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "teams[0] (id 'x').channel: is required" in err


def test_engineering_teams_need_a_label():
    text = '[trackers]\nprivate = "a/b"\n[[teams]]\nid = "x"\nname = "X"\nchannel = "#x"\n'
    with pytest.raises(ConfigError, match=r"teams\[0\] \(id 'x'\): an engineering team needs a GitHub label"):
        parse_config(text, source="x.toml")


def test_rfh_check_accepts_the_builtin_config(capsys, monkeypatch):
    monkeypatch.delenv("RFH_CONFIG", raising=False)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)  # the webhook part is tested against the fake GitHub
    assert main(["check"]) == 0
    assert "OK (9 teams" in capsys.readouterr().out


def test_rfh_check_missing_file(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.toml")]) == 2
    assert "cannot read the file" in capsys.readouterr().err
