"""Import batch groups: the batches one command writes in one transaction (`lists update`).

``import_batch.group_id`` is the group's first batch; NULL for a batch that stands alone (every
batch written before this revision), so no data migration is needed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 02:14:42.218710
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_column('group_id')
