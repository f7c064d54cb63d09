"""An empty or truncated customer master is refused, not taken as every customer gone (QA)."""

from __future__ import annotations

import sqlalchemy as sa

from partyscreen.cli import run
from partyscreen.store.db import create_db_engine

from tests.monitor.conftest import AS_OF, write_customers

ROWS = [(f"d{n:02d}", f"Quorvel Tandimex {n} Oy", "FI") for n in range(1, 21)]


def _count(db: str, sql: str) -> int:
    engine = create_db_engine(db)
    with engine.connect() as conn:
        value = conn.execute(sa.text(sql)).scalar()
    engine.dispose()
    return int(value)


def test_empty_and_truncated_masters_are_refused(monitored, tmp_path, capsys):
    base = ["--db", monitored, "monitor", "run", "--as-of", AS_OF, "--workers", "1"]
    header_only = tmp_path / "empty.csv"
    header_only.write_text("customer_no,name,country\n", encoding="utf-8")
    assert run([*base, "--customers", str(header_only)]) == 2
    assert "no customers in" in capsys.readouterr().err
    assert _count(monitored, "SELECT COUNT(*) FROM monitor_run") == 0

    full = write_customers(tmp_path / "full.csv", ROWS)
    assert run([*base, "--customers", str(full)]) in (0, 1)
    capsys.readouterr()
    runs = _count(monitored, "SELECT COUNT(*) FROM monitor_run")

    truncated = write_customers(tmp_path / "cut.csv", ROWS[:2])
    assert run([*base, "--customers", str(truncated)]) == 2
    err = capsys.readouterr().err
    assert "would mark 18 of the 20 active customers inactive" in err and "--max-drop 10%" in err
    assert "Nothing was recorded" in err and "--max-drop 100" in err
    assert run([*base, "--customers", str(header_only)]) == 2
    assert "no customers in" in capsys.readouterr().err
    assert _count(monitored, "SELECT COUNT(*) FROM monitor_run") == runs

    two_gone = write_customers(tmp_path / "two.csv", ROWS[2:])  # 10%: allowed at the default
    assert run([*base, "--customers", str(two_gone)]) in (0, 1)
    capsys.readouterr()
    assert run([*base, "--customers", str(truncated), "--max-drop", "100"]) in (0, 1)
    assert _count(monitored, "SELECT COUNT(*) FROM monitor_run") == runs + 2
