import pytest

from bot.shell.cli import main
from bot.shell.settings import SettingsError, load_settings
from storage.db import normalise_url

GOOD = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "GITHUB_TOKEN": "g"}


def test_missing_settings_each_get_one_line_naming_the_variable():
    with pytest.raises(SettingsError) as caught:
        load_settings({})
    assert [p.split()[0] for p in caught.value.problems] == ["SLACK_BOT_TOKEN", "GITHUB_TOKEN"]


def test_invalid_values_are_explained():
    with pytest.raises(SettingsError) as caught:
        load_settings({**GOOD, "SLACK_BOT_TOKEN": "nope", "SLACK_API_URL": "ftp://x"})
    text = "\n".join(caught.value.problems)
    assert "SLACK_BOT_TOKEN is invalid" in text and "SLACK_API_URL is invalid" in text


def test_http_mode_needs_the_signing_secret():
    with pytest.raises(SettingsError, match="SLACK_SIGNING_SECRET is missing"):
        load_settings({k: v for k, v in GOOD.items() if k != "SLACK_SIGNING_SECRET"})


def test_secrets_stay_out_of_repr():
    text = repr(load_settings({**GOOD, "GITHUB_TOKEN": "ghp-secret", "SLACK_SIGNING_SECRET": "sssh"}))
    assert "ghp-secret" not in text and "sssh" not in text


def test_api_urls_are_normalised():
    settings = load_settings({**GOOD, "SLACK_API_URL": "http://127.0.0.1:9/api", "GITHUB_API_URL": "http://h/"})
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert settings.github_api_url == "http://h"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///rfh.db", "sqlite+aiosqlite:///rfh.db"),
        ("sqlite+aiosqlite:////tmp/x.db", "sqlite+aiosqlite:////tmp/x.db"),
        ("postgresql://u:p@h:5432/db", "postgresql+asyncpg://u:p@h:5432/db"),
        ("postgresql+asyncpg://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgres://u@h/db", "postgresql+asyncpg://u@h/db"),
    ],
)
def test_database_urls_are_normalised(given, expected):
    assert normalise_url(given) == expected


def test_rfh_serve_without_settings_exits_2_with_a_clear_line(monkeypatch, capsys):
    for name in ("SLACK_BOT_TOKEN", "GITHUB_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    assert main(["serve", "--http"]) == 2
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN is missing" in err and "Traceback" not in err
