"""The request as the bot understands it: plain dataclasses and enums, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from routing.priority import Severity


class RequestType(StrEnum):
    HELP = "help"
    DEFECT = "defect"
    FEATURE = "feature"

    @property
    def label(self) -> str:
        return {"help": "Help request", "defect": "Defect", "feature": "Feature request"}[self.value]


class Tracker(StrEnum):
    PRIVATE = "private"
    PUBLIC = "public"


class RequestStatus(StrEnum):
    """Open until resolved (the ownership lifecycle); ``RequestState`` is delivery's progress, a separate axis."""

    OPEN = "open"
    RESOLVED = "resolved"


class StepKind(StrEnum):
    """The durable delivery steps (``bot.delivery.steps``) that the domain services queue."""

    FILE_ISSUE = "file_issue"
    FILE_PUBLIC_ISSUE = "file_public_issue"
    REVIEW_PUBLIC = "review_public"
    POST_TEAM = "post_team"
    CONFIRM_REQUESTER = "confirm_requester"
    PING_ONCALL = "ping_oncall"
    REFRESH_POST = "refresh_post"
    REFRESH_CONFIRMATION = "refresh_confirmation"
    REFRESH_OLD_POSTS = "refresh_old_posts"
    ISSUE_COMMENT = "issue_comment"
    CLOSE_ISSUE = "close_issue"
    REOPEN_ISSUE = "reopen_issue"
    SET_LABELS = "set_labels"
    NOTIFY = "notify"
    # the Slack ↔ GitHub bridge (bot/bridge/steps.py)
    BRIDGE_TO_SLACK = "bridge_to_slack"
    BRIDGE_TO_GITHUB = "bridge_to_github"
    SYNC_ASSIGNEE = "sync_assignee"
    GITHUB_CHANGE = "github_change"
    REMOVE_LABEL = "remove_label"
    ADD_LABELS = "add_labels"


class RequestState(StrEnum):
    """What the requester sees: filing… / filed / failed, will retry / needs attention."""

    FILING = "filing"
    FILED = "filed"
    RETRYING = "retrying"
    NEEDS_ATTENTION = "needs_attention"

    @property
    def label(self) -> str:
        return {
            "filing": "Filing…",
            "filed": "Filed",
            "retrying": "Failed, will retry",
            "needs_attention": "Needs attention",
        }[self.value]


@dataclass(frozen=True)
class Origin:
    """Where the request was started: a channel, and for the message shortcut the thread and its permalink."""

    channel_id: str | None = None
    thread_ts: str | None = None
    permalink: str | None = None
    source: str = "command"


@dataclass(frozen=True)
class RequestForm:
    """Everything the intake modal collects (handbook 002, step 1)."""

    customer: str
    summary: str
    need: str
    severity: Severity
    request_type: RequestType
    urgency: str
    team_id: str
    tier: int | None = None
    in_sales_process: bool = False
    environment: str = ""
    steps_to_reproduce: str = ""
    logs: str = ""
    files: tuple[str, ...] = ()
    recent_changes: str = ""
    impacted_users: str = ""
    unimpacted_users: str = ""
    customer_quote: str = ""
    needed_by: date | None = None
    tracker: Tracker = Tracker.PRIVATE
    support_ticket: str = ""
    people: tuple[str, ...] = field(default=())

    @property
    def routing_text(self) -> str:
        """The text the router and the similarity index see."""
        parts = (self.summary, self.need, self.environment, self.steps_to_reproduce, self.customer_quote)
        return "\n".join(p for p in parts if p)


TEMPLATE_SECTIONS = ("environment", "steps_to_reproduce", "logs", "recent_changes", "impacted_users", "urgency")
"""The escalation template's step-1 sections (handbook 002, step 1): what the Delivery team's key result counts."""


def template_sections(details: Mapping[str, object]) -> int:
    """Bit i set when ``TEMPLATE_SECTIONS[i]`` is filled in (logs: pasted, or files attached), over the form as
    ``form_to_details`` stores it. Stored with the request, so a report reads one number instead of the JSON."""
    filled = {name: bool(str(details.get(name) or "").strip()) for name in TEMPLATE_SECTIONS}
    filled["logs"] = filled["logs"] or bool(details.get("files"))
    return sum(1 << i for i, name in enumerate(TEMPLATE_SECTIONS) if filled[name])


def form_to_details(form: RequestForm) -> dict[str, object]:
    """The form as JSON-safe data for the requests.details column."""
    data = {name: getattr(form, name) for name in RequestForm.__dataclass_fields__}
    data["needed_by"] = form.needed_by.isoformat() if form.needed_by else None
    data["files"] = list(form.files)
    data["people"] = list(form.people)
    return {k: (v.value if isinstance(v, StrEnum) else v) for k, v in data.items()}


def form_from_details(data: dict[str, object]) -> RequestForm:
    values = {k: v for k, v in data.items() if k in RequestForm.__dataclass_fields__}
    values["severity"] = Severity(str(values["severity"]))
    values["request_type"] = RequestType(str(values["request_type"]))
    values["tracker"] = Tracker(str(values.get("tracker") or "private"))
    values["needed_by"] = date.fromisoformat(str(values["needed_by"])) if values.get("needed_by") else None
    values["files"] = tuple(values.get("files") or ())  # type: ignore[arg-type]
    values["people"] = tuple(values.get("people") or ())  # type: ignore[arg-type]
    return RequestForm(**values)  # type: ignore[arg-type]


class ResolutionKind(StrEnum):
    ANSWERED = "answered"
    DOCS_NEEDED = "docs_needed"
    """Answered, and the docs should have answered it: what support takes back to the docs (handbook 002)."""
    FIXED = "fixed"
    DEFECT_FILED = "defect_filed"
    MOVED_TO_PUBLIC = "moved_to_public"
    WONT_FIX = "wont_fix"

    @property
    def label(self) -> str:
        return _RESOLUTION_LABELS[self]

    @property
    def closes_issue(self) -> bool:
        return self.close_reason is not None

    @property
    def close_reason(self) -> str | None:
        """GitHub's ``state_reason`` for closing the request's issue, or None to leave it open.

        A filed defect keeps the issue open: the customer is still waiting on the fix, which engineering schedules
        (seed 002, "Defects"). Moved to a public issue closes as not_planned: the private issue is a duplicate of the
        public one now, and GitHub files duplicates under "not planned", not "completed".
        """
        return _CLOSE_REASONS[self]


_RESOLUTION_LABELS = {
    ResolutionKind.ANSWERED: "Answered",
    ResolutionKind.DOCS_NEEDED: "Answered (docs needed)",
    ResolutionKind.FIXED: "Fixed",
    ResolutionKind.DEFECT_FILED: "Defect filed",
    ResolutionKind.MOVED_TO_PUBLIC: "Moved to a public issue",
    ResolutionKind.WONT_FIX: "Won't fix",
}
_CLOSE_REASONS: dict[ResolutionKind, str | None] = {
    ResolutionKind.ANSWERED: "completed",
    ResolutionKind.DOCS_NEEDED: "completed",
    ResolutionKind.FIXED: "completed",
    ResolutionKind.DEFECT_FILED: None,
    ResolutionKind.MOVED_TO_PUBLIC: "not_planned",
    ResolutionKind.WONT_FIX: "not_planned",
}
