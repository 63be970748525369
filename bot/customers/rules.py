"""Profiles as plain data: the fields, name matching, the Environment text the modal shows and reads back, diffs
and the issue's table. No I/O."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.core.text import github_markdown, one_line

FIELDS: dict[str, str] = {
    "deployment": "Deployment",
    "version": "Version",
    "users": "Users",
    "repositories": "Repositories",
    "lines_of_code": "Lines of code",
    "code_hosts": "Code hosts",
    "auth_provider": "Authentication",
    "cloud": "Cloud",
    "environments": "Environments",
    "external_services": "Externalised services",
    "notes": "Notes",
}
"""Field name → label, in the order the modal, the issue table and the CLI show them."""
DEPLOYMENT_TYPES = ("Kubernetes/Helm", "Docker Compose", "Single container", "Managed")
_LABELS = {re.sub(r"[^a-z]", "", label.lower()): name for name, label in FIELDS.items()}
_LABELS.update({"deploymenttype": "deployment", "auth": "auth_provider", "authenticationprovider": "auth_provider",
                "codehost": "code_hosts", "repos": "repositories", "loc": "lines_of_code", "cloudplatform": "cloud",
                "externalservices": "external_services", "scaleusers": "users", "environment": "environments"})
_PUNCT = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Profile:
    name: str
    fields: Mapping[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    version: int = 0

    def rows(self) -> list[tuple[str, str]]:
        return [(FIELDS[k], str(self.fields[k])) for k in FIELDS if self.fields.get(k)]


def name_key(name: str) -> str:
    """The form names are matched on: accents dropped, case folded, punctuation and spacing collapsed
    ("Initéch, Inc." and "initech inc" are the same key)."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _PUNCT.sub(" ", plain).strip()


def clean_fields(values: Mapping[str, object]) -> dict[str, str]:
    """Known fields only, as one-line strings (notes keep their lines); empty values dropped."""
    out: dict[str, str] = {}
    for name in FIELDS:
        value = values.get(name)
        if value is None:
            continue
        text = ", ".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)
        text = text.strip() if name == "notes" else one_line(text)
        if text:
            out[name] = text
    return out


def render_environment(fields: Mapping[str, str]) -> str:
    """The Environment field's text for a profile: one "Label: value" line per known fact."""
    return "\n".join(f"{FIELDS[k]}: {fields[k]}" for k in FIELDS if fields.get(k))


def parse_environment(text: str) -> dict[str, str]:
    """The facts in an Environment text. "Label: value" lines (as the modal pre-fills them) are read exactly; in
    free text only the clear cases are picked up (deployment type, a version number, cloud, code hosts, auth
    provider, "3k repos", "5,000 users"). Anything else stays in the request, not the profile."""
    found: dict[str, str] = {}
    loose: list[str] = []
    for line in text.splitlines():
        label, sep, value = line.partition(":")
        name = _LABELS.get(re.sub(r"[^a-z]", "", label.lower())) if sep else None
        if name and value.strip():
            found[name] = value.strip() if name == "notes" else one_line(value)
        elif line.strip():
            loose.append(line)
    for name, value in _guess(" ".join(loose)).items():
        found.setdefault(name, value)
    return found


def changes(old: Mapping[str, str], new: Mapping[str, str]) -> dict[str, dict[str, str | None]]:
    """Field → {"from", "to"} for every fact ``new`` gives that differs from ``old`` (facts it omits are kept)."""
    return {k: {"from": old.get(k), "to": v} for k, v in new.items() if k in FIELDS and v and old.get(k) != v}


def profile_table(profile: Profile) -> str:
    """The profile as a GitHub markdown table; cells escaped like all user text (and pipes, which end a cell)."""
    rows = profile.rows()
    if not rows:
        return ""
    lines = ["| | |", "|---|---|"]
    for label, value in rows:
        cell = github_markdown(one_line(value)).replace("|", "\\|")
        lines.append(f"| {label} | {cell} |")
    return "\n".join(lines)


_DEPLOY = (
    (re.compile(r"\b(kubernetes|k8s|helm|gke|eks|aks|openshift)\b", re.I), "Kubernetes/Helm"),
    (re.compile(r"\bdocker[- ]compose\b", re.I), "Docker Compose"),
    (re.compile(r"\b(single[- ]container|docker run|server image)\b", re.I), "Single container"),
    (re.compile(r"\b(managed|cloud instance|dedicated instance)\b", re.I), "Managed"),
)
_CLOUD = ((re.compile(r"\b(aws|eks|amazon)\b", re.I), "AWS"), (re.compile(r"\b(gcp|gke|google cloud)\b", re.I), "GCP"),
          (re.compile(r"\b(azure|aks)\b", re.I), "Azure"), (re.compile(r"\bon[- ]prem(ise)?s?\b", re.I), "On-premises"))
_HOSTS = ("GitHub Enterprise", "GitHub", "GitLab", "Bitbucket Server", "Bitbucket Cloud", "Bitbucket", "Perforce",
          "Gerrit", "Phabricator", "Azure DevOps")
_AUTH = ("SAML", "OpenID Connect", "OIDC", "GitHub OAuth", "GitLab OAuth", "HTTP header", "builtin")
_VERSION = re.compile(r"\b(?:v|version\s*)?(\d+\.\d+(?:\.\d+)?)\b", re.I)
_SCALE = re.compile(r"\b(\d[\d,.]*\s*[km]?)\s*(users|repos|repositories|lines of code|loc)\b", re.I)


def _guess(text: str) -> dict[str, str]:
    if not text.strip():
        return {}
    found: dict[str, str] = {}
    deploy = next((label for pattern, label in _DEPLOY if pattern.search(text)), None)
    if deploy:
        found["deployment"] = deploy
    if version := _VERSION.search(text):
        found["version"] = version.group(1)
    clouds = [label for pattern, label in _CLOUD if pattern.search(text)]
    if clouds:
        found["cloud"] = ", ".join(clouds)
    hosts = _mentioned(text, _HOSTS)
    if hosts:
        found["code_hosts"] = ", ".join(hosts)
    auth = _mentioned(text, _AUTH)
    if auth:
        found["auth_provider"] = ", ".join(auth)
    for number, unit in _SCALE.findall(text):
        name = {"users": "users", "repos": "repositories", "repositories": "repositories"}.get(unit.lower(),
                                                                                             "lines_of_code")
        found.setdefault(name, number.strip())
    return found


def _mentioned(text: str, names: tuple[str, ...]) -> list[str]:
    """Names found in ``text`` (case-insensitive, whole words), longest first so "GitHub Enterprise" hides
    "GitHub"."""
    out: list[str] = []
    for name in sorted(names, key=len, reverse=True):
        if re.search(rf"\b{re.escape(name)}\b", text, re.I) and not any(name.lower() in o.lower() for o in out):
            out.append(name)
    return sorted(out, key=lambda n: text.lower().find(n.lower()))
