"""``partyscreen demo``: real hits with ownership paths from the bundled lists and a generated network."""

import csv
import io
from datetime import date

from partyscreen.demo import run_demo


def test_demo_finds_listed_affiliates_and_possible_affiliates(cli, tmp_path):
    result = cli("demo", "--dir", tmp_path / "demo", "--as-of", "2026-01-01")
    assert result.code == 0, result.err
    assert "Report:" in result.out and "report.html" in result.out
    folder = tmp_path / "demo"
    for name in ("demo.db", "entities.csv", "holdings.csv", "counterparties.csv", "hits.csv", "report.html"):
        assert (folder / name).is_file()
    rows = list(csv.DictReader(io.StringIO((folder / "hits.csv").read_text(encoding="utf-8"))))
    bases = {r["basis"] for r in rows}
    assert bases == {"listed", "affiliate", "possible_affiliate"}
    by_kind = {r["entity_id"].split("-")[-1]: r for r in rows if r["entity_id"].startswith("demo:")}
    assert by_kind["sub"]["path_ids"].endswith("-60%-> " + by_kind["sub"]["entity_id"])
    assert by_kind["sub"]["path"].endswith(f"-60%-> {by_kind['sub']['entity_name']} [{by_kind['sub']['entity_id']}]")
    assert "-51%->" in by_kind["grand"]["path"]
    assert "conservative reading only" in by_kind["joint"]["outcome"]
    assert by_kind["band"]["basis"] == "possible_affiliate"
    assert "-branch->" in by_kind["branch"]["path"]
    assert "minority" not in by_kind  # 20% held by a listed party, 80% by an outsider
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in r["subject_name"]) and r["basis"] == "listed" for r in rows)


def test_demo_is_reproducible(tmp_path):
    first = run_demo(tmp_path / "a", date(2026, 1, 1))
    second = run_demo(tmp_path / "b", date(2026, 1, 1))
    assert (tmp_path / "a" / "holdings.csv").read_bytes() == (tmp_path / "b" / "holdings.csv").read_bytes()
    assert first.report.counts() == second.report.counts()
