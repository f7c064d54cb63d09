"""The monitor's advisory lock and `monitor unlock` (that its worker processes die with the driver
is tested in tests/test_procs.py)."""

from __future__ import annotations



def test_unlock_refuses_while_the_advisory_lock_is_held(monitored, capsys):
    """PostgreSQL: `monitor unlock` names the backend holding the advisory lock and removes nothing;
    SQLite: the row is the lock and is removed."""
    import sqlalchemy as sa

    from partyscreen.cli import run
    from partyscreen.store import monitor_lock
    from partyscreen.store.db import create_db_engine

    engine = create_db_engine(monitored)
    lease = monitor_lock.acquire(engine)
    try:
        code = run(["--db", monitored, "monitor", "unlock"])
        err = capsys.readouterr().err
        if engine.dialect.name == "postgresql":
            assert code == 2
            backend = lease.connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
            assert f"still held by PostgreSQL backend pid {backend}" in err and "Nothing was removed" in err
            with engine.connect() as conn:
                assert conn.execute(sa.text("SELECT COUNT(*) FROM monitor_lock")).scalar() == 1
        else:
            assert code == 0 and "removed the monitor lock of" in err
    finally:
        monitor_lock.release(lease)
        engine.dispose()
    assert run(["--db", monitored, "monitor", "unlock"]) == 0
