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
