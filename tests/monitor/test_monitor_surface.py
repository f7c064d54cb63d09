"""monitor run / review on both engines: input errors, inactive customers, a customer database,
worker processes, report formats, and the review commands' errors."""

from __future__ import annotations

import csv
import io
import json

import sqlalchemy as sa

from partyscreen.cli import run
from partyscreen.monitor import partitions
from partyscreen.monitor.report import HIT_FIELDS
from partyscreen.monitor.run import customers_from_frame, read_customers, run_monitor
from partyscreen.store.db import create_db_engine

from tests.monitor.conftest import AS_OF, customer_rows, write_customers

FEW = "customer_no,name,country\nk1,Listed Parent Company Ltd,CN\nk2,Plain Widgets Oy,FI\nk3,Alpha Subsidiary Limited,HK\n"


def runs(db: str) -> int:
    engine = create_db_engine(db)
    with engine.connect() as conn:
        count = conn.execute(sa.text("SELECT COUNT(*) FROM monitor_run")).scalar()
    engine.dispose()
    return int(count)


def test_input_errors_exit_2_and_record_nothing(monitored, write, capsys):
    no_id = write("noid.csv", "name,country\nAcme,DE\n")
    assert run(["--db", monitored, "monitor", "run", "--customers", str(no_id), "--as-of", AS_OF]) == 2
    err = capsys.readouterr().err
    assert "noid.csv, row 1, field id: no id column found" in err and "--id-column" in err
    repeated = write("rep.csv", "id,name\na1,Acme\na2,Beta Works\na1,Gamma\n")
    assert run(["--db", monitored, "monitor", "run", "--customers", str(repeated), "--as-of", AS_OF]) == 2
    assert "rep.csv, row 4, field id: id 'a1' repeats row 2" in capsys.readouterr().err
    empty = write("empty.csv", "id,name\n,Acme\n")
    assert run(["--db", monitored, "monitor", "run", "--customers", str(empty), "--as-of", AS_OF]) == 2
    assert "empty.csv, row 2, field id: empty id" in capsys.readouterr().err
    assert run(["--db", monitored, "monitor", "run", "--customers", str(no_id), "--report", "x.txt"]) == 2
    assert "must be .csv, .json or .html" in capsys.readouterr().err
    assert run(["--db", monitored, "monitor", "run", "--customers", str(repeated), "--cluster", "tcp://127.0.0.1:8786",
                "--id-column", "id", "--as-of", AS_OF]) == 2
    assert runs(monitored) == 0


def test_missing_customers_are_inactive_and_come_back_new(monitored, write, tmp_path):
    engine = create_db_engine(monitored)
    first = run_monitor(engine, read_customers(write("a.csv", FEW)), as_of=AS_OF, workers=1)
    assert first.counts["new"] == 2 and first.needs_review
    fewer = run_monitor(engine, read_customers(write("b.csv", FEW.replace("k3,Alpha Subsidiary Limited,HK\n", ""))),
                        as_of=AS_OF, workers=1, max_drop=100)  # 1 of 3: over the default 10%
    assert fewer.inactivated == 1 and fewer.counts["cleared"] == 1 and not fewer.needs_review
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT active FROM monitor_subject WHERE subject_id = 'k3'")).scalar() in (False, 0)
        reason = conn.execute(sa.text("SELECT changes FROM monitor_hit WHERE run_id = :r AND status = 'cleared'"),
                              {"r": fewer.run_id}).scalar()
    assert "no longer in the input" in reason
    back = run_monitor(engine, read_customers(tmp_path / "a.csv"), as_of=AS_OF, workers=1)
    assert back.counts["new"] == 1 and back.screened == 1 and back.counts["unchanged"] == 1
    engine.dispose()


def test_customers_from_a_database_query(monitored, tmp_path, capsys):
    source = create_db_engine(f"sqlite:///{tmp_path / 'erp.db'}")
    with source.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE customer_master (kunnr TEXT, firma TEXT, land TEXT)")
        conn.exec_driver_sql("INSERT INTO customer_master VALUES ('900', 'Listed Parent Company Ltd', 'CN'), "
                             "('901', 'Plain Widgets Oy', 'FI')")
    source.dispose()
    code = run(["--db", monitored, "monitor", "run", "--customers-db", f"sqlite:///{tmp_path / 'erp.db'}",
                "--customers-query", "SELECT kunnr, firma, land FROM customer_master", "--id-column", "kunnr",
                "--name-column", "firma", "--country-column", "land", "--as-of", AS_OF, "--workers", "1",
                "--report", str(tmp_path / "d.csv")])
    assert code == 1
    rows = list(csv.DictReader(io.StringIO((tmp_path / "d.csv").read_text(encoding="utf-8"))))
    assert list(rows[0]) == list(HIT_FIELDS)
    assert [(r["subject_id"], r["entity_id"], r["status"]) for r in rows] == [("900", "X", "new")]
    capsys.readouterr()
    assert run(["--db", monitored, "monitor", "run", "--customers-db", f"sqlite:///{tmp_path / 'erp.db'}",
                "--customers-query", "SELECT nope FROM customer_master", "--as-of", AS_OF]) == 2
    assert "--customers-query on sqlite:///" in capsys.readouterr().err


