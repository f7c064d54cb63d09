"""When each row was known: row history of the versioned tables, data snapshots, and past states.

Rules:
- Every row of a versioned table (``models.VERSIONED_TABLES``: entities, names, identifiers,
  holdings, list entries, list measures, entity links, regime facts) carries the import batch
  that wrote it (``batch_id``; for a link, the ``link`` batch of the command that decided it).
  Before an import changes or deletes a row, the row as it was is copied to
  ``<table>_history`` with ``retired_by`` = the importing batch. A row version was therefore
  *known* from its ``batch_id`` until its ``retired_by`` (whatever dates it is *valid* for).
- A **snapshot** names the import batches whose writes a reader saw: every batch up to
  ``max_batch`` except ``missing`` (on PostgreSQL batch ids are handed out when imports start,
  so one may still be running, or have failed, when a later one has committed).
- The state at a snapshot is, per versioned table, the current rows and history rows whose
  ``batch_id`` is in the snapshot and (history rows) whose ``retired_by`` is not. Rows with no
  ``batch_id`` (written outside an import) are always known.
- ``shadow_tables`` materialises that state in temporary tables named like the real ones, on
  one connection: code that reads the database unqualified then reads the past (on SQLite and
  PostgreSQL alike temporary tables come first in name resolution).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa

from partyscreen.store.db import is_postgres
from partyscreen.store.models import HISTORY_TABLES, VERSIONED_TABLES

SHADOWED = "partyscreen.shadowed"
"""Key in a DB-API connection's ``info``: set while its versioned tables are shadowed by a past
state (readers that would open a second connection must read through this one)."""

SHADOW_INDEXES = {
    "entity": ("id",),
    "entity_name": ("entity_id",),
    "identifier": ("entity_id",),
    "holding": ("owner_id",),
    "list_entry": ("entity_id",),
    "list_measure": ("list_id",),
    "entity_link": ("list_id",),
    "regime_fact": ("regime",),
}
"""Indexes the screener's lookups need on the shadow copies."""


@dataclass(frozen=True)
class Snapshot:
    """The import batches a reader saw: 1..``max_batch`` except ``missing``."""

    max_batch: int
    missing: tuple[int, ...] = field(default=())

    def to_json(self) -> str:
        return json.dumps({"max_batch": self.max_batch, "missing": list(self.missing)})

    @classmethod
    def from_json(cls, text: str) -> "Snapshot":
        data = json.loads(text)
        return cls(int(data["max_batch"]), tuple(int(x) for x in data.get("missing", [])))

    def contains_sql(self, column: str) -> str:
        """SQL true when ``column`` (a batch id) is one of the snapshot's batches."""
        missing = f" AND {column} NOT IN ({', '.join(str(m) for m in self.missing)})" if self.missing else ""
        return f"({column} <= {int(self.max_batch)}{missing})"


def current_snapshot(conn: sa.Connection) -> Snapshot:
    """The batches committed now, as this connection sees them."""
    ids = [int(r[0]) for r in conn.execute(sa.text("SELECT id FROM import_batch ORDER BY id"))]
    if not ids:
        return Snapshot(0)
    present = set(ids)
    return Snapshot(ids[-1], tuple(i for i in range(1, ids[-1] + 1) if i not in present))


def _columns(table: str) -> list[str]:
    return [c.name for c in HISTORY_TABLES[table].columns if c.name != "retired_by"]


def retire_changed(
    conn: sa.Connection, table: str, stage: str, keys: Sequence[str], differs: str, batch_id: int, where: str = "TRUE"
) -> None:
    """Copy to history the rows of ``table`` that an upsert from ``stage`` is about to change.

    ``differs`` is the SQL condition (over ``t.`` and ``s.``) under which the upsert updates a row.
    """
    if table not in HISTORY_TABLES:
        return
    cols = _columns(table)
    join = " AND ".join(f"t.{k} = s.{k}" for k in keys)
    conn.execute(
        sa.text(
            f"INSERT INTO {table}_history ({', '.join(cols)}, retired_by) "
            f"SELECT {', '.join('t.' + c for c in cols)}, :batch FROM {stage} s JOIN {table} t ON {join} "
            f"WHERE ({where}) AND ({differs})"
        ),
        {"batch": batch_id},
    )


def retire_where(
    conn: sa.Connection,
    table: str,
    condition: str,
    params: dict[str, object],
    batch_id: int,
    binds: Sequence[sa.BindParameter[object]] = (),
) -> None:
    """Copy to history the rows of ``table`` matching ``condition`` (about to be updated or deleted);
    ``binds`` declare parameters that need a type (dates, ``IN :name`` lists)."""
    if table not in HISTORY_TABLES:
        return
    cols = _columns(table)
    sql = sa.text(
        f"INSERT INTO {table}_history ({', '.join(cols)}, retired_by) "
        f"SELECT {', '.join(cols)}, :retired_by FROM {table} WHERE {condition}"
    )
    if binds:
        sql = sql.bindparams(*binds)
    conn.execute(sql, {**params, "retired_by": batch_id})


def retire_many(
    conn: sa.Connection, table: str, condition: str, params: Sequence[dict[str, object]], batch_id: int
) -> None:
    """``retire_where`` once per parameter set of ``params``, in one ``executemany``."""
    if table not in HISTORY_TABLES or not params:
        return
    cols = _columns(table)
    sql = sa.text(
        f"INSERT INTO {table}_history ({', '.join(cols)}, retired_by) "
        f"SELECT {', '.join(cols)}, :retired_by FROM {table} WHERE {condition}"
    )
    conn.execute(sql, [{**one, "retired_by": batch_id} for one in params])


def state_sql(table: str, snapshot: Snapshot, source_schema: str = "") -> str:
    """A SELECT of ``table``'s rows as known at ``snapshot`` (current and history rows)."""
    cols = ", ".join(_columns(table))
    known = f"(batch_id IS NULL OR {snapshot.contains_sql('batch_id')})"
    return (
        f"SELECT {cols} FROM {source_schema}{table} WHERE {known} "
        f"UNION ALL SELECT {cols} FROM {source_schema}{table}_history "
        f"WHERE {known} AND NOT {snapshot.contains_sql('retired_by')}"
    )


def shadow_tables(conn: sa.Connection, snapshot: Snapshot) -> None:
    """Shadow the versioned tables (and the batch and list-version records) on this connection
    with their state at ``snapshot``, as temporary tables. The caller commits."""
    schema = "" if is_postgres(conn) else "main."
    for table in VERSIONED_TABLES:
        conn.exec_driver_sql(f"CREATE TEMP TABLE {table} AS {state_sql(table, snapshot, schema)}")
        for column in SHADOW_INDEXES.get(table, ()):
            conn.exec_driver_sql(f"CREATE INDEX ix_shadow_{table}_{column} ON {table} ({column})")
    for table, column in (("import_batch", "id"), ("list_version", "batch_id"), ("list_change", "batch_id")):
        conn.exec_driver_sql(
            f"CREATE TEMP TABLE {table} AS SELECT * FROM {schema}{table} WHERE {snapshot.contains_sql(column)}"
        )
    conn.connection.info[SHADOWED] = True


def history_needed_by(conn: sa.Connection, snapshots: Sequence[Snapshot]) -> str:
    """SQL condition on a history table: rows that some of ``snapshots`` can still see."""
    if not snapshots:
        return "FALSE"
    return "(" + " OR ".join(
        f"((batch_id IS NULL OR {s.contains_sql('batch_id')}) AND NOT {s.contains_sql('retired_by')})" for s in snapshots
    ) + ")"
