"""Customer slugs and GitHub labels that GitHub accepts: at most 50 characters, distinct for distinct names.

A name is transliterated to ASCII where Unicode can (``Café Müller`` → ``cafe-muller``); letters with no ASCII form
(Cyrillic, CJK, …) cannot be spelled, so a short hash of the name keeps two such customers apart instead of both
becoming ``unknown``. A slug too long for a label is cut and given the same kind of hash.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

LABEL_LIMIT = 50
"""GitHub refuses longer label names (422 "name is too long (maximum is 50 characters)")."""
CUSTOMER_PREFIX = "customer/"
SLUG_LIMIT = LABEL_LIMIT - len(CUSTOMER_PREFIX)
HASH_CHARS = 6


def short_hash(text: str, chars: int = HASH_CHARS) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:chars]


def slugify(name: str, limit: int = SLUG_LIMIT) -> str:
    """``Acme Corp`` → ``acme-corp``; never empty, never longer than ``limit``."""
    key = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
    ascii_text = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    lost = any(ch.isalnum() and not ch.isascii() for ch in unicodedata.normalize("NFKD", key)
               if unicodedata.category(ch) != "Mn")
    if not slug and not key:
        return "unknown"
    if lost or not slug:
        slug = f"{slug}-{short_hash(key)}" if slug else f"x-{short_hash(key, 8)}"
    return cap(slug, limit, key)


def cap(slug: str, limit: int, key: str | None = None) -> str:
    """Cut ``slug`` to ``limit`` characters, ending in a hash of the whole (``key``) so cut names stay distinct."""
    if len(slug) <= limit:
        return slug
    suffix = "-" + short_hash(key or slug)
    return slug[: limit - len(suffix)].rstrip("-") + suffix


def github_label(prefix: str, value: str) -> str:
    """``prefix`` + ``value``, cut (with a hash) to GitHub's 50 characters."""
    return prefix + cap(value, LABEL_LIMIT - len(prefix))


def customer_label(slug: str) -> str:
    return github_label(CUSTOMER_PREFIX, slug)
