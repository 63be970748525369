"""Finding a vocabulary's phrases in a text: every spelling of each phrase indexed by its first word, matched longest
first, each word used by at most one phrase.

A phrase's spellings are its normalised words and the same words with a vocabulary alias in place of a canonical
word or phrase (``k8s cluster`` for ``kubernetes cluster``). A phrase written ``=Go`` is case-aware: it has one
spelling and matches only where the text has exactly that spelling.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from routing.text import Tokens, normalise_phrase, phrase_tokens

_MAX_SPELLINGS = 32
"""Aliases of aliases could multiply a long phrase's spellings; past this many, the rest are not indexed."""

Words = tuple[str, ...]
Aliases = dict[str, list[tuple[Words, Words]]]
"""(alias, canonical) normalised word sequences by the canonical's first word."""


def alias_table(aliases: Mapping[str, str]) -> Aliases:
    """The vocabulary's ``alias = canonical`` pairs, normalised and keyed for :func:`spellings`."""
    out: Aliases = {}
    for alias, canonical in aliases.items():
        a, c = normalise_phrase(alias), normalise_phrase(canonical)
        if a and c and a != c:
            out.setdefault(c[0], []).append((a, c))
    return out


def spellings(norms: Words, aliases: Aliases) -> list[Words]:
    """``norms`` and its spellings with aliases in place of canonical words (breadth first, so that the spellings
    with one alias come before those with two)."""
    found = [norms]
    frontier = [norms]
    while frontier and len(found) < _MAX_SPELLINGS:
        nxt = []
        for phrase in frontier:
            for spelling in _one_alias_more(phrase, aliases):
                if spelling not in found and len(found) < _MAX_SPELLINGS:
                    found.append(spelling)
                    nxt.append(spelling)
        frontier = nxt
    return found


def _one_alias_more(phrase: Words, aliases: Aliases) -> Iterator[Words]:
    for start, word in enumerate(phrase):
        for alias, canonical in aliases.get(word, ()):
            n = len(canonical)
            if phrase[start : start + n] == canonical:
                yield phrase[:start] + alias + phrase[start + n :]


@dataclass(frozen=True, slots=True)
class _Entry:
    length: int
    norms: Words
    case: Words | None
    """The exact spelling a case-aware phrase needs; ``None`` for the others."""
    term: int


class PhraseIndex:
    """Phrases (with their term numbers) by first word. A phrase given twice, in any spelling, keeps its first
    term; neutral phrases have the term -1: they match nothing but use up their words ("Go to the page" is not
    about Go)."""

    def __init__(self, phrases: Iterable[tuple[str, int]], aliases: Aliases):
        by_first: dict[str, list[_Entry]] = {}
        seen: set[tuple[Words, Words | None]] = set()
        for phrase, term in phrases:
            for entry in _entries(phrase, term, aliases):
                if (entry.norms, entry.case) not in seen:
                    seen.add((entry.norms, entry.case))
                    by_first.setdefault(entry.norms[0], []).append(entry)
        for entries in by_first.values():
            entries.sort(key=lambda e: (-e.length, e.case is None))  # longest first; case-aware before the rest
        # Plain tuples: matching reads them in the innermost loop of every suggestion.
        self._index: dict[str, tuple[tuple[int, Words, Words | None, int], ...]] = {
            first: tuple((e.length, e.norms, e.case, e.term) for e in entries) for first, entries in by_first.items()
        }

    def find(self, tokens: Tokens) -> dict[int, list[int]]:
        """term → [occurrences in the body, in the title, in the title's area prefix, position of the first
        occurrence, its length in words]; longest phrase first, each word in at most one phrase."""
        norms, origs, title_len, prefix_len = tokens.norms, tokens.origs, tokens.title_len, tokens.prefix_len
        index = self._index
        found: dict[int, list[int]] = {}
        free = 0  # first position not used by a phrase matched so far
        for i in [i for i, w in enumerate(norms) if w in index]:
            if i < free:
                continue
            for length, phrase, case, term in index[norms[i]]:
                if length > 1 and norms[i : i + length] != phrase:
                    continue
                if case is not None and origs[i : i + length] != case:
                    continue
                if term >= 0:
                    counts = found.get(term)
                    if counts is None:
                        counts = found[term] = [0, 0, 0, i, length]
                    counts[(2 if i < prefix_len else 1) if i < title_len else 0] += 1
                free = i + length
                break
        return found


def _entries(phrase: str, term: int, aliases: Aliases) -> Iterator[_Entry]:
    if phrase.startswith("="):
        spelled: list[Words] = [normalise_phrase(phrase[1:])]
        case: Words | None = phrase_tokens(phrase[1:])
    else:
        spelled = spellings(normalise_phrase(phrase), aliases)
        case = None
    for norms in spelled:
        if norms:
            yield _Entry(len(norms), norms, case, term)
