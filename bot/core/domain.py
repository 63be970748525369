"""The request as the bot understands it: plain dataclasses and enums, no I/O."""

from __future__ import annotations

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


class StepKind(StrEnum):
    """The durable delivery steps (``bot.delivery.steps``) that the domain services queue."""

    FILE_ISSUE = "file_issue"
    FILE_PUBLIC_ISSUE = "file_public_issue"
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
