"""reports: support-desk ticket counts per period, and which step-1 sections each request filled in

Revision ID: 0007_reports
Revises: 0006_learning
Create Date: 2026-12-01 22:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_reports"
down_revision = "0006_learning"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ticket_counts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("period_start", "period_end", name="uq_ticket_counts_period"),
    )
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("template_sections", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.drop_column("template_sections")
    op.drop_table("ticket_counts")
