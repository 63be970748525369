from __future__ import annotations

import pytest

from routing.text import normalise_phrase, stem, tokenize


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("repositories", "repository"),
        ("repository", "repository"),
        ("indexes", "index"),
        ("patches", "patch"),
        ("changesets", "changeset"),
        ("cloning", "clon"),
        ("cloned", "clon"),
        ("clone", "clon"),
        ("syncing", "sync"),
        ("synced", "sync"),
        ("running", "run"),
        ("installing", "install"),
        ("access", "access"),
        ("status", "status"),
        ("theme", "theme"),
        ("imagery", "imagery"),
        ("go", "go"),
    ],
    ids=lambda v: v,
)
def test_stem_folds_plurals_and_verb_forms(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("src-cli", "src cli"),
        ("src_cli", "SRC CLI"),
        ("code-host connections", "code host connection"),
        ("Browser Extensions", "browser extension"),
        ("disk_space_remaining", "disk space remaining"),
    ],
    ids=["hyphen", "underscore-and-case", "hyphen-and-plural", "case-and-plural", "alert-name"],
)
def test_hyphens_underscores_case_and_plurals_normalise_alike(a: str, b: str) -> None:
    assert normalise_phrase(a) == normalise_phrase(b)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("see ![image](https://example.com/shot.png) here", "imag"),
        ("details in https://github.com/acme/tools/issues/12 please", "github"),
        ("cc @acme/search-team for visibility", "search"),
        ("<!-- describe the kubernetes setup here -->nothing", "kubernet"),
    ],
    ids=["markdown-image", "url", "team-mention", "html-comment"],
)
def test_noise_is_dropped(text: str, absent: str) -> None:
    assert absent not in tokenize(text).norms


def test_email_addresses_keep_their_words() -> None:
    assert "acme" in tokenize("mail ops@acme.example about it").norms


def test_numbers_are_dropped_and_symbols_kept() -> None:
    tokens = tokenize("upgrade 3.42.1 broke C++ and C# indexing")
    assert tokens.norms == ("upgrad", "brok", "c++", "and", "c#", "index")
    assert tokens.origs[2] == "C++"


@pytest.mark.parametrize(
    ("text", "title_len", "prefix"),
    [
        ("batches: retry button missing\nbody text", 4, ("batch",)),
        ("[deploy-sourcegraph] pin the image\nbody", 5, ("deploy", "sourcegraph")),
        ("A title without an area\nbody", 5, ()),
        ("Title only, no body", 4, ()),
    ],
    ids=["colon-prefix", "bracket-prefix", "no-prefix", "title-only"],
)
def test_title_and_area_prefix(text: str, title_len: int, prefix: tuple[str, ...]) -> None:
    tokens = tokenize(text)
    assert tokens.title_len == title_len
    assert tokens.norms[: tokens.prefix_len] == prefix
