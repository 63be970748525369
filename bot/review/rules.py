"""Tech reviews as plain data: the form page 000 asks for, the decision, and the issue's title, body and labels."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum
from typing import Any

from bot.core.text import github_markdown, one_line, truncate

NOT_PROVIDED = "_Not provided._"


class Decision(StrEnum):
    APPROVED = "approved"
    DECLINED = "declined"
    NEEDS_INFO = "needs_info"

    @property
    def label(self) -> str:
        return {"approved": "Approved", "declined": "Declined", "needs_info": "Needs more information"}[self.value]

    @property
    def close_reason(self) -> str | None:
        """GitHub's state_reason when the decision closes the issue; more information keeps it open."""
        return {"approved": "completed", "declined": "not_planned"}.get(self.value)


STATE_LABELS = {"open": "Waiting for a decision", **{d.value: d.label for d in Decision}}


@dataclass(frozen=True)
class ReviewForm:
    """Page 000's minimum, plus who is on the account and the business context."""

    customer: str
    summary: str
    gap: str
    """The misalignment or gap between the customer and best practice or documented product limits."""
    needed_by: date | None
    why_then: str
    """Why a decision or commitment is needed by then (what the timeline affects)."""
    requirement: str
    """new | existing"""
    missed_in_qualification: str
    """What prevented catching it in technical qualification."""
    expectations: str
    if_unmet: str
    ce: str
    ae: str
    deal_value: str = ""
    key_prospect: bool = False
    business_context: str = ""
    other_customers: str = ""

    def to_details(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["needed_by"] = self.needed_by.isoformat() if self.needed_by else None
        return data

    @classmethod
    def from_details(cls, data: dict[str, Any]) -> ReviewForm:
        values: dict[str, Any] = {f.name: data.get(f.name) or "" for f in fields(cls)}
        values["needed_by"] = date.fromisoformat(str(data["needed_by"])) if data.get("needed_by") else None
        values["key_prospect"] = bool(data.get("key_prospect"))
        return cls(**values)


def review_title(form: ReviewForm) -> str:
    return truncate(f"Tech review: [{one_line(form.customer)}] {one_line(form.summary)}", 256)


def review_labels(label: str, customer_slug: str) -> list[str]:
    return [label, f"customer/{customer_slug}"]


def review_body(form: ReviewForm, *, review_id: int, key: str, requester: str, reviewers: str) -> str:
    needed = form.needed_by.isoformat() if form.needed_by else "not given"
    business = [f"- Deal value: {github_markdown(form.deal_value) if form.deal_value else 'not given'}",
                f"- Key prospect: {'yes' if form.key_prospect else 'no'}"]
    if form.business_context.strip():
        business.append(f"- Context: {github_markdown(one_line(form.business_context))}")
    lines = [
        f"**Customer:** {github_markdown(form.customer)} · **Decision needed by:** {needed} · "
        f"**Requirement:** {'new' if form.requirement == 'new' else 'existing'}",
        f"**Requested by:** {github_markdown(requester)} via Slack · **CE:** {github_markdown(form.ce)} · "
        f"**AE:** {github_markdown(form.ae)}",
        f"**Reviewers (EPS):** {github_markdown(reviewers) if reviewers else 'none configured'}",
        "",
        _section("The gap: the customer vs best practice or documented limits", form.gap),
        _section("When a decision or commitment is needed, and why", form.why_then),
        _section("New or existing requirement: what prevented catching it in technical qualification",
                 form.missed_in_qualification),
        _section("The customer's expectations", form.expectations),
        _section("What happens if we don't meet them", form.if_unmet),
        _section("Other customers affected", form.other_customers),
        "### Business context\n\n" + "\n".join(business) + "\n",
        "### Decision\n\n_Pending: recorded in Slack by the reviewers and commented here._",
    ]
    return "\n".join(lines) + f"\n\n---\nTR-{review_id} · tech review filed by the rfh bot · rfh{key}\n"


def decision_comment(decision: Decision, note: str, deciders: list[str]) -> str:
    who = ", ".join(github_markdown(d) for d in deciders) or "the reviewers"
    return f"**Decision: {decision.label}** (by {who}, recorded in Slack)\n\n{github_markdown(note.strip())}"


def _section(title: str, text: str) -> str:
    body = github_markdown(text.strip()) if text and text.strip() else NOT_PROVIDED
    return f"### {title}\n\n{body}\n"
