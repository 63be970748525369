"""The one sanitiser for text bound for a public place (the public issue): nothing private survives it. Pure.

In order: secrets (``bot.security.secrets``) become ``[redacted: …]``; links become ``[link removed]`` unless they
start with one of the configured public prefixes (the product's docs, its public repository); e-mail addresses
become ``[email removed]``; host names under the customer's domains become ``[customer host]``, any other host name
or IP address ``[host removed]``; the customer's name and its known aliases become ``[customer]``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.security.secrets import scan

_URL = re.compile(r"\b(?:https?|ftp|ssh|git)://[^\s<>\"'`)\]]+|\bwww\.[^\s<>\"'`)\]]+", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b")
# Host names: dotted names ending in a common public or internal top-level domain (file names such as values.yaml
# or main.go are left alone).
_HOST = re.compile(
    r"\b(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:com|net|org|io|dev|app|cloud|co|ai|biz|info|us|uk|"
    r"de|fr|nl|eu|ca|au|jp|in|internal|local|localdomain|corp|lan|intranet|intra|private|example)\b(?::\d+)?",
    re.IGNORECASE)


@dataclass(frozen=True)
class PrivateFacts:
    """What must not leave: the customer's names and domains; which links may."""

    names: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    public_links: tuple[str, ...] = ()


def private_facts(*, customer: str, aliases: Sequence[str] = (), domains: Sequence[str] = (),
                  public_links: Sequence[str] = ()) -> PrivateFacts:
    names = tuple(sorted({n.strip() for n in (customer, *aliases) if n and n.strip()}, key=len, reverse=True))
    return PrivateFacts(names, tuple(d.lower().strip(". ") for d in domains if d.strip()), tuple(public_links))


def sanitise(text: str, facts: PrivateFacts) -> str:
    text = scan(text).redacted.replace("\x00", "")
    kept: list[str] = []

    def link(match: re.Match[str]) -> str:
        if not _public(match.group(0), facts):
            return "[link removed]"
        kept.append(match.group(0))  # set aside, so the host rules below leave a public link whole
        return f"\x00{len(kept) - 1}\x00"

    text = _URL.sub(link, text)
    text = _EMAIL.sub("[email removed]", text)
    text = _IPV4.sub("[host removed]", text)
    text = _HOST.sub(lambda m: _host(m.group(0), facts), text)
    for domain in facts.domains:  # a bare customer domain with an unusual TLD
        text = re.sub(rf"(?<![\w.-])(?:[\w-]+\.)*{re.escape(domain)}\b", "[customer host]", text, flags=re.IGNORECASE)
    for name in facts.names:
        text = re.sub(rf"(?<!\w){_loose(name)}(?:['’]s)?(?!\w)", "[customer]", text, flags=re.IGNORECASE)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)


def _public(url: str, facts: PrivateFacts) -> bool:
    """Under a public prefix, and naming neither the customer nor its domains anywhere."""
    lowered = url.lower()
    if not any(lowered.startswith(prefix.lower()) for prefix in facts.public_links):
        return False
    squashed = re.sub(r"[^a-z0-9]", "", lowered)
    return not any(re.sub(r"[^a-z0-9]", "", n.lower()) in squashed for n in (*facts.names, *facts.domains))


def _host(host: str, facts: PrivateFacts) -> str:
    bare = host.lower().split(":")[0]
    if any(bare == d or bare.endswith("." + d) for d in facts.domains):
        return "[customer host]"
    return "[host removed]"


def _loose(name: str) -> str:
    """The name with any run of spaces, hyphens or dots matching any other (``ACME-Industries``)."""
    return r"[\s.-]+".join(re.escape(part) for part in re.split(r"[\s.-]+", name.strip()) if part)
