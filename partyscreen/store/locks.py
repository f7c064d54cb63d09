"""The database write lock: one writer at a time, a bounded and visible wait, the other writer named.

Rules:
- Every write transaction (``store.db.transaction``) takes the write lock before it writes:
  ``BEGIN IMMEDIATE`` on SQLite, a transaction-scoped advisory lock (one per schema) on
  PostgreSQL. A command therefore waits at the start of its write, never half-way through it.
- While another writer holds the lock, the command says so on stderr (once, naming the other
  writer when known) and waits up to ``PARTYSCREEN_LOCK_TIMEOUT`` seconds (default
  ``DEFAULT_LOCK_TIMEOUT``); then it stops with ``DatabaseLocked`` (exit 2), having written
  nothing.
- The other writer is known when it is partyscreen: on SQLite each writer leaves a small file
  beside the database (``<file>-writer``: command, pid, start time) while it holds the lock; on
  PostgreSQL each connection carries its command and pid as ``application_name``.
- Lock waits outside these transactions are bounded by the same limit: SQLite's busy timeout,
  PostgreSQL's ``lock_timeout``; ``database_error`` words their failure the same way.
"""

from __future__ import annotations

import json
import os
import sys
import time
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from partyscreen.errors import PartyscreenError

LOCK_TIMEOUT_ENV = "PARTYSCREEN_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 300.0
"""Seconds a command waits for another writer before it gives up (5 minutes: long enough to
queue behind a typical import, short enough that a stuck scheduler job gets noticed)."""
POLL_SECONDS = 0.5
"""How often a waiting command tries the lock again."""


class DatabaseLocked(PartyscreenError):
    """Another writer held the database's write lock for longer than the lock timeout."""


class ConnectionLost(PartyscreenError):
    """The connection to the database server broke; the open transaction was rolled back."""


def lock_timeout() -> float:
    """``$PARTYSCREEN_LOCK_TIMEOUT`` in seconds (a number >= 0), else ``DEFAULT_LOCK_TIMEOUT``."""
    raw = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_LOCK_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0:
        from partyscreen.errors import UsageError

        raise UsageError(f"{LOCK_TIMEOUT_ENV}={raw!r}: expected a number of seconds (0 or more)")
    return value


def this_writer() -> str:
    """How this process names itself to other writers: its command (never its options, which may
    hold a database password) and its pid, e.g. ``partyscreen lists import (pid 4242)``."""
    command = None
    click = sys.modules.get("click")
    if click is not None:
        ctx = click.get_current_context(silent=True)
        command = ctx.command_path if ctx is not None else None
    if not command:
        command = Path(sys.argv[0]).name if sys.argv and sys.argv[0] not in ("", "-c") else "python"
    return f"{command[:40]} (pid {os.getpid()})"


def acquire_write_lock(conn: sa.Connection) -> None:
    """Take the write lock for the connection's transaction, waiting as the module says."""
    if conn.dialect.name == "sqlite":
        _acquire_sqlite(conn)
    elif conn.dialect.name == "postgresql":
        _acquire_postgres(conn)


def release_write_lock(conn: sa.Connection) -> None:
    """Forget this writer's note (the lock itself ends with the transaction)."""
    if conn.dialect.name == "sqlite":
        note = _writer_note_path(conn)
        if note is not None:
            try:
                if json.loads(note.read_text(encoding="utf-8")).get("pid") == os.getpid():
                    note.unlink()
            except (OSError, ValueError):
                pass


class _Waiter:
    """Says once that the command waits, and raises when the limit has passed."""

    def __init__(self) -> None:
        self.limit = lock_timeout()
        self.started = time.monotonic()
        self.said = False

    def wait(self, holder: str | None) -> None:
        waited = time.monotonic() - self.started
        if waited >= self.limit:
            who = f"by {holder}" if holder else "by another writer"
            raise DatabaseLocked(
                f"the database is locked {who}: gave up after waiting {waited:.0f} s "
                f"(set {LOCK_TIMEOUT_ENV} to wait longer). Nothing was written."
            )
        if not self.said:
            who = holder or "another writer"
            print(
                f"Waiting for the database write lock, held by {who}; "
                f"giving up after {self.limit:g} s ({LOCK_TIMEOUT_ENV}).",
                file=sys.stderr,
                flush=True,
            )
            self.said = True
        time.sleep(min(POLL_SECONDS, max(0.0, self.limit - waited)))


# --- SQLite -------------------------------------------------------------------------------------


