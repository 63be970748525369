"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 10:58:28.156469
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('requests',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('view_id', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('requester_id', sa.String(length=64), nullable=False),
    sa.Column('origin_channel', sa.String(length=64), nullable=True),
    sa.Column('origin_thread_ts', sa.String(length=32), nullable=True),
    sa.Column('origin_permalink', sa.Text(), nullable=True),
    sa.Column('customer', sa.String(length=200), nullable=False),
    sa.Column('customer_slug', sa.String(length=200), nullable=False),
    sa.Column('tier', sa.Integer(), nullable=True),
    sa.Column('in_sales_process', sa.Boolean(), nullable=False),
    sa.Column('request_type', sa.String(length=32), nullable=False),
    sa.Column('severity', sa.String(length=32), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('team_id', sa.String(length=64), nullable=False),
    sa.Column('suggested_team_id', sa.String(length=64), nullable=True),
    sa.Column('suggestion_confidence', sa.Double(), nullable=True),
    sa.Column('priority', sa.String(length=32), nullable=False),
    sa.Column('priority_level', sa.Integer(), nullable=False),
    sa.Column('tracker', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=32), nullable=False),
    sa.Column('state_detail', sa.Text(), nullable=True),
    sa.Column('issue_repo', sa.String(length=200), nullable=True),
    sa.Column('issue_number', sa.Integer(), nullable=True),
    sa.Column('issue_url', sa.Text(), nullable=True),
    sa.Column('public_issue_url', sa.Text(), nullable=True),
    sa.Column('post_channel', sa.String(length=64), nullable=True),
    sa.Column('post_ts', sa.String(length=32), nullable=True),
    sa.Column('confirm_channel', sa.String(length=64), nullable=True),
    sa.Column('confirm_ts', sa.String(length=32), nullable=True),
    sa.Column('filing_view_id', sa.String(length=64), nullable=True),
    sa.Column('owner_id', sa.String(length=64), nullable=True),
    sa.Column('owner_informal', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('resolution', sa.String(length=32), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_activity_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key'),
    sa.UniqueConstraint('view_id')
    )
    with op.batch_alter_table('requests', schema=None) as batch_op:
        batch_op.create_index('ix_requests_origin', ['origin_channel', 'origin_thread_ts'], unique=False)
        batch_op.create_index('ix_requests_post', ['post_channel', 'post_ts'], unique=False)

    op.create_table('seen_deliveries',
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('delivery_id', sa.String(length=128), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('source', 'delivery_id')
    )
    op.create_table('jobs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('dedupe_key', sa.String(length=160), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['requests.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dedupe_key')
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jobs_due_at'), ['due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_jobs_request_id'), ['request_id'], unique=False)

    op.create_table('ownership_events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('from_user', sa.String(length=64), nullable=True),
    sa.Column('to_user', sa.String(length=64), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('resolution', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['requests.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ownership_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ownership_events_request_id'), ['request_id'], unique=False)

    op.create_table('route_decisions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('suggested_team_id', sa.String(length=64), nullable=True),
    sa.Column('chosen_team_id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['requests.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('route_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_route_decisions_request_id'), ['request_id'], unique=False)

    op.create_table('steps',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('dedupe_key', sa.String(length=128), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('uncertain', sa.Boolean(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['requests.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dedupe_key')
    )
    with op.batch_alter_table('steps', schema=None) as batch_op:
        batch_op.create_index('ix_steps_due', ['state', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_steps_request_id'), ['request_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_steps_request_id'))
        batch_op.drop_index('ix_steps_due')

    op.drop_table('steps')
    with op.batch_alter_table('route_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_route_decisions_request_id'))

    op.drop_table('route_decisions')
    with op.batch_alter_table('ownership_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ownership_events_request_id'))

    op.drop_table('ownership_events')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jobs_request_id'))
        batch_op.drop_index(batch_op.f('ix_jobs_due_at'))

    op.drop_table('jobs')
    op.drop_table('seen_deliveries')
    with op.batch_alter_table('requests', schema=None) as batch_op:
        batch_op.drop_index('ix_requests_post')
        batch_op.drop_index('ix_requests_origin')

    op.drop_table('requests')
