"""Initial schema: entities, names, identifiers, holdings, lists, entries, measures, import batches.

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 15:17:13.255376
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('import_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('checksum', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('encoding', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('list_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('inserted', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tool_version', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch'))
    )
    op.create_table('entity',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('country', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_entity_batch_id_import_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entity'))
    )
    op.create_table('list',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('authority', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_list_batch_id_import_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_list'))
    )
    op.create_table('entity_name',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('normalized', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name_type', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('lang', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_entity_name_batch_id_import_batch')),
    sa.ForeignKeyConstraint(['entity_id'], ['entity.id'], name=op.f('fk_entity_name_entity_id_entity'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entity_name'))
    )
    with op.batch_alter_table('entity_name', schema=None) as batch_op:
        batch_op.create_index('ix_entity_name_entity_id_source', ['entity_id', 'source'], unique=False)

    op.create_table('holding',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('owner_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('owned_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('relation', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('share_min', sa.BigInteger(), nullable=True),
    sa.Column('share_max', sa.BigInteger(), nullable=True),
    sa.Column('min_exclusive', sa.Boolean(), nullable=False),
    sa.Column('max_exclusive', sa.Boolean(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_holding_batch_id_import_batch')),
    sa.ForeignKeyConstraint(['owned_id'], ['entity.id'], name=op.f('fk_holding_owned_id_entity')),
    sa.ForeignKeyConstraint(['owner_id'], ['entity.id'], name=op.f('fk_holding_owner_id_entity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holding'))
    )
    with op.batch_alter_table('holding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_holding_owned_id'), ['owned_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_holding_owner_id'), ['owner_id'], unique=False)

    op.create_table('identifier',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('scheme', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('value', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_identifier_batch_id_import_batch')),
    sa.ForeignKeyConstraint(['entity_id'], ['entity.id'], name=op.f('fk_identifier_entity_id_entity'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identifier'))
    )
    with op.batch_alter_table('identifier', schema=None) as batch_op:
        batch_op.create_index('ix_identifier_entity_id_source', ['entity_id', 'source'], unique=False)
        batch_op.create_index('ix_identifier_scheme_value', ['scheme', 'value'], unique=False)

    op.create_table('list_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('entry_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('entity_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('aliases', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('name_zh', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('country', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('listed_on', sa.Date(), nullable=True),
    sa.Column('delisted_on', sa.Date(), nullable=True),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_list_entry_batch_id_import_batch')),
    sa.ForeignKeyConstraint(['entity_id'], ['entity.id'], name=op.f('fk_list_entry_entity_id_entity')),
    sa.ForeignKeyConstraint(['list_id'], ['list.id'], name=op.f('fk_list_entry_list_id_list')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_list_entry')),
    sa.UniqueConstraint('list_id', 'entry_id', name=op.f('uq_list_entry_list_id_entry_id'))
    )
    with op.batch_alter_table('list_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_list_entry_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_list_entry_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_list_entry_list_id'), ['list_id'], unique=False)

    op.create_table('list_measure',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('list_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('entry_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('announced_on', sa.Date(), nullable=True),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_list_measure_batch_id_import_batch')),
    sa.ForeignKeyConstraint(['list_id'], ['list.id'], name=op.f('fk_list_measure_list_id_list')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_list_measure'))
    )
    with op.batch_alter_table('list_measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_list_measure_list_id'), ['list_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('list_measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_list_measure_list_id'))

    op.drop_table('list_measure')
    with op.batch_alter_table('list_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_list_entry_list_id'))
        batch_op.drop_index(batch_op.f('ix_list_entry_entity_id'))
        batch_op.drop_index(batch_op.f('ix_list_entry_batch_id'))

    op.drop_table('list_entry')
    with op.batch_alter_table('identifier', schema=None) as batch_op:
        batch_op.drop_index('ix_identifier_scheme_value')
        batch_op.drop_index('ix_identifier_entity_id_source')

    op.drop_table('identifier')
    with op.batch_alter_table('holding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_holding_owner_id'))
        batch_op.drop_index(batch_op.f('ix_holding_owned_id'))

    op.drop_table('holding')
    with op.batch_alter_table('entity_name', schema=None) as batch_op:
        batch_op.drop_index('ix_entity_name_entity_id_source')

    op.drop_table('entity_name')
    op.drop_table('list')
    op.drop_table('entity')
    op.drop_table('import_batch')
