"""queues: the RFH priorities lists (a lock row per team, ranked items, their history) and the indexes the queues
and App Home read by

Revision ID: 0005_queues
Revises: 0004_smarter_intake
Create Date: 2026-11-25 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_queues"
down_revision = "0004_smarter_intake"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _priority_tables()
    _indexes()


def _priority_tables() -> None:
    op.create_table(
        "priority_lists",
        sa.Column("team_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("team_id"),
    )
    op.create_table(
        "priority_items",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=64), nullable=False),
        sa.Column("rank", sa.BigInteger(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["requests.id"]),
        sa.PrimaryKeyConstraint("request_id"),
        sa.UniqueConstraint("team_id", "rank", name="uq_priority_items_team_rank"),
    )
    op.create_table(
        "priority_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_position", sa.Integer(), nullable=True),
        sa.Column("to_position", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("summary_job", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["request_id"], ["requests.id"]),
        sa.PrimaryKeyConstraint("id"),
    )


def _indexes() -> None:
    op.create_index("ix_priority_events_request_id", "priority_events", ["request_id"], unique=False)
    op.create_index("ix_priority_events_summary", "priority_events", ["team_id", "summary_job"], unique=False)
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.create_index("ix_requests_requester", ["requester_id", "id"], unique=False)
        batch_op.create_index("ix_requests_owner", ["owner_id", "status"], unique=False)
        batch_op.create_index("ix_requests_queue", ["status", "team_id", "priority_level", "created_at"],
                              unique=False)
        batch_op.create_index("ix_requests_resolved", ["resolved_at"], unique=False)
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_kind_done", ["kind", "done_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_kind_done")
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.drop_index("ix_requests_resolved")
        batch_op.drop_index("ix_requests_queue")
        batch_op.drop_index("ix_requests_owner")
        batch_op.drop_index("ix_requests_requester")
    op.drop_index("ix_priority_events_summary", table_name="priority_events")
    op.drop_index("ix_priority_events_request_id", table_name="priority_events")
    op.drop_table("priority_events")
    op.drop_table("priority_items")
    op.drop_table("priority_lists")
