from pathlib import Path

import pytest

from bot.customers.files import read_rows, to_csv, to_toml
from bot.customers.rules import Profile, changes, name_key, parse_environment, profile_table, render_environment


def test_names_match_without_case_accents_or_punctuation():
    assert name_key("Initéch, Inc.") == name_key("INITECH inc") == "initech inc"
    assert name_key("Škoda Auto") == "skoda auto"
    assert name_key("  ") == ""


def test_the_prefilled_text_reads_back_exactly():
    fields = {"deployment": "Kubernetes/Helm", "version": "5.1.0", "users": "3000", "code_hosts": "GitHub, GitLab",
              "notes": "Air-gapped"}
    text = render_environment(fields)
    assert text.splitlines()[0] == "Deployment: Kubernetes/Helm"
    assert parse_environment(text) == fields
    edited = text.replace("5.1.0", "5.2.0") + "\nCloud: AWS"
    assert changes(fields, parse_environment(edited)) == {"version": {"from": "5.1.0", "to": "5.2.0"},
                                                          "cloud": {"from": None, "to": "AWS"}}


def test_free_text_yields_only_the_clear_facts():
    found = parse_environment("Helm on EKS, v5.0.3, Bitbucket Server + GitHub, OIDC via Okta, 2,500 users, 4k repos")
    assert found == {"deployment": "Kubernetes/Helm", "version": "5.0.3", "cloud": "AWS",
                     "code_hosts": "Bitbucket Server, GitHub", "auth_provider": "OIDC", "users": "2,500",
                     "repositories": "4k"}
    assert parse_environment("they restarted it yesterday") == {}
    assert changes({"version": "5.0"}, {}) == {}


def test_the_issue_table_escapes_cells():
    table = profile_table(Profile("X", {"version": "5.1 | @octocat", "notes": "fixes #1"}))
    assert "| Version | 5.1 \\| @\u200boctocat |" in table
    assert "fixes\u200b #1" in table
    assert profile_table(Profile("X", {})) == ""


def test_csv_and_toml_files_round_trip(tmp_path: Path):
    csv_file = tmp_path / "c.csv"
    csv_file.write_text("name,aliases,deployment,version\nInitéch,Initech Corp;INI,Kubernetes/Helm,5.1.0\n"
                        "Globex,,Docker Compose,\n", encoding="utf-8")
    rows = read_rows(csv_file)
    assert rows[0].name == "Initéch" and rows[0].aliases == ("Initech Corp", "INI")
    assert rows[1].fields == {"deployment": "Docker Compose"}
    profiles = [Profile(r.name, r.fields, r.aliases) for r in rows]
    toml_file = tmp_path / "c.toml"
    toml_file.write_text(to_toml(profiles), encoding="utf-8")
    assert read_rows(toml_file) == rows
    assert to_csv(profiles).splitlines()[1].startswith("Initéch,Initech Corp;INI,Kubernetes/Helm,5.1.0")


@pytest.mark.parametrize(("name", "text", "problem"), [
    ("c.csv", "customer,version\nX,1\n", "'name'"),
    ("c.csv", "name,colour\nX,red\n", "unknown column 'colour'"),
    ("c.csv", "name,version\n,1\n", "line 2: 'name' is empty"),
    ("c.toml", "[[customers]]\nname = 'X'\nflavour = 1\n", "unknown key 'flavour'"),
    ("c.toml", "customers = 3", "expected [[customers]]"),
    ("c.toml", "[[customers]\n", "not valid TOML"),
    ("c.json", "{}", "use a .csv or .toml file"),
])
def test_bad_files_say_what_is_wrong_in_one_line(tmp_path: Path, name: str, text: str, problem: str):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ValueError, match=None) as info:
        read_rows(path)
    assert problem in str(info.value) and "\n" not in str(info.value)
