"""Former entry ids of the bundled lists (``lists/former-ids.csv``): old ids keep resolving.

The bundled China lists once used entry ids that read like dates (``2025-01-07`` = 2025 No. 1
item 7); they are now ``2025-No01-07``. Users' ownership files and reports hold the old entity
ids (``cn-mofcom-export-control:2025-01-07``). Rules:

- ``lists update`` first renames entries still stored under a former id (a database loaded
  before the change), so the update changes them instead of removing and re-adding them, then
  moves holdings from the former entity id to the entry's entity, and records each former
  entity id as an identifier (scheme ``former-id``) of the entry's entity;
- an ownership import naming a former entity id, and ``explain`` of one, resolve it to the
  current entity (:func:`former_id_map`).
"""

from __future__ import annotations

import csv
from pathlib import Path

import sqlalchemy as sa

SCHEME = "former-id"
SOURCE = "bundled former-ids.csv"
FORMER_IDS_FILE = "former-ids.csv"


def read_former_ids(path: Path) -> list[tuple[str, str, str]]:
    """``(list_id, entry_id, former_entry_id)`` rows of a former-ids file (none if it is missing)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [(r["list_id"], r["entry_id"], r["former_entry_id"]) for r in csv.DictReader(fh)]


def rename_former_entries(conn: sa.Connection, rows: list[tuple[str, str, str]]) -> int:
    """Rename stored entries still under a former id (unless the new id is stored too); the count."""
    renamed = 0
    for list_id, entry_id, former in rows:
        result = conn.execute(
            sa.text(
                "UPDATE list_entry SET entry_id = CAST(:new AS VARCHAR(200)) WHERE list_id = CAST(:list AS VARCHAR(100)) "
                "AND entry_id = CAST(:old AS VARCHAR(200)) AND NOT EXISTS (SELECT 1 FROM list_entry e "
                "WHERE e.list_id = CAST(:list AS VARCHAR(100)) AND e.entry_id = CAST(:new AS VARCHAR(200)))"
            ),
            {"new": entry_id, "old": former, "list": list_id},
        )
        renamed += result.rowcount or 0
    return renamed


def adopt_former_ids(conn: sa.Connection, rows: list[tuple[str, str, str]], batch_id: int | None = None) -> int:
    """Move holdings from each former entity id to the entry's entity and record the former id
    (identifier ``former-id``); the number of holdings moved."""
    moved = 0
    for list_id, entry_id, former in rows:
        current = conn.execute(
            sa.text("SELECT entity_id FROM list_entry WHERE list_id = :list AND entry_id = :entry"),
            {"list": list_id, "entry": entry_id},
        ).scalar()
        old = f"{list_id}:{former}"
        if current is None or current == old:
            continue
        for column in ("owner_id", "owned_id"):
            result = conn.execute(
                sa.text(
                    f"UPDATE holding SET {column} = CAST(:new AS VARCHAR(200)), "
                    f"id = REPLACE(id, CAST(:old AS VARCHAR(200)), CAST(:new AS VARCHAR(200))) "
                    f"WHERE {column} = CAST(:old AS VARCHAR(200))"
                ),
                {"new": current, "old": old},
            )
            moved += result.rowcount or 0
        known = conn.execute(
            sa.text("SELECT 1 FROM identifier WHERE entity_id = :e AND scheme = :s AND value = :v"),
            {"e": current, "s": SCHEME, "v": old},
        ).first()
        if known is None:
            conn.execute(
                sa.text("INSERT INTO identifier (entity_id, scheme, value, source, batch_id) VALUES (:e, :s, :v, :src, :b)"),
                {"e": current, "s": SCHEME, "v": old, "src": SOURCE, "b": batch_id},
            )
    return moved


def former_id_map(conn: sa.Connection) -> dict[str, str]:
    """Former entity id → current entity id."""
    rows = conn.execute(sa.text("SELECT value, entity_id FROM identifier WHERE scheme = :s"), {"s": SCHEME})
    return {value: entity_id for value, entity_id in rows}


def resolve_entity_id(conn: sa.Connection, entity_id: str) -> str:
    """The entity ``entity_id`` is a former id of, else ``entity_id`` itself. (A database loaded
    before the change keeps the former entity, orphaned: the former id must still mean the entry.)"""
    found = conn.execute(
        sa.text("SELECT entity_id FROM identifier WHERE scheme = :s AND value = :v"), {"s": SCHEME, "v": entity_id}
    ).scalar()
    return str(found) if found else entity_id
