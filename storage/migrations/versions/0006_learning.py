"""learning from a team's history: imported examples, tracker import cursors, confidence calibration

Revision ID: 0006_learning
Revises: 0005_queues
Create Date: 2026-12-01 22:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_learning"
down_revision = "0005_queues"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "learned_examples",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(240), nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("team_id", sa.String(64), nullable=False),
        sa.Column("source", sa.String(240), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("key", name="uq_learned_examples_key"),
    )
    op.create_index("ix_learned_examples_text_hash", "learned_examples", ["text_hash"])
    op.create_table(
        "learn_cursors",
        sa.Column("source", sa.String(240), primary_key=True),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "routing_calibrations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("fitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("examples", sa.Integer(), nullable=False),
        sa.Column("curve", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("routing_calibrations")
    op.drop_table("learn_cursors")
    op.drop_index("ix_learned_examples_text_hash", table_name="learned_examples")
    op.drop_table("learned_examples")
