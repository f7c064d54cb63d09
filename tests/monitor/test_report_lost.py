"""A report that cannot be written after the run is recorded is exit 3 naming the run, not exit 2
"nothing was recorded" (QA: the alert was lost, the next run reported unchanged)."""

from __future__ import annotations

import errno

from partyscreen.cli import run
from partyscreen.monitor import report as monitor_report

from tests.monitor.conftest import AS_OF

FEW = "customer_no,name,country\nk1,Listed Parent Company Ltd,CN\nk2,Plain Widgets Oy,FI\nk3,Alpha Subsidiary Limited,HK\n"


def test_report_write_failure_after_the_run_is_exit_3(monitored, tmp_path, capsys, monkeypatch):
    customers = tmp_path / "c.csv"
    customers.write_text(FEW, encoding="utf-8")
    out = tmp_path / "delta.csv"

    def disk_full(*args, **kwargs):  # the disk fills between the run's commit and the report
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(monitor_report, "write_report", disk_full)
    code = run(["--db", monitored, "monitor", "run", "--customers", str(customers), "--as-of", AS_OF,
                "--workers", "1", "--report", str(out)])
    err = capsys.readouterr().err
    assert code == 3
    lines = [line for line in err.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1 and "Traceback" not in err
    assert "run 1 is recorded with" in lines[0] and "hit(s) needing review" in lines[0]
    assert "No space left on device" in lines[0] and "`partyscreen monitor report 1 --out FILE` rewrites it" in lines[0]
    assert "nothing was recorded" not in err.lower() and not out.exists()
    monkeypatch.undo()
    assert run(["--db", monitored, "monitor", "report", "1", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").strip()
