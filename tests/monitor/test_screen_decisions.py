"""``screen --decisions``: a file screened twice is not reviewed twice (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
import json

from partyscreen.cli import run

from tests.monitor.conftest import AS_OF

FILE = "customer_no,name,country\nk1,Listed Parent Company Ltd,CN\nk2,Plain Widgets Oy,FI\nk3,Alpha Subsidiary Limited,HK\n"


def screen(db, path, out, *extra):
    code = run(["--db", db, "screen", str(path), "--as-of", AS_OF, "--out", str(out), *extra])
    return code, list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))


def test_decided_screening_hits_do_not_alert_again(monitored, write, tmp_path, capsys):
    path = write("file.csv", FILE)
    code, rows = screen(monitored, path, tmp_path / "a.csv")
    assert code == 1 and "decision" not in rows[0]
    capsys.readouterr()
    assert run(["--db", monitored, "review", "list", "--screening", "1", "--format", "json"]) == 0
    hits = {h["subject_id"]: h for h in json.loads(capsys.readouterr().out)}
    assert set(hits) == {"k1", "k3"} and hits["k1"]["hit_id"].startswith("s") and hits["k1"]["open"]
    for subject, verdict in (("k1", "true_match"), ("k3", "false_positive")):
        assert run(["--db", monitored, "review", "decide", hits[subject]["hit_id"], "--verdict", verdict,
                    "--reason", "checked the register", "--by", "B. Analyst"]) == 0

    assert run(["--db", monitored, "review", "show", hits["k3"]["hit_id"]]) == 0
    shown = capsys.readouterr().out
    assert f"hit {hits['k3']['hit_id']} of run 1 (a screening run)" in shown and "false_positive by B. Analyst" in shown
    code, rows = screen(monitored, path, tmp_path / "b.csv", "--decisions")
    assert code == 0
    by_id = {r["subject_id"]: r for r in rows}
    assert by_id["k1"]["decision"].startswith("true_match by B. Analyst on ")
    assert by_id["k3"]["decision"].startswith("false_positive by B. Analyst")
    assert "decisions: 2 hit(s) covered" in capsys.readouterr().err

    # the same file without --decisions still alerts; a changed row is reviewed again
    assert screen(monitored, path, tmp_path / "c.csv")[0] == 1
    changed = write("file2.csv", FILE.replace("Alpha Subsidiary Limited,HK", "Alpha Subsidiary Limited,GB"))
    code, rows = screen(monitored, changed, tmp_path / "d.csv", "--decisions")
    assert code == 1
    by_id = {r["subject_id"]: r for r in rows}
    assert "earlier state" in by_id["k3"]["decision"] and "earlier state" not in by_id["k1"]["decision"]


def test_monitor_decisions_apply_to_screen(monitored, write, tmp_path, capsys):
    path = write("file.csv", FILE)
    assert run(["--db", monitored, "monitor", "run", "--customers", str(path), "--as-of", AS_OF, "--workers", "1",
                "--report", str(tmp_path / "r.json")]) == 1
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    for hit in report["hits"]:
        assert run(["--db", monitored, "review", "decide", str(hit["hit_id"]), "--verdict", "false_positive",
                    "--reason", "not them", "--by", "C. Analyst"]) == 0
    out = tmp_path / "s.json"
    assert run(["--db", monitored, "screen", str(path), "--as-of", AS_OF, "--out", str(out), "--decisions"]) == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["summary"]["decisions"] == {"applied": 2, "stale": 0}
    assert all(h["decision"].startswith("false_positive by C. Analyst") and h["alert"] is False for h in payload["hits"])
    assert run(["--db", monitored, "review", "decide", "sx", "--verdict", "true_match", "--reason", "r", "--by", "b"]) == 2
