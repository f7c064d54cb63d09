"""The screening input/output surface on SQLite and PostgreSQL: encodings, malformed input, column
detection, output files that are complete or absent, runs recorded only when complete, numbers as
numbers, the frame index kept, the name-length limit, argument checks (issue 10, issue 15)."""

import json
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from partyscreen.errors import UsageError
from partyscreen.screening import Screener

from tests.cli.helpers import count_rows

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"
AS_OF = ("--as-of", "2026-01-01")


@pytest.fixture
def db(screening_db):
    return screening_db


def runs(db_url: str) -> int:
    return count_rows(db_url, "screening_run")


def screen_json(cli, db, path, *extra):
    out = path.with_suffix(".json")
    result = cli("--db", db, "screen", path, *AS_OF, "--out", out, *extra)
    return result, (json.loads(out.read_text(encoding="utf-8")) if out.exists() else None)


# --- encodings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "reported"),
    [("cp1252", "cp1252 (detected)"), ("utf-16-le", "utf-16-le (detected)"), ("utf-8-sig", "utf-8-sig (bom)")],
)
def test_excel_exports_are_screened_with_their_names_intact(cli, db, tmp_path, codec, reported):
    text = "id,name,country\nc1,Listed Parent Company,CN\nc2,Müller Straße GmbH,DE\nc3,Société Générale,FR\n"
    path = tmp_path / f"{codec}.csv"
    path.write_bytes(text.encode(codec))
    result, report = screen_json(cli, db, path)
    assert result.code == 1, result.err
    assert f"read as {reported}" in result.err
    assert [s["name"] for s in report["subjects"]] == ["Listed Parent Company", "Müller Straße GmbH", "Société Générale"]
    assert [h["entity_id"] for h in report["hits"]] == ["X"]


def test_gb18030_chinese_file_is_still_read_as_gb18030(cli, db, tmp_path):
    path = tmp_path / "cn.csv"
    path.write_bytes("编号,名称,国家\nc1,上市母公司,中国\nc2,无关贸易有限公司,中国\n".encode("gb18030"))
    result, report = screen_json(cli, db, path)
    assert result.code == 1, result.err
    assert "read as gb18030 (detected)" in result.err
    assert [s["name"] for s in report["subjects"]] == ["上市母公司", "无关贸易有限公司"]
    assert [(h["subject_id"], h["entity_id"]) for h in report["hits"]] == [("c1", "X")]


def test_screen_accepts_encoding(cli, db, tmp_path):
    path = tmp_path / "big5.csv"
    path.write_bytes("id,name\nc1,上市母公司\n".encode("big5"))
    result, report = screen_json(cli, db, path, "--encoding", "big5")
    assert result.code == 1, result.err
    assert report["subjects"][0]["name"] == "上市母公司"
    bad = cli("--db", db, "screen", path, *AS_OF, "--encoding", "no-such-codec")
    assert bad.code == 2 and "unknown encoding 'no-such-codec'" in bad.err


# --- malformed input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "row", "words"),
    [
        ("id,name,country\nS1,Acme, Inc,CN\nS2,Other Ltd,DE\n", 2, "4 fields where the header has 3"),
        ("id,name,country\nS1,Acme,CN\nS2,Acme, Inc,CN\n", 3, "Expected 3 fields in line 3, saw 4"),
        ('id,name\nS1,Acme\nS2,"Acme\nS3,Other\n', 3, "never closed"),
    ],
)
def test_malformed_input_is_one_line_naming_the_row_and_nothing_is_recorded(cli, db, tmp_path, text, row, words):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    result = cli("--db", db, "screen", path, *AS_OF)
    assert result.code == 2
    assert f"bad.csv, row {row}: malformed CSV" in result.err and words in result.err
    assert result.err.rstrip().endswith("Nothing was screened.")
    assert "Nothing was imported" not in result.err and "Traceback" not in result.err
    assert runs(db) == 0


