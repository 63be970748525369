"""Text normalisation shared by the keyword model, the similarity model and the vocabulary.

A request text becomes a sequence of tokens. Each token keeps its original spelling (for case-aware terms such
as ``Go`` the language) and a normalised form used for everything else:

* markdown images, URLs, HTML comments, ``@mentions``, host names with subdomains and browser versions are
  dropped (an image link is not a Docker image, a ``github.com/...`` URL is not a question about GitHub,
  ``@org/team`` handles are not evidence, ``k8s.example.org`` is not about Kubernetes, "Firefox 75" in an
  issue template's platform line is not about the browser extension);
* words are split on anything that is not a letter or digit, so ``src-cli``, ``src_cli`` and ``src cli`` are the
  same two tokens, and ``disk_space_remaining`` is three; ``C++`` and ``C#`` stay whole;
* pure numbers are dropped (versions, issue numbers);
* the normalised form is lower case and lightly stemmed: plurals (``repositories`` → ``repository``,
  ``indexes`` → ``index``), ``-ing``/``-ed`` and a final ``e`` (``cloning``, ``cloned``, ``clone`` → ``clon``).

The stemmer is deliberately small and conservative; it only has to map the same word's forms together, since the
vocabulary goes through exactly the same function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DROP = re.compile(
    r"!\[[^\]]*\]\([^)]*\)"  # markdown image
    r"|<img[^>]*>"  # html image
    r"|<!--.*?-->"  # html comment (issue templates)
    r"|(?:https?|ftp)://\S+"  # url
    r"|@[\w./-]+",  # @mention or @org/team handle (kept when part of an e-mail address, see _drop)
    re.S,
)
_TLD = re.compile(r"\.(?:com|org|io|net|dev|app)\b")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
_BROWSERS = ("Chrome", "Firefox", "Safari", "Edge", "Chromium", "Brave")
_BROWSER_VERSION = re.compile(r"(?:Chrome|Firefox|Safari|Edge|Chromium|Brave)\s+v?\d[\w.]*")
_PREFIX = re.compile(r"\s*(?:\[([^\]]{1,60})\]|([^:\n]{1,60}):\s)")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:\+\+|#(?![A-Za-z0-9]))?")

_VOWELS = frozenset("aeiouy")
_KEEP_DOUBLE = frozenset("lsz")
_NO_PLURAL_ENDINGS = ("ss", "us", "is", "ous")

# Words whose final "e" is kept: dropping it would make them another common word ("theme" → "them").
_KEEP_E = frozenset({"theme", "there", "where", "these", "those", "whose", "shore", "alone"})

_STEM_CACHE: dict[str, str] = {}


def stem(word: str) -> str:
    """The normalised form of one lower-case word."""
    cached = _STEM_CACHE.get(word)
    if cached is not None:
        return cached
    result = _stem(word)
    if len(_STEM_CACHE) < 200_000:
        _STEM_CACHE[word] = result
    return result


def _stem(w: str) -> str:
    if len(w) <= 3 or not w.isalpha():
        return w
    # plurals
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "xes", "ches", "shes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(_NO_PLURAL_ENDINGS):
        w = w[:-1]
    # -ing / -ed
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            base = w[: -len(suffix)]
            if not any(c in _VOWELS for c in base):
                break
            if len(base) >= 3 and base[-1] == base[-2] and base[-1] not in _VOWELS and base[-1] not in _KEEP_DOUBLE:
                base = base[:-1]
            w = base
            break
    if len(w) > 4 and w.endswith("e") and w not in _KEEP_E:
        w = w[:-1]
    return w


@dataclass(frozen=True, slots=True)
class Tokens:
    """A text's tokens: normalised forms, original spellings, and how many of them belong to the title."""

    norms: tuple[str, ...]
    origs: tuple[str, ...]
    title_len: int
    prefix_len: int = 0
    """Tokens of the title's area prefix, e.g. ``batches: …`` or ``[deploy-sourcegraph] …`` (at most 4 words)."""

    def __len__(self) -> int:
        return len(self.norms)


def _drop(match: re.Match[str]) -> str:
    found = match.group(0)
    if found[0] == "@":
        before = match.string[match.start() - 1] if match.start() else " "
        if before.isalnum() or before in "._":
            return found  # an e-mail address, not a mention
    return " "


def clean(text: str) -> str:
    """``text`` without the parts that are never evidence (see the module docstring)."""
    text = _DROP.sub(_drop, text)
    if _TLD.search(text):
        # Host names with a subdomain ("k8s.example.org"): found from their top-level domain, walking left.
        parts: list[str] = []
        last = 0
        for m in _TLD.finditer(text):
            start = m.start()
            while start > 0 and text[start - 1] in _HOST_CHARS:
                start -= 1
            if start >= last and text.count(".", start, m.start()) >= 1:
                parts.append(text[last:start])
                last = m.end()
        parts.append(text[last:])
        text = " ".join(parts)
    if any(b in text for b in _BROWSERS):
        text = _BROWSER_VERSION.sub(" ", text)
    return text


def tokenize(text: str, *, with_title: bool = True) -> Tokens:
    """Tokenise ``text``; the first non-empty line counts as the title when ``with_title``."""
    text = clean(text)
    title_len = prefix_len = 0
    if with_title:
        stripped = text.lstrip()
        head, sep, _ = stripped.partition("\n")
        if head.strip() and (sep or len(head) <= 200):
            title_len = len(_TOKEN.findall(head))
            prefix = _PREFIX.match(head)
            if prefix:
                n = len(_TOKEN.findall(prefix.group(1) or prefix.group(2)))
                prefix_len = n if 0 < n <= 4 else 0
    origs = tuple(_TOKEN.findall(text))
    cache = _STEM_CACHE
    norms = tuple([cache.get(o) or _stem_original(o) for o in origs])
    return Tokens(norms, origs, title_len, prefix_len)


def _stem_original(orig: str) -> str:
    result = stem(orig.lower())
    if len(_STEM_CACHE) < 200_000:
        _STEM_CACHE[orig] = result
    return result


def normalise_phrase(phrase: str) -> tuple[str, ...]:
    """The normalised token sequence of a vocabulary phrase (same rules as request texts)."""
    return tuple(stem(o.lower()) for o in _TOKEN.findall(phrase))


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """The original-spelling tokens of a phrase (for case-aware terms)."""
    return tuple(_TOKEN.findall(phrase))
