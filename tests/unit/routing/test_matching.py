"""Term matching: word boundaries, case-aware terms, aliases, hyphens, plurals, longest phrase first."""

from __future__ import annotations

import pytest

from routing.matcher import CompiledVocabulary
from routing.teams import Team, TeamKind, TeamTable
from routing.text import tokenize
from routing.vocabulary import Vocabulary

TABLE = TeamTable(
    (
        Team("ops", "Ops", TeamKind.ENGINEERING, "#ops"),
        Team("lang", "Languages", TeamKind.ENGINEERING, "#lang"),
        Team("web", "Web", TeamKind.ENGINEERING, "#web"),
    )
)

VOCAB = Vocabulary.from_mapping(
    {
        "builtin": False,
        "aliases": {"k8s": "kubernetes", "code intel": "code intelligence"},
        "matching": {"neutral": ["go to", "go ahead"]},
        "teams": {
            "ops": {"strong": ["image", "kubernetes", "kubernetes cluster", "src-cli", "repository"]},
            "lang": {"strong": ["=Go", "go to definition", "code intelligence"]},
            "web": {"strong": ["browser extension"], "weak": ["extension"]},
        },
    }
)


@pytest.fixture(scope="module")
def compiled() -> CompiledVocabulary:
    return CompiledVocabulary(VOCAB, TABLE)


def matched(compiled: CompiledVocabulary, text: str) -> set[str]:
    return {compiled.terms[i].display for i in compiled.matched_terms(tokenize(text, with_title=False))}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our services are written in Go and Rust", {"Go"}),
        ("Go to the settings page and click save", set()),
        ("go ahead and restart it", set()),
        ("the go binary", set()),
        ("GO is shouting, not the language", set()),
        ("Go to definition fails on Go structs", {"go to definition", "Go"}),
        ("the image is missing a tag", {"image"}),
        ("satellite imagery tiles", set()),
        ("images pulled from the registry", {"image"}),
        ("an imageless page", set()),
    ],
    ids=[
        "go-the-language",
        "go-to-a-page",
        "go-ahead",
        "lowercase-go",
        "uppercase-GO",
        "phrase-then-language",
        "image",
        "imagery-is-not-image",
        "plural-image",
        "no-substring-match",
    ],
)
def test_word_boundaries_and_case(compiled: CompiledVocabulary, text: str, expected: set[str]) -> None:
    assert matched(compiled, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pods crash on k8s", {"kubernetes"}),
        ("our K8s cluster is small", {"kubernetes cluster"}),
        ("code intel is slow", {"code intelligence"}),
        ("src cli and src_cli and SRC-CLI", {"src-cli"}),
        ("two repositories", {"repository"}),
        ("the Browser-Extensions page", {"browser extension"}),
        ("an extension for the browser", {"extension"}),
    ],
    ids=["alias", "alias-inside-phrase", "phrase-alias", "hyphen-spellings", "plural", "hyphen-plural-case",
         "shorter-term"],
)
def test_normalisation_and_aliases(compiled: CompiledVocabulary, text: str, expected: set[str]) -> None:
    assert matched(compiled, text) == expected


def test_longest_phrase_uses_up_its_words(compiled: CompiledVocabulary) -> None:
    counts = compiled.matched_terms(tokenize("kubernetes cluster down", with_title=False))
    assert [compiled.terms[i].display for i in counts] == ["kubernetes cluster"]


def test_title_and_prefix_occurrences_are_counted_apart(compiled: CompiledVocabulary) -> None:
    counts = compiled.matched_terms(tokenize("image: kubernetes image\nthe image again"))
    by_name = {compiled.terms[i].display: c for i, c in counts.items()}
    assert by_name["image"][:3] == [1, 1, 1]  # [body, title, prefix, ...]
    assert by_name["kubernetes"][:3] == [0, 1, 0]


def test_config_keywords_the_vocabulary_lacks_are_added() -> None:
    table = TeamTable(
        TABLE.teams + (Team("data", "Data", TeamKind.ENGINEERING, "#data", keywords=("Warehouse", "Images")),)
    )
    compiled = CompiledVocabulary(VOCAB, table)
    scores = compiled.score(tokenize("warehouse loads", with_title=False)).scores
    assert scores[compiled.team_index["data"]] == VOCAB.setting("keyword_weight")
    # A keyword the vocabulary already has for another team is still the config team's keyword.
    image = compiled.score(tokenize("image", with_title=False)).scores
    assert image[compiled.team_index["data"]] > 0 and image[compiled.team_index["ops"]] > 0
