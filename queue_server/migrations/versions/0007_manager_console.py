"""manager console

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 20:57:13.186937
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('zone', sa.String(length=32), server_default='', nullable=False))

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_office_id_type_at', ['office_id', 'type', 'at'], unique=False)

    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('info_uk', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('info_en', sa.Text(), server_default='', nullable=False))

    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redirect_count', sa.Integer(), server_default='0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('redirect_count')

    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.drop_column('info_en')
        batch_op.drop_column('info_uk')

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_office_id_type_at')

    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_column('zone')