def test_a_header_field_over_the_csv_limit_is_exit_2(cli, db, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("id,name," + "x" * 200_000 + "\nS1,Acme,1\n", encoding="utf-8")
    result = cli("--db", db, "screen", path, *AS_OF)
    assert result.code == 2 and "longer than 131,072 characters" in result.err
    assert len(result.err) < 500


# --- columns ------------------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["customer_no", "Kundennummer", "客户编号", "Client ID", "N° client", "Código Cliente"])
def test_id_columns_in_several_languages_are_found(cli, db, tmp_path, header):
    path = tmp_path / "ids.csv"
    path.write_text(f"{header},name,notes\nK-77,Listed Parent Company,call back\n", encoding="utf-8")
    result, report = screen_json(cli, db, path)
    assert result.code == 1, result.err
    assert report["hits"][0]["subject_id"] == "K-77"
    assert "1 column(s) not used: notes" in result.err
    assert "no id column" not in result.err


def test_a_missing_id_column_and_unused_columns_are_warned_about_in_one_capped_line(cli, db, tmp_path):
    path = tmp_path / "wide.csv"
    # 5,000 columns: a header of ~74,000 characters, still longer than the sample read to detect the
    # delimiter (64 Ki characters); every column costs screening time (20,000 took 35-50 s)
    extra = [f"attribute_{i}" for i in range(5_000)]
    path.write_text("name," + ",".join(extra) + "\nListed Parent Company\n", encoding="utf-8")
    result, report = screen_json(cli, db, path)
    assert result.code == 1
    assert "no id column found" in result.err and "--id-column" in result.err
    (line,) = [x for x in result.err.splitlines() if "not used" in x]
    assert "5,000 column(s) not used: attribute_0, attribute_1" in line and "and 4,980 more" in line
    assert len(line) < 1_000
    assert any("not used" in w for w in report["summary"]["warnings"])


# --- outputs ------------------------------------------------------------------------------------


def test_unknown_output_extension_is_exit_2_before_any_work(cli, db, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("name\nListed Parent Company\n", encoding="utf-8")
    result = cli("--db", db, "screen", path, *AS_OF, "--out", tmp_path / "r.pdf")
    assert result.code == 2 and "r.pdf" in result.err and "--format" in result.err
    assert not (tmp_path / "r.pdf").exists() and runs(db) == 0
    explicit = cli("--db", db, "screen", path, *AS_OF, "--out", tmp_path / "r.pdf", "--format", "csv")
    assert explicit.code == 1 and (tmp_path / "r.pdf").read_text(encoding="utf-8").startswith("row,")


def test_unwritable_output_is_exit_2_before_any_work(cli, db, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("name\nListed Parent Company\n", encoding="utf-8")
    (tmp_path / "plain-file").write_text("x")
    (tmp_path / "a-folder.html").mkdir()
    for out in (tmp_path / "missing" / "r.html", tmp_path / "plain-file" / "r.html", tmp_path / "a-folder.html"):
        result = cli("--db", db, "screen", path, *AS_OF, "--out", out)
        assert result.code == 2, (out, result.err)
        assert "Traceback" not in result.err
        assert "cannot write --out" in result.err or "is a directory" in result.err
    assert runs(db) == 0


def test_a_failure_while_writing_leaves_no_file_and_records_no_run(cli, db, tmp_path, monkeypatch):
    import partyscreen.report.screening as writers

    path = tmp_path / "in.csv"
    path.write_text("name\nListed Parent Company\n", encoding="utf-8")
    out = tmp_path / "hits.csv"
    out.write_text("the previous report\n", encoding="utf-8")

    def broken(report, fh):  # writes part of the report, then fails like a full disk would
        fh.write("row,subject_id\n2,")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writers, "write_csv_report", broken)
    result = cli("--db", db, "screen", path, *AS_OF, "--out", out)
    assert result.code == 3
    assert out.read_text(encoding="utf-8") == "the previous report\n"
    assert [p.name for p in tmp_path.iterdir() if "hits.csv" in p.name] == ["hits.csv"]  # no partial file left
    assert runs(db) == 0


def test_a_complete_report_replaces_the_file_and_records_the_run(cli, db, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("name\nListed Parent Company\n", encoding="utf-8")
    out = tmp_path / "hits.html"
    out.write_text("old", encoding="utf-8")
    assert cli("--db", db, "screen", path, *AS_OF, "--out", out).code == 1
    assert "Listed Parent Co" in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []
    assert runs(db) == 1


def test_affiliates_output_is_checked_first_and_written_whole(cli, db, tmp_path):
    bad = cli("--db", db, "affiliates", *AS_OF, "--out", tmp_path / "missing" / "a.csv")
    assert bad.code == 2 and "folder" in bad.err and "does not exist" in bad.err
    assert cli("--db", db, "affiliates", *AS_OF, "--out", tmp_path / "a.pdf").code == 2
    assert cli("--db", db, "affiliates", *AS_OF, "--out", tmp_path / "a.json").code == 0
    rows = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert {"X", "A"} <= {r["entity_id"] for r in rows}


# --- numbers, index, limits, arguments ----------------------------------------------------------


def test_scores_are_numbers_in_json_and_xlsx_and_plain_in_csv(cli, db, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("id,name\nc1,Listed Parent Company\n", encoding="utf-8")
    _, report = screen_json(cli, db, path)
    score = report["hits"][0]["score"]
    assert isinstance(score, float) and 0 < score <= 100
    assert cli("--db", db, "screen", path, *AS_OF, "--out", tmp_path / "r.xlsx").code == 1
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["hits"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("score") + 1).value
    assert isinstance(cell, (int, float)) and not isinstance(cell, bool) and cell == score
    csv_out = cli("--db", db, "screen", path, *AS_OF)
    assert f",{score}," in csv_out.out.splitlines()[1]


def test_screen_frame_keeps_the_callers_index(db):
    frame = pd.DataFrame(
        {"name": ["Harmless Trading GmbH", "Listed Parent Company", "上市母公司"]},
        index=pd.Index(["k-1", "k-2", "k-3"], name="customer"),
    )
    hits = Screener.open(db, as_of="2026-01-01").screen_frame(frame, record=False)
    assert list(hits.index) == ["k-2", "k-3"] and hits.index.name == "customer"
    assert hits["score"].dtype == "float64"
    joined = frame.join(hits[["entity_id"]])
    assert joined.loc["k-2", "entity_id"] == "X" and pd.isna(joined.loc["k-1", "entity_id"])


def test_a_name_over_the_limit_is_a_row_error_not_a_stall(cli, db, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(f"id,name\nc1,{'A' * 5_000_000}\nc2,Listed Parent Company\n", encoding="utf-8")
    result, report = screen_json(cli, db, path)
    assert result.code == 1
    assert "row 2: name is 5,000,000 characters long, over the 1,000-character limit" in result.err
    assert [s["status"] for s in report["subjects"]] == ["error", "hit"]
    assert len(report["subjects"][0]["name"]) == 1_000
    with pytest.raises(UsageError, match="1,000-character limit"):
        Screener.open(db).screen_name("B" * 1_001)


def test_screener_open_checks_its_arguments_at_once(db):
    assert Screener.open(db, as_of="2026-01-01").as_of == date(2026, 1, 1)
    assert Screener.open(db, as_of=date(2025, 5, 1), lists="cn-mofcom-export-control").as_of == date(2025, 5, 1)
    for options, words in [
        ({"as_of": 20260101}, "as_of: expected a date"),
        ({"as_of": "01/02/2026"}, "not a date in the form YYYY-MM-DD"),
        ({"min_score": "high"}, "min_score"),
        ({"min_score": 101}, "min_score"),
        ({"lists": 7}, "lists"),
        ({"stale_days": -1}, "stale_days"),
        ({"policy": 3}, "policy"),
    ]:
        with pytest.raises(UsageError, match=words):
            Screener.open(db, **options)
    with pytest.raises(UsageError, match="URL or a SQLAlchemy Engine"):
        Screener.open(42)


def test_policy_file_errors_say_what_did_not_happen(cli, db, tmp_path):
    policy = tmp_path / "p.toml"
    policy.write_text("[policy.mine]\nthreshold = 'lots'\nlists = ['x']\n", encoding="utf-8")
    path = tmp_path / "in.csv"
    path.write_text("name\nAcme\n", encoding="utf-8")
    result = cli("--db", db, "screen", path, "--policy-file", policy, "--policy", "mine")
    assert result.code == 2 and "policy.mine.threshold" in result.err
    assert "Nothing was imported" not in result.err and "nothing was done" in result.err


def test_blank_lines_keep_their_row_numbers_and_the_encoding_is_in_the_summary(cli, db, tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_bytes("id,name\nc0,Härmless Trading GmbH\n\n,\nc1,Listed Parent Company\n".encode("cp1252"))
    result, report = screen_json(cli, db, path)
    assert result.code == 1
    assert [(h["row"], h["subject_id"]) for h in report["hits"]] == [(5, "c1")]
    assert [s["row"] for s in report["subjects"]] == [2, 5]
    assert report["summary"]["input_encoding"] == "cp1252 (detected)"
