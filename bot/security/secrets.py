"""Secrets in pasted text (tokens, keys, passwords), found with detect-secrets' plugins and redacted in place.

The plugins are detect-secrets' own, with its heuristic filters for placeholders (``${DB_PASS}``, ``{{ .x }}``,
``abcdef…``). The two high-entropy plugins are left out: pasted logs are full of commit hashes and ids, and a
support engineer asked to remove a git SHA would soon ignore the check. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
from detect_secrets.filters import heuristic
from detect_secrets.plugins.base import BasePlugin, RegexBasedDetector
from detect_secrets.plugins.keyword import REGEX_BY_FILETYPE, KeywordDetector
from detect_secrets.util.filetype import determine_file_type

from bot.security.secret_screen import Lines, PatternScreen, lines_to_scan, screens

SKIPPED = frozenset({"Base64HighEntropyString", "HexHighEntropyString", "IPPublicDetector"})
FILENAME = "pasted.yaml"
"""The keyword plugin reads ``password: hunter2`` as a secret only in config-like files; pasted text is like them."""
NAMES = {
    "AWS Access Key": ("an AWS access key", "AWS key"),
    "Private Key": ("a private key", "private key"),
    "Secret Keyword": ("a password or secret", "secret"),
    "GitHub Token": ("a GitHub token", "GitHub token"),
    "GitLab Token": ("a GitLab token", "GitLab token"),
    "Slack Token": ("a Slack token", "Slack token"),
    "JSON Web Token": ("a JSON web token", "JWT"),
    "Basic Auth Credentials": ("a password in a URL", "password"),
}
_PEM = re.compile(r"-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----.*?"
                  r"(?:-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Finding:
    line: int
    """1-based line of the text the secret starts on."""
    kind: str
    """How to say it: "an AWS access key"."""
    label: str
    """What replaces it: "AWS key" in ``[redacted: AWS key]``."""


@dataclass(frozen=True)
class Scan:
    findings: tuple[Finding, ...]
    redacted: str
    """The text with every secret replaced by ``[redacted: …]``."""


@lru_cache(maxsize=1)
def _plugins() -> tuple[BasePlugin, ...]:
    classes: list[type[BasePlugin]] = list(get_mapping_from_secret_type_to_class().values())
    return tuple(cls() for cls in sorted(classes, key=lambda c: c.__name__) if cls.__name__ not in SKIPPED)


@lru_cache(maxsize=1)
def _screens() -> tuple[tuple[BasePlugin, tuple[PatternScreen, ...] | None], ...]:
    """Each plugin with its patterns' screens (``bot.security.secret_screen``; None: its patterns are not known, so
    it always runs). A plugin none of whose patterns can match the whole text finds nothing on any line."""
    out: list[tuple[BasePlugin, tuple[PatternScreen, ...] | None]] = []
    for plugin in _plugins():
        patterns: list[re.Pattern[str]] = []
        if isinstance(plugin, KeywordDetector) and not plugin.keyword_exclude:
            patterns = list(REGEX_BY_FILETYPE.get(determine_file_type(FILENAME), {}))
        elif isinstance(plugin, RegexBasedDetector):
            patterns = list(plugin.denylist)
        out.append((plugin, screens(patterns) if patterns else None))
    return tuple(out)


def _candidates(text: str) -> tuple[tuple[BasePlugin, frozenset[int] | None], ...]:
    """The plugins that may find something in ``text``, each with the lines it may find it on (None: any)."""
    lines = Lines(text)
    out = []
    for plugin, checks in _screens():
        where = None if checks is None else lines_to_scan(checks, lines)
        if where is None or where:
            out.append((plugin, where))
    return tuple(out)


def names_of(secret_type: str) -> tuple[str, str]:
    known = NAMES.get(secret_type)
    if known:
        return known
    name = secret_type.replace(" Credentials", " credentials").replace(" Token", " token").replace(" Key", " key")
    article = "an" if name[:1].lower() in "aeiou" else "a"
    return f"{article} {name}", name


def scan(text: str) -> Scan:
    """Every secret in ``text``, and the text with each replaced by ``[redacted: <kind>]``."""
    return scan_with(text, None)


def scan_with(text: str, plugins: Sequence[BasePlugin] | None) -> Scan:
    """``scan`` with these plugins on every line (None: those ``_candidates`` leaves after the PEM blocks, each on
    the lines that hold one of its literals)."""
    findings: list[Finding] = []

    def pem(match: re.Match[str]) -> str:
        findings.append(Finding(text.count("\n", 0, match.start()) + 1, *names_of("Private Key")))
        return "[redacted: private key]"

    text = _PEM.sub(pem, text)
    run = _candidates(text) if plugins is None else tuple((plugin, None) for plugin in plugins)
    lines = text.split("\n") if run else []
    for number, line in enumerate(lines):
        here = [plugin for plugin, where in run if where is None or number in where]
        spans = sorted(_secrets_in(line, here), key=lambda s: s[0]) if here else []
        for start, end, secret_type in reversed(_disjoint(spans)):
            kind, label = names_of(secret_type)
            findings.append(Finding(number + 1, kind, label))
            line = f"{line[:start]}[redacted: {label}]{line[end:]}"
        lines[number] = line
    return Scan(tuple(sorted(findings, key=lambda f: f.line)), "\n".join(lines) if run else text)


def _secrets_in(line: str, plugins: Sequence[BasePlugin]) -> Iterator[tuple[int, int, str]]:
    for plugin in plugins:
        found = plugin.analyze_line(filename=FILENAME, line=line, line_number=0,
                                    context=None)  # type: ignore[arg-type]  # context serves verification only
        values = [s.secret_value for s in found if s.secret_value and not _placeholder(s.secret_value, line)]
        if not values:
            continue
        spans = list(_regex_spans(plugin, line)) if isinstance(plugin, RegexBasedDetector) else []
        if not spans:
            spans = [(i, i + len(v)) for v in values if (i := line.find(v)) >= 0]
        for start, end in spans:
            yield start, end, str(plugin.secret_type)


def _regex_spans(plugin: RegexBasedDetector, line: str) -> Iterator[tuple[int, int]]:
    """The secret itself where the pattern captures it (``aws_secret = "<it>"``), else the whole match."""
    for pattern in plugin.denylist:
        for match in pattern.finditer(line):
            groups = [n for n in range(1, (match.lastindex or 0) + 1) if match.group(n)]
            last = groups[-1] if groups else 0
            yield match.span(last) if last and len(match.group(last)) >= 8 else match.span(0)


def _placeholder(secret: str, line: str) -> bool:
    return (heuristic.is_templated_secret(secret) or heuristic.is_prefixed_with_dollar_sign(secret)
            or heuristic.is_indirect_reference(line) or heuristic.is_sequential_string(secret))


def _disjoint(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping finds (two plugins on one token) become one, the earliest and longest."""
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in spans:
        if kept and start < kept[-1][1]:
            if end > kept[-1][1]:
                kept[-1] = (kept[-1][0], end, kept[-1][2])
            continue
        kept.append((start, end, kind))
    return kept


def describe(field: str, findings: tuple[Finding, ...]) -> str:
    """"Line 3 of Logs looks like an AWS access key" (and how many more)."""
    first = findings[0]
    more = f" (and {len(findings) - 1} more secret{'s' if len(findings) > 2 else ''})" if len(findings) > 1 else ""
    return f"Line {first.line} of {field} looks like {first.kind}{more}"
