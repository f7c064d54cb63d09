"""Regime timeline facts: where Announcement 61 (and other regimes) stand on a date.

Table ``regime_fact`` holds the dated facts of ``lists/regimes.csv`` and of files users import
with ``partyscreen regimes import``; ``lists update`` loads the bundled ones. No data migration:
an upgraded database has no facts until the next ``lists update``, and answers then warn that
the regime's state is unknown.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 02:03:09.532060
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('regime_fact',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('regime', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('article', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('reading', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('announcement', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('announced_on', sa.Date(), nullable=True),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_regime_fact_batch_id_import_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_regime_fact'))
    )
    with op.batch_alter_table('regime_fact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_regime_fact_regime'), ['regime'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('regime_fact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_regime_fact_regime'))

    op.drop_table('regime_fact')
