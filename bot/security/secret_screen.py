"""Whether a detect-secrets pattern can match any line of a text, decided on the whole text at once.

Line by line, the plugins cost ~2-5 µs per character of pasted text, on the event loop before the submission's answer:
Python around every line times two dozen plugins, and regexes such as the keyword plugin's that are slow to try at
every position. A pattern that matches no part of the whole text matches none of its lines, so its plugin is skipped:

- the pattern is searched with MULTILINE, so ``^``/``$`` match at every line. A line's end is then a newline instead
  of the end of the string, which only lets the search find more (detect-secrets' lookarounds and whitespace classes
  accept both alike; a property test, tests/unit/security/test_secret_screen.py, holds it to the line-by-line one);
- before that, the literal words every match of the pattern must contain (``password``, ``xox``, ``AKIA`` …, read
  from the stdlib's own parse of the pattern) are looked for with a plain alternation, which is fast: text with none
  of them skips the pattern without trying it at every position, and the plugin runs only on the lines that hold
  one (a match lies within its line).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

try:  # the stdlib's parser of patterns (no public API): without it, patterns are screened by the search alone
    import re._parser as _sre
except ImportError:  # pragma: no cover - a future Python without it
    _sre = None

_NEWLINE = re.compile("\n")
_LITERAL_FLAGS = re.IGNORECASE | re.ASCII | re.UNICODE
"""The flags that decide how a literal character matches."""


STRONG_NEEDLE = 3
"""Literals this long are rare enough that a text holding one goes straight to the lines that hold it: trying the
pattern itself at every position of the text would cost more (the keyword plugin's, ~1 µs per character)."""


@dataclass(frozen=True)
class PatternScreen:
    needle: re.Pattern[str] | None
    """Any of the literals every match contains (None: none known)."""
    strong: bool
    """The shortest of those literals is at least STRONG_NEEDLE long."""
    pattern: re.Pattern[str]
    """The plugin's pattern, MULTILINE."""


class Lines:
    """A text's lines as the scan splits it, and which of them hold a needle (each needle looked for once)."""

    def __init__(self, text: str):
        self.text = text
        self._starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
        self._found: dict[re.Pattern[str], frozenset[int]] = {}

    def holding(self, needle: re.Pattern[str]) -> frozenset[int]:
        found = self._found.get(needle)
        if found is None:  # a literal has no newline: every line holding one yields a match of its own
            starts = self._starts
            found = self._found[needle] = (frozenset() if needle.search(self.text) is None else frozenset(
                bisect_right(starts, m.start()) - 1 for m in needle.finditer(self.text)))
        return found


def lines_to_scan(checks: Iterable[PatternScreen], lines: Lines) -> frozenset[int] | None:
    """The lines a plugin with these patterns may match on (None: any line; empty: none)."""
    out: set[int] = set()
    for check in checks:
        held = lines.holding(check.needle) if check.needle is not None else None
        if held is not None and not held:
            continue
        if not check.strong and check.pattern.search(lines.text) is None:
            continue
        if held is None:
            return None
        out |= held
    return frozenset(out)


def screens(patterns: Iterable[re.Pattern[str]]) -> tuple[PatternScreen, ...]:
    out = []
    for pattern in patterns:
        literals = required_literals(pattern)
        needle = (_needle("|".join(re.escape(s) for s in sorted(literals, key=len, reverse=True)),
                          pattern.flags & _LITERAL_FLAGS) if literals else None)
        strong = literals is not None and min(map(len, literals)) >= STRONG_NEEDLE
        out.append(PatternScreen(needle, strong, re.compile(pattern.pattern, pattern.flags | re.MULTILINE)))
    return tuple(out)


@cache
def _needle(alternation: str, flags: int) -> re.Pattern[str]:
    """One compiled needle per distinct alternation (the keyword plugin's four patterns share theirs)."""
    return re.compile(alternation, flags)


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains, matched with its flags (None: none known)."""
    if _sre is None:
        return None
    try:
        return _required(_sre.parse(pattern.pattern, pattern.flags))
    except Exception:  # an unexpected parse: screen by the search alone
        return None


def _required(items: Any) -> frozenset[str] | None:
    """For a sequence of parsed items: the most telling set among its mandatory parts (runs of literals, groups,
    alternations whose every branch has a set, repeats of at least one)."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(found: frozenset[str] | None) -> None:
        nonlocal best
        if found and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found

    for op, av in [*items, (None, None)]:
        if op == _sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            consider(frozenset({"".join(run)}))
            run = []
        if op == _sre.SUBPATTERN and not av[1] and not av[2]:  # (group, added flags, removed flags, items)
            consider(_required(av[3]))
        elif op == _sre.BRANCH:
            branches = [_required(branch) for branch in av[1]]
            if all(branches):
                consider(frozenset().union(*branches))  # type: ignore[arg-type]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            consider(_required(av[2]))
        elif op == getattr(_sre, "ATOMIC_GROUP", None):
            consider(_required(av))
    return best
