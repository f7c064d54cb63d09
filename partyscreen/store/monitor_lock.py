"""The monitor's run lock: one ``monitor run`` at a time per database, the other one named.

Rules:
- PostgreSQL: a session-level advisory lock (one key per schema) held on a connection of its
  own for the whole run, so it works across machines and ends with the holder's connection (a
  crashed or killed run frees it); the ``monitor_lock`` row only names the holder.
- SQLite: the ``monitor_lock`` row is the lock (written in a write transaction). A row whose
  process is gone (same host, pid no longer running) is taken over; a row from another host is
  honoured until ``partyscreen monitor unlock`` removes it.
- A second run does not wait: it stops at once with ``MonitorLocked`` (exit 2) naming the holder
  (host, pid, command, start time), having written nothing.
- The run's final transaction checks that the row is still its own and deletes it, so the lock
  ends with the commit that makes the run visible.
"""

from __future__ import annotations

import os
import socket
import uuid
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa

from partyscreen.errors import PartyscreenError
from partyscreen.store.db import is_postgres, transaction
from partyscreen.store.locks import this_writer

LOCK_NAME = "monitor"


class MonitorLocked(PartyscreenError):
    """Another ``monitor run`` holds the database's monitor lock."""


@dataclass
class MonitorLease:
    """This process's hold on the monitor lock."""

    engine: sa.Engine
    token: str
    host: str
    pid: int
    connection: sa.Connection | None = None  # PostgreSQL: the session holding the advisory lock


def _key(conn: sa.Connection) -> int:
    schema = conn.exec_driver_sql("SELECT current_schema()").scalar() or "public"
    return zlib.crc32(f"partyscreen-monitor:{schema}".encode()) & 0x7FFFFFFF


def describe_holder(row: sa.Row | None) -> str:
    """The holder in words: command, host, pid, start time."""
    if row is None:
        return "another monitor run (starting)"
    started = row.started_at
    if isinstance(started, str):
        started = datetime.fromisoformat(started)
    when = started.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC") if started.tzinfo else f"{started} UTC"
    return f"{row.command or 'monitor run'} on host {row.host}, pid {row.pid}, running since {when}"


def _holder(conn: sa.Connection) -> sa.Row | None:
    return conn.execute(
        sa.text("SELECT token, host, pid, command, started_at FROM monitor_lock WHERE name = :n"), {"n": LOCK_NAME}
    ).first()


def _alive(row: sa.Row, host: str) -> bool:
    """Whether the row's process may still run (another host: assumed so)."""
    if row.host != host:
        return True
    try:
        os.kill(int(row.pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    except (OSError, ValueError):
        return False
    return True


def acquire(engine: sa.Engine) -> MonitorLease:
    """Take the monitor lock or raise ``MonitorLocked`` naming the run that holds it."""
    lease = MonitorLease(engine, uuid.uuid4().hex, socket.gethostname()[:255], os.getpid())
    if is_postgres(engine):
        conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            got = conn.exec_driver_sql(f"SELECT pg_try_advisory_lock({_key(conn)})").scalar()
            if not got:
                holder = describe_holder(_holder(conn))
                raise MonitorLocked(f"another monitor run holds this database's monitor lock: {holder}. Nothing was done.")
        except BaseException:
            conn.close()
            raise
        lease.connection = conn
        with transaction(engine) as tx:
            tx.execute(sa.text("DELETE FROM monitor_lock WHERE name = :n"), {"n": LOCK_NAME})
            _insert(tx, lease)
        return lease
    with transaction(engine) as tx:
        row = _holder(tx)
        if row is not None and _alive(row, lease.host):
            hint = "" if row.host == lease.host else " If that run is gone, remove its lock with `partyscreen monitor unlock`."
            raise MonitorLocked(
                f"another monitor run holds this database's monitor lock: {describe_holder(row)}. Nothing was done.{hint}"
            )
        tx.execute(sa.text("DELETE FROM monitor_lock WHERE name = :n"), {"n": LOCK_NAME})
        _insert(tx, lease)
    return lease


def _insert(conn: sa.Connection, lease: MonitorLease) -> None:
    conn.execute(
        sa.text(
            "INSERT INTO monitor_lock (name, token, host, pid, command, started_at) "
            "VALUES (:n, :token, :host, :pid, :command, :started)"
        ),
        {"n": LOCK_NAME, "token": lease.token, "host": lease.host, "pid": lease.pid,
         "command": this_writer(), "started": datetime.now(timezone.utc)},
    )


def check_held(conn: sa.Connection, lease: MonitorLease) -> None:
    """Inside the final transaction: the lock row must still be this run's."""
    row = _holder(conn)
    if row is None or row.token != lease.token:
        raise MonitorLocked(
            f"this run lost the monitor lock to {describe_holder(row)} (was it removed with `monitor unlock`?): "
            "nothing was written"
        )


def end_in(conn: sa.Connection, lease: MonitorLease) -> None:
    """Delete the lock row inside the run's final transaction."""
    conn.execute(sa.text("DELETE FROM monitor_lock WHERE name = :n AND token = :t"), {"n": LOCK_NAME, "t": lease.token})


def release(lease: MonitorLease) -> None:
    """Give the lock up (after the run, or after it failed): the row if still ours, the session."""
    try:
        with transaction(lease.engine) as tx:
            end_in(tx, lease)
    finally:
        if lease.connection is not None:
            try:
                lease.connection.exec_driver_sql(f"SELECT pg_advisory_unlock({_key(lease.connection)})")
            finally:
                lease.connection.close()
                lease.connection = None


def current_holder(engine: sa.Engine) -> str | None:
    """Who holds the lock now (None: nobody, or a SQLite row whose process is gone)."""
    with engine.connect() as conn:
        row = _holder(conn)
        if row is None:
            return None
        if is_postgres(conn):
            free = conn.exec_driver_sql(
                f"SELECT NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted "
                f"AND classid = 0 AND objid = {_key(conn)})"
            ).scalar()
            return None if free else describe_holder(row)
        return describe_holder(row) if _alive(row, socket.gethostname()[:255]) else None


def force_unlock(engine: sa.Engine) -> str | None:
    """Remove the lock row (``monitor unlock``); the holder described, or None when there was none.
    On PostgreSQL a live holder's advisory lock stays: only its connection ending frees it, so
    while it is held nothing is removed and ``MonitorLocked`` names the backend holding it."""
    if is_postgres(engine):
        with engine.connect() as conn:
            backend = conn.exec_driver_sql(
                "SELECT l.pid, a.client_addr, a.backend_start, a.application_name FROM pg_locks l "
                "LEFT JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
                f"AND l.classid = 0 AND l.objid = {_key(conn)} AND l.database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1"
            ).first()
            row = _holder(conn)
        if backend is not None:
            holder = describe_holder(row) if row is not None else "a run whose lock row is gone"
            since = f", connected since {backend.backend_start:%Y-%m-%d %H:%M:%S %Z}" if backend.backend_start else ""
            client = f" from {backend.client_addr}" if backend.client_addr else ""
            raise MonitorLocked(
                f"the monitor lock is still held by PostgreSQL backend pid {backend.pid}{client}{since} "
                f"({holder}); it is freed only when that session ends (if that run is gone: "
                f"SELECT pg_terminate_backend({backend.pid})). Nothing was removed."
            )
    with transaction(engine) as tx:
        row = _holder(tx)
        tx.execute(sa.text("DELETE FROM monitor_lock WHERE name = :n"), {"n": LOCK_NAME})
    return describe_holder(row) if row is not None else None
