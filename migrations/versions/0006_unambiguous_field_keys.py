"""Unambiguous field keys: holdings and measures keyed by their fields, escaped (data migration).

Holdings without an ``id`` column were keyed ``owner|owned|relation|start`` and measures
``list|reference|entry|status|start``, plain joins: ``P|Q`` → ``R`` and ``P`` → ``Q|R`` got the
same key. Keys now escape each field (``\\`` → ``\\\\``, ``|`` → ``\\|``) before joining
(``partyscreen.store.keys``), which leaves every key without ``|`` or ``\\`` in its fields as it
was. This revision rewrites the keys that were plain joins of fields holding ``|`` or ``\\``, so
that re-importing the same file finds them again (instead of adding a second copy), and the
measure ids the list history (``list_change.item_id``) refers to. Holdings that the old keys
already merged into one cannot be told apart again: re-import their file.

Downgrade turns the keys back into plain joins, except where that would make two rows one
(those keep the escaped key, which the old version treats as an opaque id).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 02:45:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

HOLDING_FIELDS = ("owner_id", "owned_id", "relation", "start_date")
MEASURE_FIELDS = ("list_id", "reference", "entry_id", "status", "start_date")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|")


def _text(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)


def _keys(row: sa.Row) -> tuple[str, str]:
    """(plain join, escaped key) of a row's key fields."""
    values = [_text(v) for v in row[1:]]
    return "|".join(values), "|".join(_escape(v) for v in values)


def _special(conn: sa.Connection, table: str, fields: tuple[str, ...]) -> list[sa.Row]:
    """Rows whose key fields hold ``|`` or a backslash (the only ones whose keys change)."""
    text_fields = [f for f in fields if f != "start_date"]
    where = " OR ".join(f"REPLACE(REPLACE(COALESCE({f}, ''), '|', ''), '\\', '') <> COALESCE({f}, '')" for f in text_fields)
    return conn.execute(sa.text(f"SELECT id, {', '.join(fields)} FROM {table} WHERE {where}")).all()


def _rekey(table: str, fields: tuple[str, ...], item: str | None, forward: bool) -> None:
    conn = op.get_bind()
    existing = {r[0] for r in conn.execute(sa.text(f"SELECT id FROM {table}"))} if not forward else set()
    for row in _special(conn, table, fields):
        plain, escaped = _keys(row)
        old, new = (plain, escaped) if forward else (escaped, plain)
        if row[0] != old or (not forward and new in existing):
            continue  # a given id, or (downgrade) a key two rows would share
        conn.execute(sa.text(f"UPDATE {table} SET id = :new WHERE id = :old"), {"new": new, "old": old})
        if item is not None:
            conn.execute(
                sa.text("UPDATE list_change SET item_id = :new WHERE item = :item AND item_id = :old"),
                {"new": new, "old": old, "item": item},
            )
        existing.add(new)


def upgrade() -> None:
    _rekey("holding", HOLDING_FIELDS, None, forward=True)
    _rekey("list_measure", MEASURE_FIELDS, "measure", forward=True)


def downgrade() -> None:
    _rekey("holding", HOLDING_FIELDS, None, forward=False)
    _rekey("list_measure", MEASURE_FIELDS, "measure", forward=False)
