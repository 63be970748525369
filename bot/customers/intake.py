"""What a submission does with the customer's profile: the canonical name (any spelling or alias finds it), the
profile as it stands with this submission's Environment laid over it (shown as a table in the issue), and the
versioned update once the request is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.customers.rules import FIELDS, Profile, changes, parse_environment
from bot.customers.service import CustomerProfiles


@dataclass(frozen=True)
class ProfileUse:
    name: str
    """The customer's canonical name (the typed one when there is no profile)."""
    facts: dict[str, str] = field(default_factory=dict)
    """The Environment's facts this submission gives."""
    snapshot: dict[str, Any] | None = None
    """The profile with those facts, for the issue's table; None when there is nothing to show."""


async def prepare(customers: CustomerProfiles, *, customer: str, environment: str) -> ProfileUse:
    profile = await customers.find_recent(customer)
    facts = parse_environment(environment)
    name = profile.name if profile else customer.strip()
    base = dict(profile.fields) if profile else {}
    merged = {**base, **{k: v for k, v in facts.items() if k in FIELDS}}
    if not merged:
        return ProfileUse(name, facts)
    version = (profile.version if profile else 0) + (1 if changes(base, facts) else 0)
    return ProfileUse(name, facts, {"name": name, "version": version, "fields": merged})


async def record(customers: CustomerProfiles, use: ProfileUse, *, actor: str, request_id: int) -> Profile | None:
    """Keep the submission's facts in the profile (a new version when anything changed)."""
    if not use.facts:
        return None
    saved = await customers.update(use.name, use.facts, actor=actor, source=f"RFH-{request_id}")
    return saved.profile if saved else None
