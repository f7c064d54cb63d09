"""Screening end to end on SQLite and PostgreSQL: the issue's counterparty file, exit codes, records."""

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from partyscreen.cli import run
from partyscreen.screening import SCREENING_COLUMNS, Screener

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"

COUNTERPARTIES = """id,Company Name,Country,Role
c1,LISTED PARENT COMPANY LIMITED,China,importer
c2,上市母公司,CN,end_user
c3,Alpha Subsidiary Limited,HK,end_user
c4,Beta Trading GmbH,DE,consignee
c5,Delta Range Limited,GB,end_user
c6,Totally Clean Widgets BV,NL,importer
c7,,DE,importer
"""
# (row, subject_id) -> (entity_id, basis); row 2 is the first data row
EXPECTED = {
    (2, "c1"): ("X", "listed"),  # a listed party under a name variant
    (3, "c2"): ("X", "listed"),  # its Chinese name, from the list entry
    (4, "c3"): ("A", "affiliate"),  # 50% owned by X
    (5, "c4"): ("B", "affiliate"),  # X 33.3333% + A 16.6667% = 50% in aggregate
    (6, "c5"): ("D", "possible_affiliate"),  # a 25-50% band held by X
}


@pytest.fixture
def db(db_url, tmp_path):
    for name in ("entities.csv", "holdings.csv", "list.csv", "watch.csv"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    assert run(["--db", db_url, "init"]) == 0
    assert run(["--db", db_url, "ownership", "import", str(tmp_path / "entities.csv"), str(tmp_path / "holdings.csv")]) == 0
    assert run(["--db", db_url, "lists", "import", str(tmp_path / "list.csv")]) == 0
    assert run(["--db", db_url, "lists", "import", str(tmp_path / "watch.csv")]) == 0
    (tmp_path / "counterparties.csv").write_text(COUNTERPARTIES, encoding="utf-8")
    return db_url


def test_counterparty_file_gives_exactly_the_expected_hits(db, tmp_path, capsys):
    out = tmp_path / "hits.csv"
    code = run(["--db", db, "screen", str(tmp_path / "counterparties.csv"), "--as-of", "2026-01-01", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == list(SCREENING_COLUMNS)
    got = {(int(r["row"]), r["subject_id"]): (r["entity_id"], r["basis"]) for r in rows}
    assert got == EXPECTED
    assert len(rows) == len(EXPECTED)
    by_subject = {r["subject_id"]: r for r in rows}
    assert by_subject["c3"]["path"] == "Listed Parent Co [X] -50%-> Alpha Subsidiary Ltd [A]"
    assert by_subject["c3"]["path_ids"] == "X -50%-> A"
    # an aggregate: every owner that adds up to 50%, each with its path from the listed root
    assert by_subject["c4"]["path_ids"] == "X -33.3333%-> B + X -50%-> A -16.6667%-> B"
    assert by_subject["c4"]["path"] == (
        "Listed Parent Co [X] -33.3333%-> Beta Trading GmbH [B] + "
        "Listed Parent Co [X] -50%-> Alpha Subsidiary Ltd [A] -16.6667%-> Beta Trading GmbH [B]"
    )
    assert by_subject["c1"]["path"] == "" and by_subject["c1"]["path_ids"] == ""
    # why a possible affiliate is only possible: a 25-50% band reaching 50% at its top
    assert by_subject["c5"]["reasons"].split(";")[0] == "range"
    assert by_subject["c3"]["reasons"] == "" and by_subject["c1"]["reasons"] == ""
    # 2026-01-01: Announcement 61 suspended by No. 70 of 2025 (the database has no regime facts:
    # the bundled timeline answers)
    assert by_subject["c1"]["outcome"] == "Art. II suspended until 2026-11-10 (No. 70 of 2025); listing measures in effect"
    assert by_subject["c3"]["outcome"] == (
        "Art. II affiliate rule suspended until 2026-11-10 (No. 70 of 2025): affiliate of a listed party (≥ 50%)"
    )
    assert "conservative reading only" in by_subject["c4"]["outcome"]  # aggregate, not one party's own 50%
    assert "conservative reading only" not in by_subject["c3"]["outcome"]  # X's own direct 50%
    assert by_subject["c5"]["outcome"] == (
        "possible affiliate — establish ownership; Art. II affiliate rule suspended until 2026-11-10 (No. 70 of 2025)"
    )
    assert by_subject["c2"]["reference"].startswith("商务部公告2025年第1号")
    assert "row 8: empty name" in err


def test_clean_file_exits_zero_and_runs_are_recorded(db, tmp_path):
    clean = tmp_path / "clean.csv"
    clean.write_text("name,country\nTotally Clean Widgets BV,NL\nAnother Harmless Trader SA,FR\n", encoding="utf-8")
    assert run(["--db", db, "screen", str(clean), "--as-of", "2026-01-01", "--out", str(tmp_path / "o.csv")]) == 0
    assert run(["--db", db, "screen", str(tmp_path / "counterparties.csv"), "--as-of", "2026-01-01", "--out", str(tmp_path / "o2.csv")]) == 1
    engine = sa.create_engine(db.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        runs = conn.execute(sa.text("SELECT rows, subjects_with_hits, hits, errors, policy, checksum FROM screening_run ORDER BY id")).fetchall()
        statuses = conn.execute(sa.text(
            "SELECT CASE WHEN s.error IS NOT NULL THEN 'error' WHEN EXISTS (SELECT 1 FROM hit h WHERE h.subject_pk = s.id) "
            "THEN 'hit' ELSE 'clear' END AS status, COUNT(*) FROM subject s GROUP BY 1 ORDER BY 1"
        )).fetchall()
    engine.dispose()
    assert [tuple(r[:5]) for r in runs] == [(2, 0, 0, 0, "mofcom-61"), (7, 5, 5, 1, "mofcom-61")]
    assert all(len(r[5]) == 64 for r in runs)
    assert dict(statuses) == {"clear": 3, "error": 1, "hit": 5}


def test_json_and_html_reports_keep_everything(db, tmp_path):
    source = str(tmp_path / "counterparties.csv")
    assert run(["--db", db, "screen", source, "--as-of", "2026-01-01", "--format", "json", "--out", str(tmp_path / "r.json")]) == 1
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["summary"]["counts"]["rows"] == 7 and data["summary"]["counts"]["errors"] == 1
    assert {s["status"] for s in data["subjects"]} == {"hit", "clear", "error"}
    assert any(h["subject_name"] == "上市母公司" for h in data["hits"])
    assert run(["--db", db, "screen", source, "--as-of", "2026-01-01", "--out", str(tmp_path / "r.html")]) == 1
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'class="diagram"' in page and "上市母公司" in page and "X -50%-&gt; A" in page
    assert "http" not in page.split("<body>")[0]  # self-contained: nothing loaded from the network


def test_xlsx_report_neutralises_formulas(db, tmp_path):
    evil = tmp_path / "evil.csv"
    evil.write_text('name,role\nAlpha Subsidiary Ltd,=cmd|calc\n', encoding="utf-8")
    assert run(["--db", db, "screen", str(evil), "--as-of", "2026-01-01", "--out", str(tmp_path / "r.xlsx")]) == 1
    sheets = pd.read_excel(tmp_path / "r.xlsx", sheet_name=None)
    assert sheets["hits"]["role"].tolist() == ["'=cmd|calc"]
    assert run(["--db", db, "screen", str(evil), "--as-of", "2026-01-01", "--out", str(tmp_path / "r.csv")]) == 1
    assert ",'=cmd|calc," in (tmp_path / "r.csv").read_text(encoding="utf-8")


def test_library_screen_name_and_frame(db):
    screener = Screener.open(db, as_of=pd.Timestamp("2026-01-01").date())
    hits = screener.screen_name("Alpha Subsidiary Ltd", country="HK")
    assert [(h.entity_id, h.basis, h.path_ids) for h in hits] == [("A", "affiliate", "X -50%-> A")]
    assert hits[0].path == "Listed Parent Co [X] -50%-> Alpha Subsidiary Ltd [A]"
    frame = screener.screen_frame(pd.DataFrame({"party": ["上市母公司", "Nobody Special GmbH"]}), record=False)
    assert list(frame.columns) == list(SCREENING_COLUMNS)
    assert frame[["row", "entity_id", "basis"]].values.tolist() == [[2, "X", "listed"]]
    assert screener.explain("B").status == "affiliate"


def test_usage_errors_exit_two(db, tmp_path):
    assert run(["--db", db, "screen", str(tmp_path / "missing.csv")]) == 2
    nameless = tmp_path / "nameless.csv"
    nameless.write_text("foo,bar\n1,2\n", encoding="utf-8")
    assert run(["--db", db, "screen", str(nameless)]) == 2
    assert run(["--db", db, "screen", str(tmp_path / "counterparties.csv"), "--name-column", "nope"]) == 2
    assert run(["--db", db, "screen", str(tmp_path / "counterparties.csv"), "--format", "xlsx"]) == 2


def test_stale_list_warning_follows_the_setting(db, tmp_path, capsys, monkeypatch):
    source = str(tmp_path / "counterparties.csv")
    out = str(tmp_path / "o.csv")
    run(["--db", db, "screen", source, "--as-of", "2026-01-01", "--out", out])
    assert "newest source 2025-01-02 is more than 30 days before 2026-01-01" in capsys.readouterr().err
    run(["--db", db, "screen", source, "--as-of", "2026-01-01", "--out", out, "--stale-days", "400"])
    assert "is more than" not in capsys.readouterr().err
    monkeypatch.setenv("PARTYSCREEN_STALE_DAYS", "500")
    run(["--db", db, "screen", source, "--as-of", "2026-01-01", "--out", out])
    assert "is more than" not in capsys.readouterr().err
    monkeypatch.setenv("PARTYSCREEN_STALE_DAYS", "soon")
    assert run(["--db", db, "screen", source, "--as-of", "2026-01-01", "--out", out]) == 2
