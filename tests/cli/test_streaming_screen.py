"""`screen` reads its input and writes its output chunk by chunk, on SQLite and PostgreSQL (issue 15):
several chunks give the same report as one, every input format streams, a chunk never holds more
than its rows, the JSON report is what ``json.dump`` would write, and a file that fails in a late
chunk leaves no report and no run."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from partyscreen.report.screening import write_json_report, json_hit, subject_rows, summary
from partyscreen.screening import Screener, inputs
from partyscreen.screening.spool import SpooledReport, SubjectSpool

from tests.cli.helpers import count_rows
AS_OF = ("--as-of", "2026-01-01")
NAMES = ["Listed Parent Company", "Harmless Trading GmbH", "", "Alpha Subsidiary Ltd", "Beta Trading GmbH",
         "Nobody In Particular", "通用动力陆地系统公司", "Listed Parent Company"]


@pytest.fixture
def db(screening_db):
    return screening_db


def runs(db_url: str) -> int:
    return count_rows(db_url, "screening_run")


def write_csv(path: Path) -> Path:
    lines = ["id,name,country"]
    for i, name in enumerate(NAMES):
        lines.append(f"c{i},{name},CN")
        if i == 3:
            lines.append("")  # a blank line keeps its number
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def report_of(cli, db, path, *extra):
    out = path.with_name(path.stem + "-report.json")
    result = cli("--db", db, "screen", path, *AS_OF, "--out", out, *extra)
    assert result.code in (0, 1), result.err
    return json.loads(out.read_text(encoding="utf-8"))


def comparable(report):
    return [(h["row"], h["subject_id"], h["entity_id"], h["basis"]) for h in report["hits"]], report["subjects"]


def test_many_chunks_give_the_report_of_one(cli, db, tmp_path, monkeypatch):
    path = write_csv(tmp_path / "cp.csv")
    whole = report_of(cli, db, path)
    monkeypatch.setattr(inputs, "CHUNK_ROWS", 2)
    chunked = report_of(cli, db, path)
    assert comparable(chunked) == comparable(whole)
    assert [s["row"] for s in whole["subjects"]] == [2, 3, 4, 5, 7, 8, 9, 10]  # the blank line 6 is counted
    assert whole["summary"]["counts"] == chunked["summary"]["counts"]
    assert whole["summary"]["counts"]["errors"] == 1
    assert {h["entity_id"] for h in whole["hits"]} >= {"X", "A"}


def test_matching_sees_one_chunk_at_a_time(cli, db, tmp_path, monkeypatch):
    path = write_csv(tmp_path / "cp.csv")
    sizes: list[int] = []
    original = Screener._match

    def spy(self, subjects, progress=None):
        sizes.append(len(subjects))
        return original(self, subjects, progress)

    monkeypatch.setattr(inputs, "CHUNK_ROWS", 3)
    monkeypatch.setattr(Screener, "_match", spy)
    report_of(cli, db, path)
    assert sizes and max(sizes) <= 3
    assert sum(sizes) == len(NAMES) - 1  # the empty name is not matched


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet", ".xlsx"])
def test_every_input_format_streams_to_the_same_answer(cli, db, tmp_path, monkeypatch, suffix):
    frame = pd.DataFrame({"id": [f"c{i}" for i in range(len(NAMES))], "name": NAMES, "country": ["CN"] * len(NAMES)})
    path = tmp_path / f"cp{suffix}"
    if suffix == ".jsonl":
        with path.open("w", encoding="utf-8") as fh:
            for record in frame.to_dict("records"):
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif suffix == ".parquet":
        frame.to_parquet(path)
    else:
        frame.to_excel(path, index=False)
    whole = report_of(cli, db, path)
    monkeypatch.setattr(inputs, "CHUNK_ROWS", 3)
    chunked = report_of(cli, db, path)
    assert comparable(chunked) == comparable(whole)
    assert [s["name"] for s in whole["subjects"]] == NAMES
    assert [s["row"] for s in whole["subjects"]] == list(range(2, 2 + len(NAMES)))
    assert ("c0", "X") in {(h["subject_id"], h["entity_id"]) for h in whole["hits"]}


def test_xlsx_rows_are_the_sheets_rows_and_numbers_lose_no_digits(cli, db, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "name"])
    sheet.append([1001, "Listed Parent Company"])
    sheet.append([None, None])  # a blank row keeps its number
    sheet.append([1002.0, "Harmless Trading GmbH"])
    book.save(tmp_path / "cp.xlsx")
    report = report_of(cli, db, tmp_path / "cp.xlsx")
    assert [(s["row"], s["subject_id"]) for s in report["subjects"]] == [(2, "1001"), (4, "1002")]


def test_json_lines_with_a_key_met_only_late_still_finds_its_column(cli, db, tmp_path, monkeypatch):
    path = tmp_path / "cp.jsonl"
    lines = [{"name": "Harmless Trading GmbH"}] * 3 + [{"name": "Listed Parent Company", "customer_id": "k9"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    monkeypatch.setattr(inputs, "CHUNK_ROWS", 2)
    report = report_of(cli, db, path)
    assert [(h["row"], h["subject_id"], h["entity_id"]) for h in report["hits"]] == [(5, "k9", "X")]


def test_a_bad_json_line_is_one_line_naming_it(cli, db, tmp_path):
    path = tmp_path / "cp.jsonl"
    path.write_text('{"name": "Listed Parent Company"}\n{"name": \n', encoding="utf-8")
    result = cli("--db", db, "screen", path, *AS_OF, "--out", tmp_path / "r.csv")
    assert result.code == 2
    assert "line 2: not valid JSON" in result.err and "Traceback" not in result.err
    assert not (tmp_path / "r.csv").exists()


def test_an_error_in_a_late_chunk_leaves_no_report_and_no_run(cli, db, tmp_path, monkeypatch):
    path = tmp_path / "cp.csv"
    rows = ["id,name"] + [f"c{i},Listed Parent Company" for i in range(6)] + ['c7,"never closed']
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.setattr(inputs, "CHUNK_ROWS", 2)
    for fmt in ("csv", "json", "xlsx", "html"):
        out = tmp_path / f"r.{fmt}"
        result = cli("--db", db, "screen", path, *AS_OF, "--out", out)
        assert result.code == 2, result.err
        assert "Nothing was screened" in result.err
        assert not out.exists()
        assert not list(tmp_path.glob(".r.*.partial"))
    assert runs(db) == 0


def test_json_report_is_byte_for_byte_what_json_dump_writes(cli, db, tmp_path):
    path = write_csv(tmp_path / "cp.csv")
    screener = Screener.open(db, as_of="2026-01-01")
    for spool in (False, True):
        report = screener.screen_file(path, record=False, spool=spool)
        payload = {
            "summary": summary(report),
            "hits": [json_hit(h) for h in report.hits],
            "subjects": subject_rows(report),
        }
        expected = json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n"
        out = tmp_path / "r.json"
        with out.open("w", encoding="utf-8") as fh:
            write_json_report(report, fh)
        assert out.read_text(encoding="utf-8") == expected
        assert isinstance(report, SpooledReport) is spool
        report.close()
    screener.engine.dispose()


def test_spool_reads_back_what_was_added_and_counts_as_it_goes(tmp_path):
    from partyscreen.screening.hits import Hit, SubjectResult
    from partyscreen.screening.record import input_digest

    def subject(row: int, hits: int, error: str | None = None) -> SubjectResult:
        found = [Hit(f"n{row}", 90.0, "m", "E", "E", "listed", "l", "r", "", "o", True) for _ in range(hits)]
        return SubjectResult(row, f"id{row}", f"n{row}", "CN", "", [], hits=found, error=error)

    batches = [[subject(2, 1), subject(3, 0)], [subject(4, 2), subject(5, 0, "empty name: not screened")]]
    spool = SubjectSpool()
    for batch in batches:
        spool.add(batch)
    everyone = [s for b in batches for s in b]
    assert [s.row for s in spool] == [2, 3, 4, 5]
    assert [len(s.hits) for s in spool] == [1, 0, 2, 0]
    first, second = iter(spool), iter(spool)  # each iteration has its own position
    assert next(first).row == 2 and next(second).row == 2 and next(first).row == 3
    assert len(spool) == 4
    assert spool.digest == input_digest(everyone)
    assert spool.counts["hits"] == 3 and spool.counts["alerts"] == 3 and spool.counts["errors"] == 1
    assert spool.counts["subjects_with_hits"] == 2 and spool.counts["listed"] == 3
    spool.close()


def test_xlsx_report_holds_a_control_character_visibly(cli, db, tmp_path):
    """A control character (which a worksheet cannot hold) in a screened cell no longer ends the
    run with a traceback (openpyxl's IllegalCharacterError): the cell shows ⟨U+0001⟩."""
    path = tmp_path / "cp.csv"
    path.write_text("id,name\nc\x01,Listed Parent Company\n", encoding="utf-8")
    out = tmp_path / "r.xlsx"
    result = cli("--db", db, "screen", path, *AS_OF, "--out", out)
    assert result.code == 1, result.err
    sheet = openpyxl.load_workbook(out)["hits"]
    assert [c.value for c in sheet[2]][1] == "c⟨U+0001⟩"
