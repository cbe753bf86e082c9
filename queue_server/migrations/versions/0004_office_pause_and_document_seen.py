"""office pause and document seen

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 14:58:32.209094
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.create_index(
            'uq_alerts_open_device_kind', ['device_id', 'kind'], unique=True,
            sqlite_where=sa.text('acknowledged_at IS NULL'),
            postgresql_where=sa.text('acknowledged_at IS NULL'),
        )

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_counter_id_at', ['counter_id', 'at'], unique=False)

    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paused_since', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_seen', sa.Boolean(), server_default='0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('document_seen')

    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.drop_column('paused_since')

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_counter_id_at')

    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index('uq_alerts_open_device_kind')
