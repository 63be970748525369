"""SQLAlchemy 2 models: requests, their durable delivery steps, ownership events, scheduler jobs and the RFH
priorities lists."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on SQLite (which keeps no offset) as on PostgreSQL (timestamptz)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; pass an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime(), dict[str, Any]: JSON}


class Request(Base):
    """One request for help as the requester filed it, plus where it went."""

    __tablename__ = "requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    view_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    requester_id: Mapped[str] = mapped_column(String(64))
    origin_channel: Mapped[str | None] = mapped_column(String(64))
    origin_thread_ts: Mapped[str | None] = mapped_column(String(32))
    origin_permalink: Mapped[str | None] = mapped_column(Text)
    customer: Mapped[str] = mapped_column(String(200))
    customer_slug: Mapped[str] = mapped_column(String(200))
    tier: Mapped[int | None]
    in_sales_process: Mapped[bool] = mapped_column(Boolean, default=False)
    request_type: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    team_id: Mapped[str] = mapped_column(String(64))
    suggested_team_id: Mapped[str | None] = mapped_column(String(64))
    suggestion_confidence: Mapped[float | None]
    priority: Mapped[str] = mapped_column(String(32))
    priority_level: Mapped[int]
    tracker: Mapped[str] = mapped_column(String(16), default="private")
    state: Mapped[str] = mapped_column(String(32), default="filing")
    state_detail: Mapped[str | None] = mapped_column(Text)
    issue_repo: Mapped[str | None] = mapped_column(String(200))
    issue_number: Mapped[int | None]
    issue_url: Mapped[str | None] = mapped_column(Text)
    public_issue_url: Mapped[str | None] = mapped_column(Text)
    post_channel: Mapped[str | None] = mapped_column(String(64))
    post_ts: Mapped[str | None] = mapped_column(String(32))
    confirm_channel: Mapped[str | None] = mapped_column(String(64))
    confirm_ts: Mapped[str | None] = mapped_column(String(32))
    filing_view_id: Mapped[str | None] = mapped_column(String(64))
    owner_id: Mapped[str | None] = mapped_column(String(64))
    owner_informal: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="open")
    resolution: Mapped[str | None] = mapped_column(String(32))
    resolved_at: Mapped[datetime | None]
    last_activity_at: Mapped[datetime | None]
    snoozed_until: Mapped[datetime | None]
    """The owner snoozed the stale-ownership nudge until then (migration 0002)."""
    template_sections: Mapped[int | None]
    """``bot.core.domain.template_sections`` of the form at intake; NULL for requests stored before (0007_reports)."""

    __table_args__ = (
        Index("ix_requests_post", "post_channel", "post_ts"),
        Index("ix_requests_origin", "origin_channel", "origin_thread_ts"),
        # the queues and App Home (migration 0005): a user's requests, what they own, a team's open requests
        Index("ix_requests_requester", "requester_id", "id"),
        Index("ix_requests_owner", "owner_id", "status"),
        Index("ix_requests_queue", "status", "team_id", "priority_level", "created_at"),
        Index("ix_requests_resolved", "resolved_at"),
    )


class Step(Base):
    """One outside side effect of a request (file the issue, post, confirm…), performed durably by the worker."""

    __tablename__ = "steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    dedupe_key: Mapped[str] = mapped_column(String(128), unique=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None]
    uncertain: Mapped[bool] = mapped_column(Boolean, default=False)
    last_error: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime]
    done_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_steps_due", "state", "next_attempt_at"),)


class OwnershipEventRow(Base):
    __tablename__ = "ownership_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    from_user: Mapped[str | None] = mapped_column(String(64))
    to_user: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    resolution: Mapped[str | None] = mapped_column(String(32))


class RouteDecision(Base):
    """The prediction log: what the router suggested and which team the request ended with."""

    __tablename__ = "route_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    at: Mapped[datetime]
    text: Mapped[str] = mapped_column(Text)
    suggested_team_id: Mapped[str | None] = mapped_column(String(64))
    chosen_team_id: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)


class SeenDelivery(Base):
    """Deliveries already handled (Slack event_id, client_msg_id, GitHub X-GitHub-Delivery)."""

    __tablename__ = "seen_deliveries"

    source: Mapped[str] = mapped_column(String(16), primary_key=True)
    delivery_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    at: Mapped[datetime]


class Job(Base):
    """A due job for the durable scheduler (reminders, escalations, digests)."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), index=True)
    due_at: Mapped[datetime] = mapped_column(index=True)
    dedupe_key: Mapped[str] = mapped_column(String(160), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """How often the job was claimed; spaces out retries after a failure (migration 0002)."""

    __table_args__ = (
        Index("ix_jobs_pending", "done_at", "due_at"),
        Index("ix_jobs_kind_done", "kind", "done_at"),  # SLA breaches this week (App Home overview, migration 0005)
    )


class BridgedItem(Base):
    """One comment or thread reply kept in step between the GitHub issue and the team post's thread (migration 0003).

    ``source_key`` is the item's id where it was written (``gh:<comment id>`` or ``sl:<channel>:<ts>``): a redelivered
    webhook or event finds the row instead of bridging twice. ``version`` grows with every change (edit, deletion);
    each version is one durable step that brings the mirror in line with the row."""

    __tablename__ = "bridged_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    origin: Mapped[str] = mapped_column(String(8))
    source_key: Mapped[str] = mapped_column(String(128), unique=True)
    author: Mapped[str] = mapped_column(String(128))
    body: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    files: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    edited_key: Mapped[str | None] = mapped_column(String(64))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    slack_channel: Mapped[str | None] = mapped_column(String(64))
    slack_ts: Mapped[str | None] = mapped_column(String(32))
    github_comment_id: Mapped[int | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class TimelineEvent(Base):
    """What happened to a request that no other table records: GitHub state, label and assignee changes and bridged
    comments, each with its real actor (a Slack user id, ``github:<login>`` or ``rfh``). Migration 0003."""

    __tablename__ = "timeline_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)


class PersonLink(Base):
    """A Slack user's GitHub login, learned from an e-mail match or said by the user (``/rfh github LOGIN``).
    The config's ``[people]`` table is read directly and wins over these rows. Migration 0003."""

    __tablename__ = "person_links"

    slack_user: Mapped[str] = mapped_column(String(64), primary_key=True)
    github_login: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime]
# -- issue 14: related requests (add-ons, withdrawals), customer environment profiles, tech reviews (migration 0004) --


class RequestAddOn(Base):
    """A request attached to an existing one ("Add to RFH-12 instead"): it counts as an add-on, not a new request."""

    __tablename__ = "request_addons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    view_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    requester_id: Mapped[str] = mapped_column(String(64))
    customer: Mapped[str] = mapped_column(String(200))
    customer_slug: Mapped[str] = mapped_column(String(200))
    priority: Mapped[str | None] = mapped_column(String(32))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class IntakeWithdrawal(Base):
    """The requester closed the form after a related request answered it (*Withdraw — this answered it*)."""

    __tablename__ = "intake_withdrawals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    view_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    answered_by: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    requester_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]


class CustomerProfile(Base):
    """A customer's environment (handbook 003's facts), kept between requests; ``version`` counts its changes."""

    __tablename__ = "customer_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime]
    updated_by: Mapped[str | None] = mapped_column(String(64))


class CustomerAlias(Base):
    """Every normalised name a profile answers to (its own name included): one customer per alias."""

    __tablename__ = "customer_aliases"

    alias_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("customer_profiles.id"), index=True)


