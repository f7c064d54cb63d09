"""Worker processes of a monitor run die with the driver (QA: SIGKILLed driver left orphans
holding its PostgreSQL socket, so the advisory lock was never released)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

DRIVER = """
import os, sys, time
from partyscreen.monitor.partitions import make_executor

def pid_and_wait(_):
    time.sleep(0.2)
    return os.getpid()

pool = make_executor(2)
pids = set(pool.map(pid_and_wait, range(8)))
print(" ".join(map(str, sorted(pids))), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie reaped by nobody yet counts as dead
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux only")
def test_workers_die_when_the_driver_is_killed() -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    driver = subprocess.Popen([sys.executable, "-c", DRIVER], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert driver.stdout is not None
        pids = [int(p) for p in driver.stdout.readline().split()]
        assert pids and driver.pid not in pids
        assert all(_alive(p) for p in pids)
        driver.send_signal(signal.SIGKILL)
        driver.wait()
        deadline = time.monotonic() + 30  # bounded wait, not a speed assertion
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = [p for p in pids if _alive(p)]
        for p in left:
            os.kill(p, signal.SIGKILL)
        assert not left, f"workers {left} outlived the SIGKILLed driver"
    finally:
        if driver.poll() is None:
            driver.kill()


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
