"""Finding phrases: word boundaries, case-aware phrases, aliases, hyphens, plurals, longest phrase first."""

from __future__ import annotations

import pytest

from routing.phrases import PhraseIndex, alias_table, spellings
from routing.text import normalise_phrase, tokenize

ALIASES = alias_table({"k8s": "kubernetes", "code intel": "code intelligence"})
PHRASES = ["image", "kubernetes", "kubernetes cluster", "src-cli", "repository", "=Go", "go to definition",
           "code intelligence", "browser extension", "extension"]
NEUTRAL = ["go to", "go ahead"]


@pytest.fixture(scope="module")
def index() -> PhraseIndex:
    return PhraseIndex([(p, i) for i, p in enumerate(PHRASES)] + [(p, -1) for p in NEUTRAL], ALIASES)


def matched(index: PhraseIndex, text: str) -> set[str]:
    return {PHRASES[i].lstrip("=") for i in index.find(tokenize(text, with_title=False))}


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
def test_word_boundaries_and_case(index: PhraseIndex, text: str, expected: set[str]) -> None:
    assert matched(index, text) == expected


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
def test_normalisation_and_aliases(index: PhraseIndex, text: str, expected: set[str]) -> None:
    assert matched(index, text) == expected


def test_longest_phrase_uses_up_its_words(index: PhraseIndex) -> None:
    found = index.find(tokenize("kubernetes cluster down", with_title=False))
    assert [PHRASES[i] for i in found] == ["kubernetes cluster"]


def test_title_and_prefix_occurrences_are_counted_apart(index: PhraseIndex) -> None:
    found = index.find(tokenize("image: kubernetes image\nthe image again"))
    by_phrase = {PHRASES[i]: counts for i, counts in found.items()}
    assert by_phrase["image"] == [1, 1, 1, 0, 1]  # [body, title, prefix, first position, length in words]
    assert by_phrase["kubernetes"] == [0, 1, 0, 1, 1]


def test_a_spelling_given_twice_keeps_its_first_term() -> None:
    index = PhraseIndex([("Kubernetes", 0), ("kubernetes", 1), ("k8s", 2)], alias_table({"k8s": "kubernetes"}))
    assert set(index.find(tokenize("k8s", with_title=False))) == {0}


def test_spellings_put_aliases_in_place_of_canonical_words() -> None:
    aliases = alias_table({"k8s": "kubernetes", "kube": "kubernetes", "ci": "code intelligence"})
    found = spellings(normalise_phrase("code intelligence on kubernetes"), aliases)
    assert found[0] == normalise_phrase("code intelligence on kubernetes")
    assert set(found) == {
        normalise_phrase(f"{a} on {b}") for a in ("code intelligence", "ci") for b in ("kubernetes", "k8s", "kube")
    }


def test_spellings_are_bounded() -> None:
    aliases = alias_table({f"alias{i}": "word" for i in range(10)})
    assert len(spellings(normalise_phrase("word word word"), aliases)) == 32
