"""A monitor run stopped by Ctrl-C (SIGINT to the process group) or SIGTERM (to the driver) ends
with 130 / 143 (not 2, which means bad input), gives its lock up (no row left behind), and leaves
the previous run's state as it was; the next run completes at once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from partyscreen.cli import run
from partyscreen.store import monitor_lock
from partyscreen.store.db import create_db_engine

from tests.monitor.conftest import AS_OF, customer_rows, write_customers

ROOT = Path(__file__).resolve().parents[2]


def _default_sigint() -> None:
    """In the child: SIGINT as a terminal session has it (a shell starts background jobs, e.g. a
    test run under nohup or CI, with SIGINT ignored, and Python then keeps it ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _state(engine: sa.Engine) -> tuple:
    with engine.connect() as conn:
        return (
            conn.execute(sa.text("SELECT MAX(id) FROM monitor_run")).scalar(),
            conn.execute(sa.text("SELECT COUNT(*) FROM monitor_subject")).scalar(),
            conn.execute(sa.text("SELECT COUNT(*) FROM monitor_lock")).scalar(),
            sorted(conn.execute(sa.text("SELECT subject_id, entity_id, status FROM monitor_hit")).all()),
        )


@pytest.mark.parametrize(("signum", "code", "said"), [
    (signal.SIGINT, 130, "Interrupted"),
    (signal.SIGTERM, 143, "Terminated"),
])
def test_signal_releases_the_lock_and_keeps_the_last_state(monitored: str, tmp_path: Path, signum: int, code: int,
                                                           said: str) -> None:
    db = monitored
    small = write_customers(tmp_path / "customers.csv", customer_rows(1000))
    assert run(["--db", db, "monitor", "run", "--customers", str(small), "--as-of", AS_OF, "--workers", "1"]) in (0, 1)
    engine = create_db_engine(db)
    before = _state(engine)
    assert before[0] == 1 and before[2] == 0

    big = write_customers(tmp_path / "big.csv", customer_rows(20_000, seed=7))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "partyscreen.cli", "--db", db, "monitor", "run", "--customers", str(big),
         "--as-of", AS_OF, "--workers", "2", "--full"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        preexec_fn=_default_sigint)
    try:
        deadline = time.monotonic() + 300
        while monitor_lock.current_holder(engine) is None:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.2)
        time.sleep(1.0)
        assert proc.poll() is None, "the run ended before it could be stopped"
        if signum == signal.SIGINT:  # Ctrl-C: the terminal signals the whole process group (driver and workers)
            os.killpg(proc.pid, signum)
        else:  # systemd / kill: the driver
            proc.send_signal(signum)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    text = err.decode()
    assert proc.returncode == code, text
    assert said in text and "Traceback" not in text and "Aborted" not in text
    assert _state(engine) == before  # no new run, no lock row, the same subjects and hits
    assert monitor_lock.current_holder(engine) is None
    report = tmp_path / "after.json"
    assert run(["--db", db, "monitor", "run", "--customers", str(small), "--as-of", AS_OF, "--workers", "1",
                "--report", str(report)]) == 0
    after = json.loads(report.read_text(encoding="utf-8"))
    assert after["run_id"] == 2 and after["counts"]["new"] == after["counts"]["cleared"] == 0
    engine.dispose()
