"""The term table: vocabulary terms, the config's team keywords, alert names and monitoring words, by term key."""

from __future__ import annotations

from routing.teams import Team, TeamKind, TeamTable
from routing.terms import CompiledTerm, compile_terms, team_weights
from routing.vocabulary import Vocabulary

TABLE = TeamTable(
    (
        Team("ops", "Ops", TeamKind.ENGINEERING, "#ops", keywords=("Helm", "Kubernetes", "deploy")),
        Team("data", "Data", TeamKind.ENGINEERING, "#data", keywords=("warehouse", "Images")),
        Team("web", "Web", TeamKind.ENGINEERING, "#web"),
    )
)
VOCAB = Vocabulary.from_mapping(
    {
        "builtin": False,
        "groups": {"all": ["ops", "data", "web"]},
        "teams": {
            "ops": {"strong": ["kubernetes", "image"], "decisive": ["=Go"]},
            "all": {"weak": ["dashboard"]},
            "elsewhere": {"strong": ["mainframe"]},  # a team this table does not have
        },
        "alerts": {
            "weight": 6.0,
            "context": ["alert", "grafana"],
            "owners": {"gitserver: disk_space_remaining": "data", "frontend: up": "web", "gone: x_y": "nobody"},
        },
    }
)


INDEX = {t: i for i, t in enumerate(TABLE.ids)}


def _compiled() -> list[tuple[str, CompiledTerm]]:
    return compile_terms(VOCAB, TABLE, INDEX)


def _terms() -> dict[str, tuple[str, CompiledTerm]]:
    """By display (an alert's two names show alike: only the last is here)."""
    return {term.display: (phrase, term) for phrase, term in _compiled()}


def test_vocabulary_terms_are_bound_to_team_indexes() -> None:
    terms = _terms()
    assert terms["kubernetes"] == ("kubernetes", CompiledTerm("kubernetes", ((0, 3.0),)))
    assert terms["Go"] == ("=Go", CompiledTerm("Go", ((0, 5.0),)))  # found by its case-aware phrase
    assert terms["dashboard"][1].weights == ((0, 0.6), (1, 0.6), (2, 0.6))  # a group: every member
    assert "mainframe" not in terms


def test_team_keywords_count_unless_the_vocabulary_has_them_for_that_team() -> None:
    terms = _terms()
    keyword = VOCAB.setting("keyword_weight")
    assert terms["Helm"][1].weights == ((0, keyword),)
    assert terms["warehouse"][1].weights == ((1, keyword),)
    # "Kubernetes" is already a vocabulary term for ops: its weight stays the vocabulary's, and no second term.
    assert terms["kubernetes"][1].weights == ((0, 3.0),) and "Kubernetes" not in terms
    # "Images" is the vocabulary's "image" for ops, and a keyword for data: one term with both weights.
    assert terms["image"][1].weights == ((0, 3.0), (1, keyword)) and "Images" not in terms


def test_alert_names_mean_their_owner() -> None:
    terms = _terms()
    full = terms["gitserver: disk_space_remaining"]
    assert full[1].weights == ((1, 6.0),) and full[1].alert_owner == 1
    owned = [(phrase, term.display) for phrase, term in _compiled() if term.alert_owner >= 0]
    assert owned == [
        ("gitserver: disk_space_remaining", "gitserver: disk_space_remaining"),
        ("disk_space_remaining", "gitserver: disk_space_remaining"),  # the bare name, shown as the full one
        ("frontend: up", "frontend: up"),  # "up" alone: one word is too little to mean the alert
    ]
    assert not any("x_y" in display for display in terms)  # an owner the table does not have


def test_monitoring_words_no_team_has_are_terms_of_their_own() -> None:
    terms = _terms()
    assert terms["alert"] == ("alert", CompiledTerm("alert", (), -1, True))
    assert terms["grafana"][1].context and terms["grafana"][1].weights == ()


def test_team_weights_expand_groups_and_skip_unknown_teams_and_zero_weights() -> None:
    items = [("all", 1.0), ("ops", 2.0), ("elsewhere", 5.0), ("web", 0.0)]
    assert team_weights(VOCAB, INDEX, items) == {0: 3.0, 1: 1.0, 2: 1.0}
