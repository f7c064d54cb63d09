"""Monitor: subjects, candidate states, runs, hits, the run lock; decision.hit_id.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 05:03:17.519605
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('monitor_candidate',
    sa.Column('entity_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('match_digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('state_digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('decision_digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('changed_run', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('entity_id', name=op.f('pk_monitor_candidate'))
    )
    op.create_table('monitor_lock',
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('token', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('host', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('command', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_monitor_lock'))
    )
    op.create_table('monitor_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('policy', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('policy_digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('min_score', sa.Float(), nullable=False),
    sa.Column('input_name', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('full', sa.Boolean(), nullable=False),
    sa.Column('full_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('weights_digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('matcher_version', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('subjects', sa.Integer(), nullable=False),
    sa.Column('screened', sa.Integer(), nullable=False),
    sa.Column('inactivated', sa.Integer(), nullable=False),
    sa.Column('candidates', sa.Integer(), nullable=False),
    sa.Column('candidates_changed', sa.Integer(), nullable=False),
    sa.Column('new', sa.Integer(), nullable=False),
    sa.Column('changed', sa.Integer(), nullable=False),
    sa.Column('cleared', sa.Integer(), nullable=False),
    sa.Column('suppressed', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('open', sa.Integer(), nullable=False),
    sa.Column('warnings', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('host', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('pid', sa.Integer(), nullable=True),
    sa.Column('tool_version', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitor_run')),
    sa.UniqueConstraint('token', name=op.f('uq_monitor_run_token'))
    )
    op.create_table('monitor_subject',
    sa.Column('subject_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('country', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('identifiers', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('first_run', sa.Integer(), nullable=True),
    sa.Column('changed_run', sa.Integer(), nullable=True),
    sa.Column('inactive_run', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('subject_id', name=op.f('pk_monitor_subject')),
    sa.UniqueConstraint('seq', name=op.f('uq_monitor_subject_seq'))
    )
    op.create_table('monitor_weights',
    sa.Column('digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('corpus', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('digest', name=op.f('pk_monitor_weights'))
    )
    op.create_table('monitor_hit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('subject_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('subject_fingerprint', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('entity_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('entity_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('matched_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('basis', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('list_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('path', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('path_ids', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('reasons', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('measure', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('explanation', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('decision_digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('changes', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('first_run', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['run_id'], ['monitor_run.id'], name=op.f('fk_monitor_hit_run_id_monitor_run')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitor_hit'))
    )
    with op.batch_alter_table('monitor_hit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitor_hit_run_id'), ['run_id'], unique=False)
        batch_op.create_index('ix_monitor_hit_subject_id_entity_id', ['subject_id', 'entity_id'], unique=False)

    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hit_id', sa.Integer(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_column('hit_id')

    with op.batch_alter_table('monitor_hit', schema=None) as batch_op:
        batch_op.drop_index('ix_monitor_hit_subject_id_entity_id')
        batch_op.drop_index(batch_op.f('ix_monitor_hit_run_id'))

    op.drop_table('monitor_hit')
    op.drop_table('monitor_weights')
    op.drop_table('monitor_subject')
    op.drop_table('monitor_run')
    op.drop_table('monitor_lock')
    op.drop_table('monitor_candidate')
