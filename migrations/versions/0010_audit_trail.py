"""The append-only audit trail: table ``audit_event`` and the triggers that refuse to change it.

Every import, screening run, link decision and prune (later: monitor runs and hit decisions)
appends one row in the transaction that did it (``partyscreen.store.audit``). The database
itself refuses UPDATE and DELETE of these rows: a ``BEFORE UPDATE OR DELETE`` trigger (and one
``BEFORE TRUNCATE``) raising an error on PostgreSQL, ``RAISE(ABORT)`` triggers on SQLite.

A later migration that rebuilds this table with ``batch_alter_table`` on SQLite (copy, drop,
rename) loses the triggers: it must create them again (``create_triggers`` below).

No data migration: an upgraded database's trail starts empty (its earlier imports remain in
``import_batch``).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 04:58:44.175819
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

REFUSED = "audit_event is append-only: its rows cannot be updated or deleted"

POSTGRES_TRIGGERS = (
    "CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{REFUSED} (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$",
    "CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
    "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()",
)
SQLITE_TRIGGERS = (
    f"CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END",
    f"CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END",
)


def create_triggers() -> None:
    """The triggers that make ``audit_event`` append-only, for the connection's engine."""
    statements = POSTGRES_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS
    for statement in statements:
        op.execute(sa.text(statement))


def upgrade() -> None:
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('subject_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_subject_id'), ['subject_id'], unique=False)
    create_triggers()


def downgrade() -> None:
    op.drop_table('audit_event')  # dropping the table drops its triggers (DROP is not UPDATE/DELETE)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(sa.text("DROP FUNCTION audit_event_append_only()"))
