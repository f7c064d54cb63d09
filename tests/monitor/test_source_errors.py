"""Customer-source errors of `monitor run` are one line, exit 2, worded for screening (QA)."""

from __future__ import annotations

from partyscreen.cli import run

from tests.monitor.conftest import AS_OF


def test_customer_source_errors(monitored, tmp_path, capsys):
    base = ["--db", monitored, "monitor", "run", "--as-of", AS_OF, "--workers", "1"]
    assert run([*base, "--customers-db", "not a url", "--customers-query", "SELECT 1"]) == 2
    err = capsys.readouterr().err
    assert "--customers-db 'not a url': not a database URL" in err and "Traceback" not in err

    missing = tmp_path / "missing.db"
    assert run([*base, "--customers-db", f"sqlite:///{missing}", "--customers-query", "SELECT 1"]) == 2
    err = capsys.readouterr().err
    assert f"the SQLite file {missing} does not exist" in err and "partyscreen init" not in err
    assert not missing.exists()

    no_name = tmp_path / "noname.csv"
    no_name.write_text("customer_no,country\nk1,FI\n", encoding="utf-8")
    assert run([*base, "--customers", str(no_name)]) == 2
    err = capsys.readouterr().err
    assert "Nothing was screened." in err and "Nothing was imported." not in err


def test_a_query_returning_no_rows_is_refused_and_keeps_the_last_state(monitored, tmp_path, capsys):
    """An empty customer master is a broken extract, not "every customer left": exit 2, nothing recorded,
    the customers of the last run stay active."""
    import sqlalchemy as sa

    from partyscreen.store.db import create_db_engine

    erp = create_db_engine(f"sqlite:///{tmp_path / 'erp.db'}")
    with erp.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE cm (kunnr TEXT, firma TEXT)")
        conn.exec_driver_sql("INSERT INTO cm VALUES ('900', 'Listed Parent Company Ltd'), ('901', 'Plain Widgets Oy')")
    erp.dispose()
    base = ["--db", monitored, "monitor", "run", "--as-of", AS_OF, "--workers", "1", "--id-column", "kunnr",
            "--name-column", "firma", "--customers-db", f"sqlite:///{tmp_path / 'erp.db'}", "--customers-query"]
    assert run([*base, "SELECT kunnr, firma FROM cm"]) == 1
    capsys.readouterr()
    assert run([*base, "SELECT kunnr, firma FROM cm WHERE kunnr = 'none'"]) == 2
    err = capsys.readouterr().err
    assert "no customers in --customers-query" in err and "nothing was done" in err
    engine = create_db_engine(monitored)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM monitor_run")).scalar() == 1
        assert conn.execute(sa.text("SELECT COUNT(*) FROM monitor_subject WHERE active")).scalar() == 2
    engine.dispose()


def test_the_customer_query_runs_read_only_and_must_return_rows(monitored, tmp_path, capsys):
    """monitor only reads the customer master: a statement that returns no rows is exit 2 (not a crash), and
    one that would change the source (DDL, UPDATE … RETURNING) fails in a read-only session, leaving it as it was
    (QA: `CREATE TABLE` ran and `DELETE` crashed with exit 3). The source here is the monitored database itself,
    so both engines are covered."""
    import sqlalchemy as sa

    from partyscreen.store.db import create_db_engine

    engine = create_db_engine(monitored)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE qa_customer_master (kunnr TEXT, firma TEXT)")
        conn.exec_driver_sql("INSERT INTO qa_customer_master VALUES ('900', 'Plain Widgets Oy')")
    base = ["--db", monitored, "monitor", "run", "--as-of", AS_OF, "--workers", "1", "--id-column", "kunnr",
            "--name-column", "firma", "--customers-db", monitored, "--customers-query"]
    capsys.readouterr()
    assert run([*base, "DELETE FROM qa_customer_master WHERE 1 = 0"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1
    assert "the statement returns no rows" in err or "read" in err.lower()  # read-only refusal or no rows
    assert run([*base, "UPDATE qa_customer_master SET firma = 'changed' RETURNING kunnr, firma"]) == 2
    assert "--customers-query on" in capsys.readouterr().err
    assert run([*base, "CREATE TABLE qa_made_by_monitor (x INTEGER)"]) == 2
    capsys.readouterr()
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT firma FROM qa_customer_master")).scalar() == "Plain Widgets Oy"
        assert "qa_made_by_monitor" not in sa.inspect(conn).get_table_names()
        assert conn.execute(sa.text("SELECT COUNT(*) FROM monitor_run")).scalar() == 0
    engine.dispose()


def test_a_sqlite_customer_source_is_opened_read_only_and_never_changed(monitored, tmp_path):
    """QA: the customer source got partyscreen's own settings, WAL journal mode among them — a write
    into the customer's file. It is opened read-only: same bytes, same journal mode, no -wal/-shm."""
    import hashlib
    import sqlite3

    erp = tmp_path / "erp.db"
    with sqlite3.connect(erp) as conn:
        conn.execute("CREATE TABLE cm (kunnr TEXT, firma TEXT, land TEXT)")
        conn.execute("INSERT INTO cm VALUES ('900', 'Listed Parent Company Ltd', 'CN'), ('901', 'Plain Widgets Oy', 'FI')")
    conn.close()
    digest = hashlib.sha256(erp.read_bytes()).hexdigest()
    assert run(["--db", monitored, "monitor", "run", "--customers-db", f"sqlite:///{erp}", "--customers-query",
                "SELECT kunnr, firma, land FROM cm", "--id-column", "kunnr", "--name-column", "firma",
                "--country-column", "land", "--as-of", AS_OF, "--workers", "1"]) == 1
    assert hashlib.sha256(erp.read_bytes()).hexdigest() == digest
    assert not (tmp_path / "erp.db-wal").exists() and not (tmp_path / "erp.db-shm").exists()
    with sqlite3.connect(erp) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
