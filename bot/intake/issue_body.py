"""The GitHub issue: title, body (the escalation template with every step-1 section) and labels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from bot.core.domain import RequestForm
from bot.core.labels import customer_label, github_label
from bot.core.text import github_markdown, one_line, quote_block, truncate
from bot.customers.rules import Profile, profile_table

TITLE_LIMIT = 256
BODY_LIMIT = 65_536
NOT_PROVIDED = "_Not provided._"


@dataclass(frozen=True)
class IssueContext:
    request_id: int
    key: str
    team_name: str
    priority: str
    priority_reasons: tuple[str, ...]
    requester: str
    thread_url: str | None = None
    private_issue_url: str | None = None
    request_type: str = ""
    profile: Mapping[str, Any] | None = None
    """The customer's environment profile as submitted ({name, version, fields}), shown as a table."""


def marker(key: str) -> str:
    """A token that survives in the body: the idempotency key, visible (searchable) and as a hidden comment."""
    return f"rfh{key}"


def issue_title(form: RequestForm, *, public: bool = False) -> str:
    summary = one_line(form.summary)
    return truncate(github_markdown(summary if public else f"[{one_line(form.customer)}] {summary}", inline=True),
                    TITLE_LIMIT)


def issue_labels(*, customer_slug: str, team_label: str | None, priority: str, public: bool = False) -> list[str]:
    labels = ["rfh"] if public else ["rfh", customer_label(customer_slug)]
    if team_label:
        labels.append(github_label("", team_label))
    labels.append(github_label("", priority))
    return labels


def issue_body(form: RequestForm, ctx: IssueContext) -> str:
    """The private issue: every section, the customer quote as a quote block, links to Slack and the ticket."""
    tier = f" (tier {form.tier})" if form.tier else ""
    sales = ", in the sales process" if form.in_sales_process else ""
    needed_by = f" · **Needed by:** {form.needed_by.isoformat()}" if form.needed_by else ""
    lines = [
        f"**Customer:** {github_markdown(one_line(form.customer))}{tier}{sales} · **Type:** {form.request_type.label}",
        f"**Priority:** `{ctx.priority}` ({'; '.join(ctx.priority_reasons)}) · **Team:** {ctx.team_name}{needed_by}",
        f"**Requested by:** {github_markdown(one_line(ctx.requester))} via Slack"
        + (f" · **Include:** {len(form.people)} people named in the Slack post" if form.people else ""),
        "",
        _section("What we need from engineering", form.need),
        _section("Summary", form.summary),
        _section("Customer environment", form.environment) + _profile(ctx.profile),
        _section("Steps to reproduce", form.steps_to_reproduce),
        _section("Logs and screenshots", "\n".join(filter(None, [form.logs, *form.files]))),
        _section("Recent changes in their environment", form.recent_changes),
        _section("Users impacted", form.impacted_users),
        _section("Users not impacted", form.unimpacted_users),
        _section("Urgency and timeline", form.urgency),
        "### Customer quote\n\n" + (quote_block(form.customer_quote) if form.customer_quote.strip() else NOT_PROVIDED),
        "### Links\n\n" + _links(form, ctx),
    ]
    return "\n".join(lines) + _footer(ctx)


class PublicSections(Protocol):
    @property
    def summary(self) -> str: ...

    @property
    def need(self) -> str: ...

    @property
    def steps_to_reproduce(self) -> str: ...


def public_issue_body(form: PublicSections, ctx: IssueContext) -> str:
    """The public issue: product facts only (no customer name, quote, users, logs or ticket), from the sanitised
    draft the requester (or a lead) approved."""
    lines = [
        (f"**Type:** {ctx.request_type} · " if ctx.request_type else "") + f"**Team:** {ctx.team_name}",
        "",
        _section("Summary", form.summary),
        _section("What we need from engineering", form.need),
        _section("Steps to reproduce", form.steps_to_reproduce),
        "### Links\n\n" + (f"- Related private customer issue: {ctx.private_issue_url}" if ctx.private_issue_url
                           else NOT_PROVIDED),
        "",
        "_Filed from a customer request; customer details are kept in the private tracker._",
    ]
    return "\n".join(lines) + _footer(ctx, suffix="p")


def split_body(body: str, limit: int = BODY_LIMIT) -> tuple[str, list[str]]:
    """Fit GitHub's body limit: the first part keeps the footer; the overflow goes into follow-up comments."""
    if len(body) <= limit:
        return body, []
    head, sep, footer = body.rpartition("\n\n---\n")
    footer = sep + footer
    note = "\n\n_(continued in the comments below)_"
    room = limit - len(footer) - len(note)
    first = head[:room] + note + footer
    rest = head[room:]
    chunk = limit - 100
    comments = [f"_(continued)_\n\n{rest[i:i + chunk]}" for i in range(0, len(rest), chunk)]
    return first, comments


def _section(title: str, text: str) -> str:
    body = github_markdown(text.strip()) if text.strip() else NOT_PROVIDED
    return f"### {title}\n\n{body}\n"


def _profile(profile: Mapping[str, Any] | None) -> str:
    if not profile or not profile.get("fields"):
        return ""
    name = github_markdown(one_line(str(profile.get("name") or "")))
    table = profile_table(Profile(name=name, fields=dict(profile["fields"]), version=int(profile.get("version") or 0)))
    return f"\n#### Environment profile: {name} (v{int(profile.get('version') or 0)})\n\n{table}\n"


def _links(form: RequestForm, ctx: IssueContext) -> str:
    links = []
    if ctx.thread_url:
        links.append(f"- Slack thread: {ctx.thread_url}")
    if form.support_ticket:
        links.append(f"- Support ticket: {github_markdown(one_line(form.support_ticket))}")
    return "\n".join(links) or NOT_PROVIDED


def _footer(ctx: IssueContext, suffix: str = "") -> str:
    token = marker(ctx.key) + suffix
    return f"\n\n---\nRFH-{ctx.request_id} · filed by the rfh bot · {token}\n<!-- rfh-id: {token} -->\n"
