"""ownership, on-call and SLAs: snoozed stale nudges, job attempts, an index for due jobs

Revision ID: 0002_ownership_sla
Revises: 0001
Create Date: 2026-11-22 11:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_ownership_sla"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("snoozed_until", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_index("ix_jobs_pending", ["done_at", "due_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_pending")
        batch_op.drop_column("attempts")
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.drop_column("snoozed_until")
