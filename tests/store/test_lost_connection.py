"""A server connection that breaks mid-import (pg_terminate_backend from a second connection):
one line, exit 3, nothing imported."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
CLI = "from partyscreen.cli import main; main()"
ROWS = 150_000


@pytest.fixture
def pg_engine(engine: sa.Engine) -> sa.Engine:
    assert engine.dialect.name == "postgresql"
    return engine


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # SQLite has no server connection to lose
def test_terminated_backend_mid_import_is_one_line_exit_3(pg_engine: sa.Engine, db_url: str, tmp_path: Path) -> None:
    file = tmp_path / "entities.csv"
    with file.open("w", encoding="utf-8") as fh:
        fh.write("id,name,kind,country\n")
        for i in range(ROWS):
            fh.write(f"E{i},Example Company Number {i} Ltd,organization,GB\n")
    child = subprocess.Popen([sys.executable, "-c", CLI, "--db", db_url, "ownership", "import", "--entities", str(file)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=dict(os.environ))
    killed = None
    deadline = time.monotonic() + 120
    with pg_engine.connect() as admin:
        while killed is None and child.poll() is None and time.monotonic() < deadline:
            # the import's server process once it holds the write lock, i.e. is inside its transaction
            killed = admin.execute(sa.text(
                "SELECT pg_terminate_backend(a.pid) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid "
                "WHERE a.application_name LIKE :name AND l.locktype = 'advisory' AND l.granted"
            ), {"name": f"partyscreen ownership import (pid {child.pid})"}).scalar()
            admin.commit()
            time.sleep(0.05)
    out, err = child.communicate(timeout=120)
    assert killed, f"the import finished before its connection could be broken: {err}"
    assert child.returncode == 3, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Error: lost the connection to the database (")
    assert "nothing was imported" in lines[0]
    with pg_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM entity")).scalar_one() == 0
        assert conn.execute(sa.text("SELECT COUNT(*) FROM import_batch")).scalar_one() == 0
