"""List versions and changes: the history `lists diff` and `lists show` read.

Entries imported before this revision have no history yet; the next import of their list
records their current state as the baseline (``partyscreen.store.history``), so no data
migration is needed here.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 15:32:51.721738
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('list_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('list_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('item', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('item_id', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('change', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('content', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_list_change_batch_id_import_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_list_change'))
    )
    with op.batch_alter_table('list_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_list_change_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index('ix_list_change_list_id_item_item_id', ['list_id', 'item', 'item_id'], unique=False)

    op.create_table('list_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('list_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=True),
    sa.Column('as_of_basis', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('full', sa.Boolean(), nullable=False),
    sa.Column('entries', sa.Integer(), nullable=False),
    sa.Column('added', sa.Integer(), nullable=False),
    sa.Column('changed', sa.Integer(), nullable=False),
    sa.Column('removed', sa.Integer(), nullable=False),
    sa.Column('measures_changed', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_list_version_batch_id_import_batch')),
    sa.ForeignKeyConstraint(['list_id'], ['list.id'], name=op.f('fk_list_version_list_id_list')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_list_version')),
    sa.UniqueConstraint('batch_id', 'list_id', name=op.f('uq_list_version_batch_id_list_id'))
    )
    with op.batch_alter_table('list_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_list_version_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_list_version_list_id'), ['list_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('list_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_list_version_list_id'))
        batch_op.drop_index(batch_op.f('ix_list_version_batch_id'))

    op.drop_table('list_version')
    with op.batch_alter_table('list_change', schema=None) as batch_op:
        batch_op.drop_index('ix_list_change_list_id_item_item_id')
        batch_op.drop_index(batch_op.f('ix_list_change_batch_id'))

    op.drop_table('list_change')
