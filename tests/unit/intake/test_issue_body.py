from datetime import date

from bot.core.domain import RequestForm, RequestType, Tracker
from bot.intake.issue_body import (
    BODY_LIMIT,
    IssueContext,
    issue_body,
    issue_labels,
    issue_title,
    marker,
    public_issue_body,
    split_body,
)
from routing.priority import Severity

FORM = RequestForm(
    customer="Acme Corp", summary="SAML login loops back to the sign-in page", need="Why does the redirect loop?",
    severity=Severity.SERIOUS, request_type=RequestType.DEFECT, urgency="Fine to look tomorrow",
    team_id="core-application", tier=1, in_sales_process=True, environment="Kubernetes, 4.2.1, GitHub Enterprise",
    steps_to_reproduce="1. Open /sign-in\n2. Click SSO", logs="https://gist.example/logs", recent_changes="New IdP",
    impacted_users="All Okta users", unimpacted_users="builtin admin", customer_quote="We can't log in.\nAt all.",
    needed_by=date(2026, 11, 30), tracker=Tracker.PRIVATE, support_ticket="https://support.example/t/1",
)
CTX = IssueContext(request_id=7, key="abc123", team_name="Core Application", priority="ce/p0",
                   priority_reasons=("serious → p1", "tier 1 customer (moves it up 1)"), requester="Sam",
                   thread_url="https://acme.slack.com/archives/C1/p1")


def test_title_and_labels():
    assert issue_title(FORM) == "[Acme Corp] SAML login loops back to the sign-in page"
    assert issue_labels(customer_slug="acme-corp", team_label="team/core-application", priority="ce/p0") == [
        "rfh", "customer/acme-corp", "team/core-application", "ce/p0"]


def test_body_has_every_step_one_section_quote_and_links():
    body = issue_body(FORM, CTX)
    for heading in ("What we need from engineering", "Customer environment", "Steps to reproduce",
                    "Logs and screenshots", "Recent changes in their environment", "Users impacted",
                    "Users not impacted", "Urgency and timeline", "Customer quote", "Links"):
        assert f"### {heading}" in body
    assert "> We can't log in.\n> At all." in body
    assert "Slack thread: https://acme.slack.com/archives/C1/p1" in body
    assert "Support ticket: https://support.example/t/1" in body
    assert "**Needed by:** 2026-11-30" in body
    assert marker("abc123") in body and "<!-- rfh-id: rfhabc123 -->" in body


def test_public_body_keeps_customer_data_out():
    body = public_issue_body(FORM, CTX)
    for private in ("Acme", "We can't log in", "Okta", "support.example", "slack.com", "New IdP"):
        assert private not in body
    assert issue_title(FORM, public=True) == "SAML login loops back to the sign-in page"
    assert "customer/acme-corp" not in issue_labels(customer_slug="acme-corp", team_label=None, priority="ce/p0",
                                                    public=True)


def test_oversized_body_overflows_into_comments_without_losing_text():
    big = RequestForm(**{**FORM.__dict__, "logs": "x" * 150_000})
    body = issue_body(big, CTX)
    first, rest = split_body(body)
    assert len(first) <= BODY_LIMIT and all(len(c) <= BODY_LIMIT for c in rest)
    assert marker("abc123") in first
    assert sum(c.count("x") for c in rest) + first.count("x") >= 150_000