def test_worker_processes_give_the_same_hits_as_one_process(monitored, tmp_path, monkeypatch):
    import pandas as pd

    monkeypatch.setattr(partitions, "PARTITION_SIZE", 50)
    rows = customer_rows(300) + [("k1", "Listed Parent Company Ltd", "CN"), ("k3", "Alpha Subsidiary Limited", "HK")]
    frame = pd.DataFrame(rows, columns=["id", "name", "country"])
    engine = create_db_engine(monitored)
    pooled = run_monitor(engine, customers_from_frame(frame, "frame"), as_of=AS_OF, workers=2)
    inline = run_monitor(engine, customers_from_frame(frame, "frame"), as_of=AS_OF, workers=1, full=True)
    assert pooled.screened == inline.screened == 302
    assert pooled.counts["new"] == 2 and inline.counts["new"] == 0 and inline.counts["unchanged"] == 2
    engine.dispose()


def test_review_commands(monitored, write, tmp_path, capsys):
    customers = write("a.csv", FEW)
    assert run(["--db", monitored, "review", "list"]) == 2
    assert "no monitor run yet" in capsys.readouterr().err
    assert run(["--db", monitored, "monitor", "run", "--customers", str(customers), "--as-of", AS_OF, "--workers", "1",
                "--report", str(tmp_path / "r.html")]) == 1
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<h2 class='new'>new (2)</h2>" in page and "Listed Parent Co [X]" in page
    capsys.readouterr()
    assert run(["--db", monitored, "review", "list", "--format", "json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert {(h["subject_id"], h["entity_id"], h["status"], h["open"]) for h in hits} == {
        ("k1", "X", "new", True), ("k3", "A", "new", True)}
    first = hits[0]["hit_id"]
    assert run(["--db", monitored, "review", "show", str(first)]) == 0
    shown = capsys.readouterr().out
    assert "customer: " in shown and "outcome:" in shown
    assert run(["--db", monitored, "review", "decide", str(first), "--verdict", "maybe", "--reason", "x", "--by", "y"]) == 2
    assert run(["--db", monitored, "review", "decide", "999", "--verdict", "true_match", "--reason", "x", "--by", "y"]) == 2
    assert "no monitor hit 999" in capsys.readouterr().err
    assert run(["--db", monitored, "review", "decide", str(first), "--verdict", "true_match", "--reason", "listed parent",
                "--by", "A. Analyst"]) == 0
    assert run(["--db", monitored, "monitor", "run", "--customers", str(customers), "--as-of", AS_OF, "--workers", "1"]) == 0
    capsys.readouterr()
    assert run(["--db", monitored, "review", "decide", str(first), "--verdict", "true_match", "--reason", "again",
                "--by", "A. Analyst"]) == 2
    assert f"hit {first} is from run 1, not the latest run 2: decide hit" in capsys.readouterr().err
    assert run(["--db", monitored, "review", "list", "--open", "--format", "json"]) == 0
    assert [h["subject_id"] for h in json.loads(capsys.readouterr().out)] == ["k3"]
    assert run(["--db", monitored, "monitor", "report", "1", "--out", str(tmp_path / "again.json")]) == 0
    again = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
    assert again["run_id"] == 1 and again["counts"]["new"] == 2


def test_a_missing_key_index_is_computed_again(monitored, write, tmp_path, monkeypatch):
    from tests.monitor.conftest import STORE

    engine = create_db_engine(monitored)
    customers = FEW + "k4,Zephyr Quantum Robotics Limited,GB\n"
    first = run_monitor(engine, read_customers(write("a.csv", customers)), as_of=AS_OF, workers=1)
    assert first.counts["new"] == 2
    listed = (STORE / "list.csv").read_text(encoding="utf-8") + (
        "cn-mofcom-export-control,T-4,Zephyr Quantum Robotics Ltd,,,organization,,,2025-06-01,,ref,,\n")
    assert run(["--db", monitored, "lists", "import", str(write("list2.csv", listed))]) == 0
    monkeypatch.setenv("PARTYSCREEN_CACHE_DIR", str(tmp_path / "another-machine"))
    second = run_monitor(engine, read_customers(tmp_path / "a.csv"), as_of=AS_OF, workers=1)
    assert not second.full and second.counts["new"] == 1 and second.counts["unchanged"] == 2
    assert any("not in this machine's cache" in w for w in second.warnings)
    assert any("word weights are those counted over the list names at run 1;" in w for w in second.warnings)
    third = run_monitor(engine, read_customers(tmp_path / "a.csv"), as_of=AS_OF, workers=1)
    # the weights were counted at run 1, not at the run before this one (QA: said run N-1)
    assert any("word weights are those counted over the list names at run 1;" in w for w in third.warnings)
    engine.dispose()


def test_reweigh_counts_weights_again_and_rescreens_everyone(monitored, write):
    from tests.monitor.conftest import STORE

    engine = create_db_engine(monitored)
    customers = read_customers(write("a.csv", FEW))
    run_monitor(engine, customers, as_of=AS_OF, workers=1)
    listed = (STORE / "list.csv").read_text(encoding="utf-8") + (
        "cn-mofcom-export-control,T-4,Zephyr Quantum Robotics Ltd,,,organization,,,2025-06-01,,ref,,\n")
    assert run(["--db", monitored, "lists", "import", str(write("list2.csv", listed))]) == 0
    pinned = run_monitor(engine, customers, as_of=AS_OF, workers=1)
    assert not pinned.full and any("--reweigh" in w for w in pinned.warnings)
    again = run_monitor(engine, customers, as_of=AS_OF, workers=1, reweigh=True)
    assert again.full and again.full_reason == "--reweigh" and again.screened == 3
    assert not any("--reweigh" in w for w in again.warnings)
    after = run_monitor(engine, customers, as_of=AS_OF, workers=1)
    assert not after.full and after.screened == 0 and after.counts["unchanged"] == 2
    engine.dispose()


def test_a_lock_row_of_another_host(monitored, write, capsys):
    from datetime import datetime, timezone

    customers = write("a.csv", FEW)
    engine = create_db_engine(monitored)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO monitor_lock (name, token, host, pid, command, started_at) "
                             "VALUES ('monitor', 't', 'batch-07', 4242, 'partyscreen monitor run (pid 4242)', :at)"),
                     {"at": datetime(2026, 11, 30, 2, 0, tzinfo=timezone.utc)})
    code = run(["--db", monitored, "monitor", "run", "--customers", str(customers), "--as-of", AS_OF, "--workers", "1"])
    err = capsys.readouterr().err
    if engine.dialect.name == "sqlite":  # the row is the lock: honoured until removed
        assert code == 2
        assert "on host batch-07, pid 4242, running since 2026-11-30 02:00:00 UTC" in err and "monitor unlock" in err
        assert run(["--db", monitored, "monitor", "unlock"]) == 0
        assert "removed the monitor lock of partyscreen monitor run (pid 4242) on host batch-07" in capsys.readouterr().err
        code = run(["--db", monitored, "monitor", "run", "--customers", str(customers), "--as-of", AS_OF, "--workers", "1"])
    assert code == 1  # PostgreSQL: the advisory lock is free, the row only named a holder
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM monitor_lock")).scalar() == 0
    engine.dispose()


