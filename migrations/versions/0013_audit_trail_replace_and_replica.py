"""The audit trail stays append-only against replacing inserts and replica sessions.

Two ways round migration 0010's triggers, found by a tester and closed here:

* SQLite: ``INSERT OR REPLACE`` (``REPLACE INTO``) with an existing ``id`` deletes the old row
  as conflict resolution, and such deletes fire no ``DELETE`` trigger (unless
  ``recursive_triggers`` is on). A ``BEFORE INSERT`` trigger now refuses any insert naming an
  ``id`` that already exists, whatever its conflict clause.
* PostgreSQL: a session with ``session_replication_role = replica`` skips ordinary triggers.
  The append-only triggers are now ``ENABLE ALWAYS``: they fire in every session role.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 07:15:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

REFUSED = "audit_event is append-only: its rows cannot be updated or deleted"

SQLITE_UP = (
    "CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_event "
    "WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id) "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSED} (an existing id was inserted again)'); END",
)
POSTGRES_UP = (
    "ALTER TABLE audit_event ENABLE ALWAYS TRIGGER audit_event_no_change",
    "ALTER TABLE audit_event ENABLE ALWAYS TRIGGER audit_event_no_truncate",
)
SQLITE_DOWN = ("DROP TRIGGER audit_event_no_replace",)
POSTGRES_DOWN = (
    "ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change",
    "ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_truncate",
)


def _run(postgres: tuple[str, ...], sqlite: tuple[str, ...]) -> None:
    for statement in postgres if op.get_bind().dialect.name == "postgresql" else sqlite:
        op.execute(sa.text(statement))


def upgrade() -> None:
    _run(POSTGRES_UP, SQLITE_UP)


def downgrade() -> None:
    _run(POSTGRES_DOWN, SQLITE_DOWN)
