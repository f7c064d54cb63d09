"""The issue's acceptance scenario on SQLite and PostgreSQL: six nightly runs over 1,000 customers,
a decision that sticks until the customer changes, the run lock, and a run killed mid-way."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from partyscreen.cli import run
from partyscreen.store.db import create_db_engine
from partyscreen.store import monitor_lock

from tests.monitor.conftest import AS_OF, STORE, customer_rows, write_customers

ROOT = Path(__file__).resolve().parents[2]
ZEPHYR = "cn-mofcom-export-control:T-4"


def monitor(db: str, customers: Path, report: Path, *extra: str) -> tuple[int, dict]:
    code = run(["--db", db, "monitor", "run", "--customers", str(customers), "--as-of", AS_OF, "--workers", "1",
                "--report", str(report), *extra])
    return code, (json.loads(report.read_text(encoding="utf-8")) if report.exists() else {})


def by_status(report: dict, status: str) -> dict[str, dict]:
    return {h["subject_id"]: h for h in report["hits"] if h["status"] == status}


def current_hits(db: str, run_id: int) -> set[tuple]:
    engine = create_db_engine(db)
    with engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT subject_id, entity_id, score, basis, path_ids, measure, outcome FROM monitor_hit "
            "WHERE run_id = :r AND status <> 'cleared'"), {"r": run_id}).all()
    engine.dispose()
    return {tuple(r) for r in rows}


def test_six_nightly_runs_lock_and_a_killed_run(monitored, tmp_path, capsys):
    db = monitored
    rows = customer_rows()
    customers = write_customers(tmp_path / "customers.csv", rows)

    # run 1: everyone screened once
    code, r1 = monitor(db, customers, tmp_path / "r1.json")
    assert code in (0, 1)
    assert r1["full"] is True and r1["subjects"] == 1000 and r1["screened"] == 1000
    assert not {"c0100", "c0200", "c0300"} & {h["subject_id"] for h in r1["hits"]}

    # run 2: a new list entry that matches exactly two customers
    listed = (STORE / "list.csv").read_text(encoding="utf-8") + (
        "cn-mofcom-export-control,T-4,Zephyr Quantum Robotics Ltd,,,organization,,,2025-06-01,,"
        "商务部公告2025年第9号,https://www.mofcom.gov.cn/z,\n")
    (tmp_path / "list2.csv").write_text(listed, encoding="utf-8")
    assert run(["--db", db, "lists", "import", str(tmp_path / "list2.csv")]) == 0
    code, r2 = monitor(db, customers, tmp_path / "r2.json")
    assert code == 1
    assert r2["full"] is False and r2["screened"] < 1000
    new = by_status(r2, "new")
    assert set(new) == {"c0100", "c0200"}
    assert {h["entity_id"] for h in new.values()} == {ZEPHYR}
    assert r2["counts"]["new"] == 2 and r2["counts"]["changed"] == 0 and r2["counts"]["cleared"] == 0

    # decide one a false positive: run 3 reports nothing new, one suppressed
    hit_id = new["c0100"]["hit_id"]
    assert run(["--db", db, "review", "decide", str(hit_id), "--verdict", "false_positive",
                "--reason", "UK robotics start-up, not the listed party", "--by", "A. Analyst"]) == 0
    capsys.readouterr()
    assert run(["--db", db, "review", "list", "--open", "--format", "json"]) == 0
    open_hits = json.loads(capsys.readouterr().out)
    assert "c0100" not in {h["subject_id"] for h in open_hits} and "c0200" in {h["subject_id"] for h in open_hits}
    code, r3 = monitor(db, customers, tmp_path / "r3.json")
    assert code == 0
    assert r3["counts"]["new"] == 0 and r3["counts"]["changed"] == 0
    assert set(by_status(r3, "suppressed")) == {"c0100"} and r3["counts"]["suppressed"] == 1
    assert by_status(r3, "suppressed")["c0100"]["decision"]["verdict"] == "false_positive"

    # rename that customer: run 4 reports it changed, with the earlier decision
    renamed = [(a, "Zephyr Quantum Robotics Holdings Limited" if a == "c0100" else b, c) for a, b, c in rows]
    customers = write_customers(tmp_path / "customers4.csv", renamed)
    code, r4 = monitor(db, customers, tmp_path / "r4.json")
    assert code == 1
    changed = by_status(r4, "changed")
    assert set(changed) == {"c0100"} and r4["counts"]["new"] == 0
    assert changed["c0100"]["decision"]["verdict"] == "false_positive" and changed["c0100"]["decision"]["holds"] is False
    assert {"field": "subject", "before": "Zephyr Quantum Robotics Limited",
            "after": "Zephyr Quantum Robotics Holdings Limited"} in changed["c0100"]["changes"]
    assert r4["screened"] == 1

    # a holding makes a third customer a 60% subsidiary of a listed party: run 5 reports it new, with its path
    (tmp_path / "entities5.csv").write_text(
        "id,name,kind,country,aliases,identifiers,address\nN,Nimbus Falcon Avionics GmbH,organization,DE,,,\n", encoding="utf-8")
    (tmp_path / "holdings5.csv").write_text(
        "owner_id,owned_id,relation,share,share_min,share_max,start_date,end_date,source\n"
        "X,N,shareholding,60,,,2024-01-01,,registry\n", encoding="utf-8")
    assert run(["--db", db, "ownership", "import", str(tmp_path / "entities5.csv"), str(tmp_path / "holdings5.csv")]) == 0
    code, r5 = monitor(db, customers, tmp_path / "r5.json")
    assert code == 1
    new = by_status(r5, "new")
    assert set(new) == {"c0300"} and r5["counts"]["changed"] == 0 and r5["counts"]["cleared"] == 0
    assert new["c0300"]["entity_id"] == "N" and new["c0300"]["basis"] == "affiliate"
    assert new["c0300"]["path"] == "Listed Parent Co [X] -60%-> Nimbus Falcon Avionics GmbH [N]"

    # the list measure of the second one's entry ends: run 6 reports it cleared
    (tmp_path / "measures.csv").write_text(
        "list_id,reference,entry_id,status,start_date,end_date,announced_on,url,note\n"
        "cn-mofcom-export-control,,T-4,ended,2026-05-01,,2026-04-28,,test\n", encoding="utf-8")
    assert run(["--db", db, "lists", "import", str(tmp_path / "measures.csv"), "--format", "measures"]) == 0
    code, r6 = monitor(db, customers, tmp_path / "r6.json")
    assert code == 0
    cleared = by_status(r6, "cleared")
    assert "c0200" in cleared and set(cleared) <= {"c0100", "c0200"}
    assert "no longer alerts" in cleared["c0200"]["changes"][0]["after"]
    assert r6["counts"]["new"] == 0 and r6["counts"]["changed"] == 0
    state6 = current_hits(db, r6["run_id"])

    # a full run finds exactly what the incremental runs built
    code, full = monitor(db, customers, tmp_path / "full.json", "--full")
    assert code == 0 and full["screened"] == 1000
    assert full["counts"]["new"] == 0 and full["counts"]["changed"] == 0 and full["counts"]["cleared"] == 0
    assert current_hits(db, full["run_id"]) == state6

    # a second run while one holds the lock: exit 2, naming the holder
    engine = create_db_engine(db)
    lease = monitor_lock.acquire(engine)
    try:
        capsys.readouterr()
        assert run(["--db", db, "monitor", "run", "--customers", str(customers), "--as-of", AS_OF, "--workers", "1"]) == 2
        err = capsys.readouterr().err
        assert "another monitor run holds this database's monitor lock" in err and f"pid {os.getpid()}" in err
    finally:
        monitor_lock.release(lease)

    # a run killed with SIGKILL mid-way (driver and two worker processes) leaves the last state, and the next
    # run completes: its workers die with it and release nothing the next run needs
    big = write_customers(tmp_path / "big.csv", customer_rows(20_000, seed=99))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "partyscreen.cli", "--db", db, "monitor", "run", "--customers", str(big),
         "--as-of", AS_OF, "--workers", "2", "--full"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 300
        while monitor_lock.current_holder(engine) is None:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.2)
        time.sleep(1.0)
        assert proc.poll() is None, "the run ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT MAX(id) FROM monitor_run")).scalar() == full["run_id"]
        assert conn.execute(sa.text("SELECT COUNT(*) FROM monitor_subject")).scalar() == 1000
    assert current_hits(db, full["run_id"]) == state6
    code, after = monitor(db, customers, tmp_path / "after.json")
    assert code == 0 and after["run_id"] == full["run_id"] + 1
    assert after["counts"]["new"] == 0 and after["counts"]["changed"] == 0 and after["counts"]["cleared"] == 0
    assert current_hits(db, after["run_id"]) == state6

    # every completed run and the decision are in the audit trail; the killed run is not
    from partyscreen.store.audit import list_events

    with engine.connect() as conn:
        runs = list_events(conn, actions=["monitor_run"])
        decisions = list_events(conn, actions=["decision"])
    assert [e["run_id"] for e in runs] == list(range(1, after["run_id"] + 1))
    assert runs[1]["detail"]["counts"]["new"] == 2
    assert [(e["subject_id"], e["actor"], e["detail"]["verdict"]) for e in decisions] == [
        ("c0100", "A. Analyst", "false_positive")]
    engine.dispose()