def test_timings_name_every_stage_of_the_run(monitored, write, capsys):
    customers = write("t.csv", FEW)
    assert run(["--db", monitored, "monitor", "run", "--customers", str(customers), "--id-column", "customer_no",
                "--as-of", AS_OF, "--workers", "1", "--timings"]) == 1
    first = [line for line in capsys.readouterr().err.splitlines() if line.startswith("timing: ")]
    stages = [line.removeprefix("timing: ").split("  ")[0].strip() for line in first]
    assert stages[:2] == ["workers started", "customers read"]
    assert {"targets (listed parties, affiliates)", "candidate index", "screening (waiting on workers)",
            "write run, subjects, hits", "subject index save (cache; the rest of it)"} <= set(stages)
    assert all(" s wall " in line and line.endswith(" s CPU") for line in first)
    assert run(["--db", monitored, "monitor", "run", "--customers", str(customers), "--id-column", "customer_no",
                "--as-of", AS_OF, "--workers", "1", "--timings"]) == 0
    second = [line.removeprefix("timing: ").split("  ")[0].strip()
              for line in capsys.readouterr().err.splitlines() if line.startswith("timing: ")]
    assert "reach (changed candidates x subject index)" in second  # incremental: the reach stage runs
    assert run(["--db", monitored, "monitor", "run", "--customers", str(customers), "--id-column", "customer_no",
                "--as-of", AS_OF, "--workers", "1"]) == 0
    assert "timing: " not in capsys.readouterr().err
