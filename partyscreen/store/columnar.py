"""Reading a large query result as Arrow columns (the engine reads millions of holdings at once).

Rules:
- The result is the same table, with the same column types, whichever way it is read.
- A connection with uncommitted writes is read through itself: another connection would not
  see them.
- SQLite file databases with nothing uncommitted are read by Apache Arrow's ADBC SQLite driver
  on a second, read-only connection (C all the way, no Python object per cell). In WAL mode it
  sees the last committed state, which is what this connection sees when it has written nothing.
  Files smaller than :data:`ADBC_MIN_BYTES` go through the driver instead: loading ADBC (it
  imports pyarrow.dataset and pandas, ~0.3 s) costs more than it saves on a small database, and
  a lookup on the bundled lists should start at once.
- PostgreSQL results arrive through ``COPY (query) TO STDOUT`` as CSV, parsed by pyarrow, on the
  same connection and transaction.
- Anything else (in-memory SQLite, an open write transaction, tables shadowed by a past state of
  the data, no ADBC driver) goes through the DB-API driver's tuples.

Queries must return no NULLs (use ``COALESCE``) and only integers and text: that keeps the three
readers' type inference out of the way.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Sequence

import pyarrow as pa
import pyarrow.csv as pa_csv
import sqlalchemy as sa

ADBC_MIN_BYTES = 32 * 1024 * 1024

def read_columns(conn: sa.Connection, sql: str, params: dict[str, Any], schema: pa.Schema) -> pa.Table:
    """``sql`` (with ``:name`` parameters) as a table with ``schema``'s column names and types."""
    compiled = sa.text(sql).compile(dialect=conn.dialect)
    if conn.dialect.name == "postgresql":
        return _read_postgres_copy(conn, str(compiled), compiled.construct_params(params), schema)
    positional = tuple(params[name] for name in (compiled.positiontup or []))
    database = _sqlite_file(conn)
    if database is not None and _large(database):
        table = _read_sqlite_adbc(database, str(compiled), positional)
        if table is not None:
            return _conform(table, schema)
    return _read_driver_tuples(conn, str(compiled), positional, schema)


def reader_name(conn: sa.Connection) -> str:
    """Which reader :func:`read_columns` would use now (``adbc``, ``copy`` or ``driver``)."""
    if conn.dialect.name == "postgresql":
        return "copy"
    database = _sqlite_file(conn)
    return "adbc" if database is not None and _large(database) and _adbc() is not None else "driver"


def _large(database: Path) -> bool:
    """Whether the file (with its WAL) is large enough for the ADBC reader to pay for loading it."""
    wal = database.with_name(database.name + "-wal")
    size = database.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    return size >= ADBC_MIN_BYTES


def _sqlite_file(conn: sa.Connection) -> Path | None:
    """The database file when a second connection can read what ``conn`` sees, else ``None``."""
    if conn.dialect.name != "sqlite":
        return None
    driver = conn.connection.driver_connection
    if getattr(driver, "in_transaction", True):  # uncommitted writes on this connection
        return None
    if conn.connection.info.get("partyscreen.shadowed"):  # tables shadowed by a past state (store.versions)
        return None
    cursor = driver.cursor()  # type: ignore[union-attr]
    try:  # the file this connection has open (not the URL, which may be relative or a URI)
        files = {name: file for _, name, file in cursor.execute("PRAGMA database_list").fetchall()}
    finally:
        cursor.close()
    if not files.get("main") or len(files) > 1 + ("temp" in files):  # in memory, or other databases attached
        return None
    path = Path(files["main"])
    return path if path.is_file() else None


def _adbc() -> Any:
    try:
        import adbc_driver_sqlite.dbapi as adbc_sqlite
    except ImportError:  # optional at run time: the driver-tuple path gives the same table
        return None
    return adbc_sqlite


def _read_sqlite_adbc(database: Path, sql: str, params: tuple[Any, ...]) -> pa.Table | None:
    adbc_sqlite = _adbc()
    if adbc_sqlite is None:
        return None
    try:
        with adbc_sqlite.connect(f"{database.as_uri()}?mode=ro") as connection, connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetch_arrow_table()
    except adbc_sqlite.Error:  # e.g. a read-only folder without the WAL index: the driver path reads it
        return None


def _read_postgres_copy(conn: sa.Connection, sql: str, params: dict[str, Any], schema: pa.Schema) -> pa.Table:
    buffer = io.BytesIO()
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, ENCODING 'UTF8')", params) as copy:
            for chunk in copy:
                buffer.write(chunk)
    finally:
        cursor.close()
    if buffer.tell() == 0:
        return schema.empty_table()
    buffer.seek(0)
    return pa_csv.read_csv(
        buffer,
        read_options=pa_csv.ReadOptions(column_names=schema.names),
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),  # ids may hold line breaks
        convert_options=pa_csv.ConvertOptions(column_types=schema, strings_can_be_null=False),
    )


def _read_driver_tuples(conn: sa.Connection, sql: str, params: tuple[Any, ...], schema: pa.Schema) -> pa.Table:
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    columns = list(zip(*rows)) if rows else [[] for _ in schema]
    return pa.table([arrow_column(col, field.type) for col, field in zip(columns, schema)], schema=schema)


def arrow_column(values: Sequence[Any], kind: pa.DataType) -> pa.Array:
    """One column as Arrow, built from its buffers: ``pa.array`` asks whether its input is a pandas
    object and so imports pandas (~0.3 s), which a quick lookup on a small database must not pay."""
    import numpy as np

    if pa.types.is_integer(kind):
        numbers = np.array(values, dtype=np.int64)
        return pa.Array.from_buffers(pa.int64(), len(numbers), [None, pa.py_buffer(numbers)]).cast(kind)
    encoded = [str(v).encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    text = pa.Array.from_buffers(pa.large_string(), len(encoded), [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))])
    return text.cast(kind)


def numbers_of(values: pa.Array | pa.ChunkedArray) -> Any:
    """A fixed-width column without nulls as one NumPy array, read from its data buffers
    (``to_numpy`` imports pandas, see :func:`arrow_column`)."""
    import numpy as np

    chunks = values.chunks if isinstance(values, pa.ChunkedArray) else [values]
    if any(chunk.null_count for chunk in chunks):
        raise ValueError("numbers_of needs a column without nulls")
    kind = np.dtype(values.type.to_pandas_dtype())
    parts = [np.frombuffer(c.buffers()[1], dtype=kind, count=len(c), offset=c.offset * kind.itemsize) for c in chunks if len(c)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=kind)


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """The table with ``schema``'s names and types (an empty SQLite result has no inferred types)."""
    if table.num_rows == 0:
        return schema.empty_table()
    return table.rename_columns(schema.names).cast(schema)