def _acquire_sqlite(conn: sa.Connection) -> None:
    raw: Any = conn.connection.dbapi_connection
    if raw.in_transaction:  # this transaction has written already: it holds the lock
        return
    waiter = _Waiter()
    busy_ms = int(lock_timeout() * 1000)
    raw.execute(f"PRAGMA busy_timeout={int(POLL_SECONDS * 1000)}")
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                break
            except Exception as exc:  # sqlite3.OperationalError: database is locked / busy
                if not _is_sqlite_busy(exc):
                    raise
                waiter.wait(_sqlite_holder(conn))
    finally:
        raw.execute(f"PRAGMA busy_timeout={busy_ms}")
    note = _writer_note_path(conn)
    if note is not None:
        try:
            note.write_text(
                json.dumps({"writer": this_writer(), "pid": os.getpid(), "since": _now()}), encoding="utf-8"
            )
        except OSError:
            pass


def _is_sqlite_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


def _writer_note_path(conn: sa.Connection) -> Path | None:
    """``<database file>-writer`` (None for an in-memory database)."""
    try:
        row = conn.connection.dbapi_connection.execute("PRAGMA database_list").fetchone()  # type: ignore[union-attr]
    except Exception:  # noqa: BLE001 - no file to note beside
        return None
    return Path(f"{row[2]}-writer") if row and row[2] else None


def _sqlite_holder(conn: sa.Connection) -> str | None:
    note = _writer_note_path(conn)
    if note is None:
        return None
    try:
        info = json.loads(note.read_text(encoding="utf-8"))
        pid = int(info["pid"])
        os.kill(pid, 0)  # a note left by a killed process names nobody
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return f"{info['writer']}, writing since {info['since']}"


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


# --- PostgreSQL ---------------------------------------------------------------------------------


def _lock_key(conn: sa.Connection) -> int:
    """One advisory-lock key per schema (partyscreen databases in other schemas do not wait)."""
    schema = conn.exec_driver_sql("SELECT current_schema()").scalar() or "public"
    return zlib.crc32(f"partyscreen-writer:{schema}".encode()) & 0x7FFFFFFF


def _acquire_postgres(conn: sa.Connection) -> None:
    key = _lock_key(conn)
    waiter = _Waiter()
    while not conn.exec_driver_sql(f"SELECT pg_try_advisory_xact_lock({key})").scalar():
        waiter.wait(_postgres_holder(conn, key))


def _postgres_holder(conn: sa.Connection, key: int) -> str | None:
    row = conn.exec_driver_sql(
        "SELECT a.application_name, a.pid, a.xact_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        f"WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = {key} "
        "AND l.pid <> pg_backend_pid() LIMIT 1"
    ).first()
    if row is None:
        return None
    name = row[0] or f"server process {row[1]}"
    since = row[2].astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC") if row[2] else "?"
    return f"{name}, writing since {since}"


def on_postgres_connect(dbapi_connection: Any, _record: Any) -> None:
    """Name the connection after this command and bound its lock waits (``lock_timeout``)."""
    timeout_ms = int(lock_timeout() * 1000)
    name = this_writer()  # at most 40 + 20 characters: application_name keeps 63
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    try:
        with dbapi_connection.cursor() as cur:
            cur.execute("SELECT set_config('application_name', %s, false)", (name,))
            cur.execute(f"SET lock_timeout = {timeout_ms}")
    finally:
        dbapi_connection.autocommit = autocommit


# --- translating driver errors ------------------------------------------------------------------

_LOST_MARKERS = (
    "terminating connection",
    "server closed the connection",
    "connection already closed",
    "the connection is closed",
    "connection is lost",
    "could not receive data from server",
    "could not send data to server",
    "consuming input failed",
    "ssl connection has been closed",
    "ssl syscall error",
)


def database_error(exc: BaseException) -> PartyscreenError | None:
    """A one-line error for a lock wait that ran out or a lost connection, else None."""
    if isinstance(exc, PartyscreenError):
        return None
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    sqlstate = getattr(orig, "sqlstate", None) or getattr(getattr(orig, "diag", None), "sqlstate", None)
    if sqlstate == "55P03" or _is_sqlite_busy(orig):
        return DatabaseLocked(
            f"the database is locked by another writer: gave up after waiting {lock_timeout():g} s "
            f"(set {LOCK_TIMEOUT_ENV} to wait longer). The transaction was rolled back."
        )
    lowered = str(orig).lower()
    if "connection refused" in lowered or "could not connect" in lowered or lowered.startswith("connection failed"):
        return None  # never connected: not a connection lost mid-command
    lost = bool(getattr(exc, "connection_invalidated", False)) or sqlstate in ("57P01", "57P02", "08003", "08006")
    lost = lost or any(marker in lowered for marker in _LOST_MARKERS)
    if lost and type(orig).__name__ in ("OperationalError", "InterfaceError", "AdminShutdown", "ConnectionFailure"):
        return ConnectionLost(
            f"lost the connection to the database ({text}); the transaction was rolled back, "
            "so nothing was imported or recorded. Run the command again when the server is back."
        )
    return None
