"""Set-based bulk writes: stage rows in a temporary table, then merge them in one statement.

Every import runs inside one transaction: rows are first loaded into a temporary staging
table (``executemany`` on SQLite, ``COPY`` on PostgreSQL), checked there with SQL (duplicate
keys, unknown references), and merged into the real table with an upsert that touches only the
rows that changed. A re-import of the same file therefore changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa

from partyscreen import __version__
from partyscreen.errors import InputError
from partyscreen.store import versions
from partyscreen.store.db import is_postgres, null_safe_differs
from partyscreen.store.models import ImportBatch


@dataclass(frozen=True)
class Stage:
    """A temporary staging table: its name and ``(column, SQL type)`` pairs."""

    name: str
    columns: tuple[tuple[str, str], ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.columns)


@dataclass
class MergeCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def __iadd__(self, other: "MergeCounts") -> "MergeCounts":
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged
        return self


def create_stage(conn: sa.Connection, stage: Stage) -> None:
    cols = ", ".join(f"{name} {sql_type}" for name, sql_type in stage.columns)
    if is_postgres(conn):
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {stage.name}")
        conn.exec_driver_sql(f"CREATE TEMP TABLE {stage.name} ({cols}) ON COMMIT DROP")
    else:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{stage.name}")
        conn.exec_driver_sql(f"CREATE TEMP TABLE {stage.name} ({cols})")


def drop_stage(conn: sa.Connection, stage: Stage) -> None:
    prefix = "" if is_postgres(conn) else "temp."
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {prefix}{stage.name}")


def load_stage(conn: sa.Connection, stage: Stage, rows: Iterable[Sequence[object]], *, nul_checked: bool = False) -> None:
    """Append rows (tuples in the stage's column order) to the staging table."""
    insert_rows(conn, stage.name, stage.column_names, rows, nul_checked=nul_checked)


def insert_rows(
    conn: sa.Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]], *, nul_checked: bool = False
) -> None:
    """Append many rows (tuples in ``columns`` order) to ``table``: ``COPY`` on PostgreSQL, one
    prepared ``executemany`` on SQLite.

    A text value with a NUL character is refused on both engines (``InputError``): PostgreSQL
    cannot store one, and SQLite would keep it where PostgreSQL fails. ``nul_checked``: the
    caller has refused them already (``importers.records``), so SQLite skips its scan.
    """
    if is_postgres(conn):
        raw = conn.connection.driver_connection
        row: Sequence[object] = ()
        try:
            with raw.cursor() as cursor:  # type: ignore[union-attr]
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        except Exception as exc:  # psycopg refuses NUL in text before it reaches the server
            found = _nul_value(columns, row)
            if found is not None and "nul" in str(exc).lower():
                raise _nul_error(table, *found) from None
            raise
        return
    batch = list(rows)
    if not batch:
        return
    placeholders = ", ".join("?" for _ in columns)
    if nul_checked:
        conn.exec_driver_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", batch)
        return
    before = conn.exec_driver_sql(f"SELECT COALESCE(MAX(rowid), 0) FROM {table}").scalar_one()
    conn.exec_driver_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", batch)
    nul = " OR ".join(f"instr(CAST({c} AS BLOB), X'00') > 0" for c in columns)
    bad = conn.exec_driver_sql(f"SELECT {', '.join(columns)} FROM {table} WHERE rowid > ? AND ({nul}) LIMIT 1", (before,)).first()
    if bad is not None:
        found = _nul_value(columns, tuple(bad))
        if found is not None:
            raise _nul_error(table, *found)


def _nul_value(columns: Sequence[str], row: Sequence[object]) -> tuple[str, str] | None:
    """The first (column, value) of ``row`` whose text has a NUL character."""
    for column, value in zip(columns, row):
        if isinstance(value, str) and "\x00" in value:
            return column, value
    return None


def _nul_error(table: str, column: str, value: str) -> InputError:
    shown = value if len(value) <= 60 else value[:57] + "..."
    return InputError.at(
        table.removeprefix("stage_"), None, column,
        f"value {shown!r} contains a NUL character (U+0000), which the database cannot store: remove it from the input",
    )


