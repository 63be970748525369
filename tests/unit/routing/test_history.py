"""Reading a history file: every problem names its line; ids and texts deduplicate; tracker labels map to teams."""

from __future__ import annotations

import pytest

from routing.history import HistoryError, example_key, issue_text, parse_history, team_for_labels, text_hash

TEAMS = {"payments", "identity", "platform"}


def test_examples_with_and_without_ids() -> None:
    lines = ['{"text": "Card declined at checkout", "team": "payments", "id": 17}', "",
             '{"text": "SSO loop after login", "team": "identity"}']
    examples = parse_history(lines, TEAMS)
    assert [(e.text, e.team, e.id, e.line) for e in examples] == [
        ("Card declined at checkout", "payments", "17", 1), ("SSO loop after login", "identity", None, 3)]
    assert examples[0].key == "id:17" and examples[1].key.startswith("text:")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "line 2: not valid JSON"),
        ('["a list"]', "line 2: expected a JSON object"),
        ('{"team": "payments"}', 'line 2: "text" is missing'),
        ('{"text": "  ", "team": "payments"}', 'line 2: "text" is empty'),
        ('{"text": 5, "team": "payments"}', 'line 2: "text" is not a string'),
        ('{"text": "x"}', 'line 2: "team" is missing'),
        ('{"text": "x", "team": "billing"}', 'line 2: unknown team "billing" (the config has: identity, payments, '
                                             'platform)'),
        ('{"text": "x", "team": "payments", "id": [1]}', 'line 2: "id" must be a string or a number'),
        ('{"text": "x", "team": "payments", "id": true}', 'line 2: "id" must be a string or a number'),
    ],
)
def test_a_bad_line_is_named(line: str, message: str) -> None:
    with pytest.raises(HistoryError) as raised:
        parse_history(['{"text": "fine", "team": "payments"}', line, '{"text": "also fine", "team": "platform"}'],
                      TEAMS)
    assert str(raised.value).startswith(message)


def test_a_later_line_with_the_same_id_or_text_wins() -> None:
    examples = parse_history(['{"text": "a", "team": "payments", "id": "x"}',
                              '{"text": "b", "team": "identity", "id": "x"}',
                              '{"text": "Same   TEXT", "team": "payments"}',
                              '{"text": "same text", "team": "platform"}'], TEAMS)
    assert [(e.text, e.team) for e in examples] == [("b", "identity"), ("same text", "platform")]


def test_text_identity_ignores_case_and_spacing() -> None:
    assert text_hash("Login  broken\n") == text_hash("login broken")
    assert example_key(None, "A") == example_key(None, "a") != example_key("1", "a")


def test_an_issue_becomes_a_request_text() -> None:
    assert issue_text("  Checkout\tfails ", "Steps:\n1. pay") == "Checkout fails\n\nSteps:\n1. pay"
    assert issue_text("Title only", None) == "Title only"


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["bug", "Team/Payments"], ("payments", False)),
        (["team/payments", "team/checkout"], ("payments", False)),  # two labels, one team
        (["team/payments", "team/identity"], (None, True)),
        (["bug"], (None, False)),
    ],
)
def test_labels_map_to_one_team_or_none(labels: list[str], expected: tuple[str | None, bool]) -> None:
    mapping = {"team/payments": "payments", "team/checkout": "payments", "team/identity": "identity"}
    assert team_for_labels(labels, mapping) == expected
