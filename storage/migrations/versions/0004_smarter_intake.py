"""smarter intake (issue 14): add-ons and withdrawals, customer environment profiles with history, tech reviews

Revision ID: 0004_smarter_intake
Revises: 0003_bridge
Create Date: 2026-11-24 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_smarter_intake"
down_revision = "0003_bridge"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "request_addons",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("request_id", sa.Integer(), sa.ForeignKey("requests.id"), nullable=False),
        sa.Column("view_id", sa.String(64), nullable=True, unique=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("requester_id", sa.String(64), nullable=False),
        sa.Column("customer", sa.String(200), nullable=False),
        sa.Column("customer_slug", sa.String(200), nullable=False),
        sa.Column("priority", sa.String(32), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_request_addons_request_id", "request_addons", ["request_id"])
    op.create_table(
        "intake_withdrawals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("view_id", sa.String(64), nullable=True, unique=True),
        sa.Column("answered_by", sa.Integer(), sa.ForeignKey("requests.id"), nullable=False),
        sa.Column("requester_id", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_intake_withdrawals_answered_by", "intake_withdrawals", ["answered_by"])
    op.create_table(
        "customer_profiles",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "customer_aliases",
        sa.Column("alias_key", sa.String(200), nullable=False),
        sa.Column("profile_id", sa.Integer(), sa.ForeignKey("customer_profiles.id"), nullable=False),
        sa.PrimaryKeyConstraint("alias_key"),
    )
    op.create_index("ix_customer_aliases_profile_id", "customer_aliases", ["profile_id"])
    op.create_table(
        "customer_profile_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("profile_id", sa.Integer(), sa.ForeignKey("customer_profiles.id"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_customer_profile_versions_profile_id", "customer_profile_versions", ["profile_id"])
    op.create_table(
        "tech_reviews",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(32), nullable=False, unique=True),
        sa.Column("view_id", sa.String(64), nullable=True, unique=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("requester_id", sa.String(64), nullable=False),
        sa.Column("customer", sa.String(200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("reviewers", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("deciders", sa.JSON(), nullable=False),
        sa.Column("decided_at", TS, nullable=True),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("issue_repo", sa.String(200), nullable=True),
        sa.Column("issue_number", sa.Integer(), nullable=True),
        sa.Column("issue_url", sa.Text(), nullable=True),
        sa.Column("post_channel", sa.String(64), nullable=True),
        sa.Column("post_ts", sa.String(32), nullable=True),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("tech_reviews")
    op.drop_index("ix_customer_profile_versions_profile_id", "customer_profile_versions")
    op.drop_table("customer_profile_versions")
    op.drop_index("ix_customer_aliases_profile_id", "customer_aliases")
    op.drop_table("customer_aliases")
    op.drop_table("customer_profiles")
    op.drop_index("ix_intake_withdrawals_answered_by", "intake_withdrawals")
    op.drop_table("intake_withdrawals")
    op.drop_index("ix_request_addons_request_id", "request_addons")
    op.drop_table("request_addons")