def index_stage(conn: sa.Connection, stage: Stage, *columns: str) -> None:
    """Index a staging table on ``columns`` (once: a second call for the same columns does nothing)."""
    conn.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS ix_{stage.name}_{'_'.join(columns)} ON {stage.name} ({', '.join(columns)})"
    )


def scalar(conn: sa.Connection, sql: str, params: dict[str, object] | None = None) -> int:
    return int(conn.execute(sa.text(sql), params or {}).scalar_one() or 0)


def upsert_from_stage(
    conn: sa.Connection,
    table: str,
    stage: Stage | str,
    keys: Sequence[str],
    values: Sequence[str],
    batch_id: int,
    where: str = "TRUE",
    *,
    counted: bool = True,
    ordered: bool = True,
) -> MergeCounts:
    """Insert new rows and update changed ones of ``table`` from ``stage`` (rows matching ``where``).

    ``counted=False``: the caller does not use the counts (zeros are returned), so SQLite skips
    the query that counts them. ``ordered``: rows are written in key order (the primary key index
    then grows at its end); a caller merging small blocks in file order saves the sort.

    ``stage`` is a staging table, or a parenthesised ``SELECT`` of the key and value columns (the
    rows to merge, read straight from staging tables without a copy of their own).

    Rows whose values already equal the stage's are left untouched (their ``batch_id`` too);
    the rows it changes are first copied to the table's history (``partyscreen.store.versions``).
    The counts are what this statement itself wrote (the audit trail's new/updated/unchanged):
    on PostgreSQL they come from the upsert's own ``RETURNING`` (``xmax = 0`` marks an inserted
    row), so an import running at the same time, whose rows commit between a count and the
    upsert, cannot make them wrong. On SQLite a transaction that writes saw no other commit since
    its first read (WAL: a stale snapshot cannot take the write lock), so counting first is exact.
    """
    dialect = conn.dialect.name
    source = stage if isinstance(stage, str) else stage.name
    join = " AND ".join(f"t.{k} = s.{k}" for k in keys)
    differs = " OR ".join(null_safe_differs(f"t.{v}", f"s.{v}", dialect) for v in values) or "FALSE"
    columns = [*keys, *values]
    set_clause = ", ".join(f"{v} = excluded.{v}" for v in [*values, "batch_id"])
    update_when = " OR ".join(
        null_safe_differs(f"{table}.{v}", f"excluded.{v}", dialect) for v in values
    ) or "FALSE"
    order = f"ORDER BY {', '.join('s.' + k for k in keys)}" if ordered else ""
    upsert = (
        f"INSERT INTO {table} ({', '.join(columns)}, batch_id) "
        f"SELECT {', '.join('s.' + c for c in columns)}, :batch FROM {source} s WHERE {where} "
        f"{order} ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {set_clause} WHERE {update_when}"
    )
    if dialect == "postgresql":
        total = scalar(conn, f"SELECT COUNT(*) FROM {source} s WHERE {where}")
        versions.retire_changed(conn, table, source, keys, differs, batch_id, where)
        inserted, updated = conn.execute(
            sa.text(
                f"WITH written AS ({upsert} RETURNING (xmax = 0) AS inserted) "
                "SELECT COUNT(*) FILTER (WHERE inserted), COUNT(*) FILTER (WHERE NOT inserted) FROM written"
            ),
            {"batch": batch_id},
        ).one()
        return MergeCounts(inserted=int(inserted), updated=int(updated), unchanged=total - int(inserted) - int(updated))
    if not counted:
        versions.retire_changed(conn, table, source, keys, differs, batch_id, where)  # nothing for an unversioned table
        conn.execute(sa.text(upsert), {"batch": batch_id})
        return MergeCounts()
    total, existing, changed = conn.execute(  # one pass for the three counts
        sa.text(f"SELECT COUNT(*), COUNT(t.{keys[0]}), COALESCE(SUM(CASE WHEN t.{keys[0]} IS NOT NULL AND ({differs}) "
                f"THEN 1 ELSE 0 END), 0) FROM {source} s LEFT JOIN {table} t ON {join} WHERE {where}")
    ).one()
    total, existing, changed = int(total), int(existing), int(changed)
    if changed:  # a first import, or the same file again, has nothing to retire
        versions.retire_changed(conn, table, source, keys, differs, batch_id, where)
    conn.execute(sa.text(upsert), {"batch": batch_id})
    return MergeCounts(inserted=total - existing, updated=changed, unchanged=existing - changed)


