"""Deleting an entity leaves its history: the links it ends, and why, stay on record.

partyscreen itself never deletes an entity, but a user (or a tool) may, in SQL: the foreign
keys then cascade to the entity's names, identifiers and ``entity_link`` rows, which were gone
without a trace — a past screening could no longer be reproduced, and nothing said that the
list entry lost its link. A ``BEFORE DELETE`` trigger on ``entity`` (both engines) now, for each
deleted entity:

- opens an ``import_batch`` of kind ``delete`` (file name ``entity <id> deleted``, tool version
  ``database trigger``) and copies the entity, its names, identifiers and links to their
  ``<table>_history`` tables retired by that batch (``partyscreen.store.versions``: a snapshot
  taken before the deletion still sees them);
- appends to the audit trail one ``link`` event per link, ``status: ended``, ``was`` its status,
  ``reason: entity deleted``, and one ``delete`` event for the entity (actor: the database role
  on PostgreSQL, none on SQLite).

SQLite drops a table's triggers when a migration rebuilds the table (``batch_alter_table``): a
later migration that rebuilds ``entity`` must create the trigger again (``create_triggers``).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 08:20:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

TRIGGER = "entity_delete_keeps_history"
NAME_COLUMNS = "id, entity_id, name, normalized, name_type, lang, source, batch_id"
IDENT_COLUMNS = "id, entity_id, scheme, value, source, batch_id"
LINK_COLUMNS = ("id, list_id, entry_id, entity_id, status, method, score, explanation, proposed_at, decided_by, "
                "decided_at, reason, batch_id")
BATCH_COLUMNS = ("kind, file_name, checksum, encoding, row_count, inserted, updated, unchanged, started_at, "
                 "finished_at, tool_version")


def _history(batch: str) -> str:
    """The statements copying the deleted entity (``OLD``) and its rows to history, retired by ``batch``."""
    return (
        f"INSERT INTO entity_history (id, name, kind, country, address, batch_id, retired_by) "
        f"VALUES (OLD.id, OLD.name, OLD.kind, OLD.country, OLD.address, OLD.batch_id, {batch}); "
        f"INSERT INTO entity_name_history ({NAME_COLUMNS}, retired_by) "
        f"SELECT {NAME_COLUMNS}, {batch} FROM entity_name WHERE entity_id = OLD.id; "
        f"INSERT INTO identifier_history ({IDENT_COLUMNS}, retired_by) "
        f"SELECT {IDENT_COLUMNS}, {batch} FROM identifier WHERE entity_id = OLD.id; "
        f"INSERT INTO entity_link_history ({LINK_COLUMNS}, retired_by) "
        f"SELECT {LINK_COLUMNS}, {batch} FROM entity_link WHERE entity_id = OLD.id; "
    )


POSTGRES_UP = (
    f"CREATE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "DECLARE batch integer; ended integer; "
    "BEGIN "
    "SELECT COUNT(*) INTO ended FROM entity_link WHERE entity_id = OLD.id; "
    f"INSERT INTO import_batch ({BATCH_COLUMNS}) VALUES ('delete', 'entity ' || OLD.id || ' deleted', '-', '-', "
    "1, 0, 1, 0, now(), now(), 'database trigger') RETURNING id INTO batch; "
    + _history("batch") +
    "INSERT INTO audit_event (at, action, actor, detail) "
    "SELECT now(), 'link', current_user, json_build_object('link_id', id, 'list_id', list_id, 'entry_id', entry_id, "
    "'entity_id', entity_id, 'status', 'ended', 'was', status, 'method', method, 'score', score, "
    "'reason', 'entity deleted', 'batch_id', batch) FROM entity_link WHERE entity_id = OLD.id ORDER BY id; "
    "INSERT INTO audit_event (at, action, actor, detail) VALUES (now(), 'delete', current_user, "
    "json_build_object('entity_id', OLD.id, 'name', OLD.name, 'batch_id', batch, 'links_ended', ended)); "
    "RETURN OLD; "
    "END $$",
    f"CREATE TRIGGER {TRIGGER} BEFORE DELETE ON entity FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()",
    f"ALTER TABLE entity ENABLE ALWAYS TRIGGER {TRIGGER}",  # in replica sessions too
)
_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now') || '000'"
_BATCH = "(SELECT MAX(id) FROM import_batch)"  # the batch just opened: SQLite has one writer at a time
SQLITE_UP = (
    f"CREATE TRIGGER {TRIGGER} BEFORE DELETE ON entity BEGIN "
    f"INSERT INTO import_batch ({BATCH_COLUMNS}) VALUES ('delete', 'entity ' || OLD.id || ' deleted', '-', '-', "
    f"1, 0, 1, 0, {_NOW}, {_NOW}, 'database trigger'); "
    + _history(_BATCH) +
    "INSERT INTO audit_event (at, action, actor, detail) "
    f"SELECT {_NOW}, 'link', NULL, json_object('link_id', id, 'list_id', list_id, 'entry_id', entry_id, "
    "'entity_id', entity_id, 'status', 'ended', 'was', status, 'method', method, 'score', score, "
    f"'reason', 'entity deleted', 'batch_id', {_BATCH}) FROM entity_link WHERE entity_id = OLD.id ORDER BY id; "
    f"INSERT INTO audit_event (at, action, actor, detail) VALUES ({_NOW}, 'delete', NULL, "
    f"json_object('entity_id', OLD.id, 'name', OLD.name, 'batch_id', {_BATCH}, "
    "'links_ended', (SELECT COUNT(*) FROM entity_link WHERE entity_id = OLD.id))); "
    "END",
)
POSTGRES_DOWN = (f"DROP TRIGGER {TRIGGER} ON entity", f"DROP FUNCTION {TRIGGER}()")
SQLITE_DOWN = (f"DROP TRIGGER {TRIGGER}",)


def create_triggers() -> None:
    """The trigger that keeps a deleted entity's history, for the connection's engine."""
    for statement in POSTGRES_UP if op.get_bind().dialect.name == "postgresql" else SQLITE_UP:
        op.execute(sa.text(statement))


def upgrade() -> None:
    create_triggers()


def downgrade() -> None:
    for statement in POSTGRES_DOWN if op.get_bind().dialect.name == "postgresql" else SQLITE_DOWN:
        op.execute(sa.text(statement))