class CustomerProfileVersion(Base):
    """One change of a profile: who, when, from where, and each field's old and new value."""

    __tablename__ = "customer_profile_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("customer_profiles.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(200))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class TechReview(Base):
    """A tech-review request (handbook 000): filed in a tracker, posted for EPS, resolved by a decision."""

    __tablename__ = "tech_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    view_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    requester_id: Mapped[str] = mapped_column(String(64))
    customer: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reviewers: Mapped[list[str]] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(32), default="open")
    decision_note: Mapped[str | None] = mapped_column(Text)
    deciders: Mapped[list[str]] = mapped_column(JSON, default=list)
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(64))
    issue_repo: Mapped[str | None] = mapped_column(String(200))
    issue_number: Mapped[int | None]
    issue_url: Mapped[str | None] = mapped_column(Text)
    post_channel: Mapped[str | None] = mapped_column(String(64))
    post_ts: Mapped[str | None] = mapped_column(String(32))
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class PriorityList(Base):
    """One row per team that keeps an RFH priorities list: the lock every change of that list takes first, so two
    leads (on any replica) reorder one after the other and never lose or duplicate an item (migration 0005)."""

    __tablename__ = "priority_lists"

    team_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime | None]


class PriorityItem(Base):
    """A request on its team's priorities list. ``rank`` orders the list (smallest first) with gaps, so a move
    changes one row; ``(team_id, rank)`` is unique and a request is on at most one list (migration 0005)."""

    __tablename__ = "priority_items"

    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(64))
    rank: Mapped[int] = mapped_column(BigInteger)
    added_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("team_id", "rank", name="uq_priority_items_team_rank"),)


class PriorityEvent(Base):
    """The priorities-list history of a request: added, moved (with the lead's reason), removed, re-routed.
    ``summary_job`` is the channel summary (a scheduler job) that reported the move (migration 0005)."""

    __tablename__ = "priority_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    team_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    from_position: Mapped[int | None]
    to_position: Mapped[int | None]
    reason: Mapped[str | None] = mapped_column(Text)
    summary_job: Mapped[int | None]

    __table_args__ = (Index("ix_priority_events_summary", "team_id", "summary_job"),)




class TicketCount(Base):
    """How many support tickets the support desk had from ``period_start`` to ``period_end``: a week or a day, recorded
    with `rfh tickets`. The bot sees only the requests; this is the denominator of the 10% goal (migration
    0007_reports)."""

    __tablename__ = "ticket_counts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    """Exclusive: a week's count runs from its Monday to the next Monday."""
    count: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("period_start", "period_end", name="uq_ticket_counts_period"),)