OWNER_STAGE = Stage("stage_owner", (("entity_id", "TEXT"), ("source", "TEXT")))
"""The (entity, source) pairs an import speaks for: their names and identifiers are replaced."""


def sync_children(conn: sa.Connection, table: str, stage: Stage, match: Sequence[str], batch_id: int) -> None:
    """Make ``table``'s rows of every (entity, source) pair in ``OWNER_STAGE`` equal the staged rows.

    Rows of other pairs (names another list gave the same entity, say) are left alone; the rows
    it deletes are first copied to the table's history.
    """
    same = " AND ".join(f"s.{c} = {table}.{c}" for c in (*match, "source"))
    gone = (
        f"EXISTS (SELECT 1 FROM {OWNER_STAGE.name} o "
        f"WHERE o.entity_id = {table}.entity_id AND o.source = {table}.source) "
        f"AND NOT EXISTS (SELECT 1 FROM {stage.name} s WHERE {same})"
    )
    versions.retire_where(conn, table, gone, {}, batch_id)
    conn.exec_driver_sql(f"DELETE FROM {table} WHERE {gone}")
    present = " AND ".join(f"t.{c} = s.{c}" for c in (*match, "source"))
    cols = stage.column_names
    conn.execute(
        sa.text(
            f"INSERT INTO {table} ({', '.join(cols)}, batch_id) "
            f"SELECT {', '.join('s.' + c for c in cols)}, :batch FROM {stage.name} s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {present})"
        ),
        {"batch": batch_id},
    )


def duplicate_keys(conn: sa.Connection, stage: Stage, keys: Sequence[str], limit: int = 10) -> list[tuple]:
    """Keys that occur in more than one staged row: ``(first_row, second_row, *key)``."""
    cols = ", ".join(keys)
    result = conn.exec_driver_sql(
        f"SELECT MIN(row), MAX(row), {cols} FROM {stage.name} GROUP BY {cols} HAVING COUNT(*) > 1 "
        f"ORDER BY MIN(row) LIMIT {int(limit)}"
    )
    return [tuple(r) for r in result]


def start_batch(
    conn: sa.Connection, kind: str, file_name: str, checksum: str, encoding: str, list_id: str | None = None
) -> int:
    """Open the audit record of one import (written in the import's own transaction)."""
    table = ImportBatch.__table__
    result = conn.execute(
        sa.insert(table)
        .values(
            kind=kind,
            file_name=file_name,
            checksum=checksum,
            encoding=encoding,
            list_id=list_id,
            row_count=0,
            inserted=0,
            updated=0,
            unchanged=0,
            started_at=datetime.now(timezone.utc),
            tool_version=__version__,
        )
        .returning(table.c.id)
    )
    return int(result.scalar_one())


def finish_batch(conn: sa.Connection, batch_id: int, rows: int, counts: MergeCounts) -> None:
    """Close the import's record with its counts, and append an ``import`` event to the audit
    trail (``partyscreen.store.audit``; batches of kind ``link`` are recorded as ``link`` events
    by ``links.decide`` instead)."""
    from partyscreen.store.audit import default_actor, record_event

    table = ImportBatch.__table__
    conn.execute(
        sa.update(table)
        .where(table.c.id == batch_id)
        .values(
            row_count=rows,
            inserted=counts.inserted,
            updated=counts.updated,
            unchanged=counts.unchanged,
            finished_at=datetime.now(timezone.utc),
        )
    )
    batch = conn.execute(
        sa.select(table.c.kind, table.c.file_name, table.c.checksum, table.c.list_id, table.c.group_id)
        .where(table.c.id == batch_id)
    ).one()
    if batch.kind == "link":
        return
    detail: dict[str, object] = {
        "batch_id": batch_id, "kind": batch.kind, "file": batch.file_name, "sha256": batch.checksum,
        "rows": rows, "inserted": counts.inserted, "updated": counts.updated, "unchanged": counts.unchanged,
    }
    if batch.list_id:
        detail["list_id"] = batch.list_id
    if batch.group_id is not None:
        detail["group_id"] = batch.group_id
    record_event(conn, action="import", actor=default_actor(), detail=detail)
