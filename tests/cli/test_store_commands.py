"""init, stats, ownership import and lists import from the command line, on both engines."""

import json
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REPO_LISTS = Path(__file__).resolve().parents[2] / "lists"


@pytest.fixture
def sample(tmp_path):
    """The small ownership sample and list in tests/fixtures/store, copied to tmp_path."""
    for name in ("entities.csv", "holdings.csv", "list.csv"):
        shutil.copy(FIXTURES / "store" / name, tmp_path / name)
    return tmp_path


def stats(cli, db_url):
    result = cli("--db", db_url, "stats", "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_commands_refuse_an_uninitialised_database(cli, db_url):
    result = cli("--db", db_url, "stats")
    assert result.code == 2
    assert "run `partyscreen init` first" in result.err


def test_init_import_twice_gives_the_same_stats(cli, db_url, sample):
    assert cli("--db", db_url, "init").code == 0
    assert cli("--db", db_url, "init").code == 0  # idempotent
    first = cli("--db", db_url, "ownership", "import", sample / "entities.csv", sample / "holdings.csv")
    assert first.code == 0, first.err
    assert cli("--db", db_url, "lists", "import", sample / "list.csv").code == 0
    after_one = stats(cli, db_url)
    assert after_one == {
        "entities": 9, "names": 16, "identifiers": 3, "holdings": 7, "lists": 1, "entries": 3, "measures": 0,
        "affiliations": 0, "screenings": 0, "hits": 0, "decisions": 0, "links": 0, "exceptions": 0,
        "monitor_runs": 0, "monitor_subjects": 0,
    }
    assert cli("--db", db_url, "ownership", "import", "--entities", sample / "entities.csv").code == 0
    assert cli("--db", db_url, "ownership", "import", "--holdings", sample / "holdings.csv").code == 0
    again = cli("--db", db_url, "lists", "import", sample / "list.csv")
    assert "0 new, 0 updated, 3 unchanged" in again.err
    assert stats(cli, db_url) == after_one


def test_one_bad_row_among_ten_thousand_writes_nothing(cli, db_url, tmp_path):
    assert cli("--db", db_url, "init").code == 0
    entities = ["id,name,country"] + [f"E{i},Company {i} Ltd,CN" for i in range(10_000)]
    holdings = ["owner_id,owned_id,share"] + [f"E{i},E{i + 1},{(i % 100) + 0.5}" for i in range(9_999)]
    holdings[7_778] = "E7777,E7778,150"  # row 7,779 of the file (header is row 1)
    (tmp_path / "e.csv").write_text("\n".join(entities) + "\n")
    (tmp_path / "h.csv").write_text("\n".join(holdings) + "\n")
    before = stats(cli, db_url)
    result = cli("--db", db_url, "ownership", "import", tmp_path / "e.csv", tmp_path / "h.csv")
    assert result.code == 2
    assert "h.csv, row 7779, field share: '150' is outside [0, 100]" in result.err
    assert "Nothing was imported." in result.err
    assert stats(cli, db_url) == before


def test_missing_file_and_missing_arguments_are_usage_errors(cli, db_url, tmp_path):
    assert cli("--db", db_url, "init").code == 0
    missing = cli("--db", db_url, "ownership", "import", tmp_path / "nope.csv")
    assert missing.code == 2 and "file not found" in missing.err
    nothing = cli("--db", db_url, "ownership", "import")
    assert nothing.code == 2 and "nothing to import" in nothing.err
    unknown = cli("--db", db_url, "frobnicate")
    assert unknown.code == 2


def test_lists_import_with_list_option_and_measures_detection(cli, db_url, tmp_path):
    assert cli("--db", db_url, "init").code == 0
    (tmp_path / "mine.csv").write_text("entry_id,name,reference\n1,Acme Ltd,memo-7\n", encoding="utf-8")
    assert cli("--db", db_url, "lists", "import", tmp_path / "mine.csv", "--list", "internal").code == 0
    (tmp_path / "m.csv").write_text("list_id,reference,status,start_date\ninternal,memo-7,ended,2026-01-01\n")
    result = cli("--db", db_url, "lists", "import", tmp_path / "m.csv")
    assert result.code == 0, result.err
    assert stats(cli, db_url)["measures"] == 1


def test_lists_update_loads_the_bundled_lists_idempotently(cli, db_url):
    assert cli("--db", db_url, "init").code == 0
    result = cli("--db", db_url, "lists", "update")
    assert result.code == 0, result.err
    first = stats(cli, db_url)
    bundled_rows = sum(
        len(p.read_text(encoding="utf-8").splitlines()) - 1 for p in REPO_LISTS.glob("*.csv") if p.name not in ("measures.csv", "regimes.csv", "former-ids.csv")
    )
    assert first["entries"] == bundled_rows
    assert first["lists"] >= 3 and first["measures"] > 0
    assert cli("--db", db_url, "lists", "update").code == 0
    assert stats(cli, db_url) == first


def test_gb18030_file_from_the_command_line(cli, db_url, tmp_path):
    assert cli("--db", db_url, "init").code == 0
    (tmp_path / "e.csv").write_bytes("id,name\nC1,中国航天科技集团有限公司\n".encode("gb18030"))
    result = cli("--db", db_url, "ownership", "import", "--entities", tmp_path / "e.csv")
    assert result.code == 0 and "[gb18030]" in result.err


def test_full_measures_import_prints_its_removals(cli, db_url, tmp_path):
    assert cli("--db", db_url, "init").code == 0
    (tmp_path / "mine.csv").write_text("entry_id,name,reference\n1,Acme Ltd,memo-7\n2,Beta Ltd,memo-8\n", encoding="utf-8")
    assert cli("--db", db_url, "lists", "import", tmp_path / "mine.csv", "--list", "internal").code == 0
    header = "list_id,reference,status,start_date\n"
    (tmp_path / "m.csv").write_text(header + "internal,memo-7,ended,2026-01-01\ninternal,memo-8,ended,2026-02-01\n")
    assert cli("--db", db_url, "lists", "import", tmp_path / "m.csv", "--format", "measures").code == 0
    (tmp_path / "m.csv").write_text(header + "internal,memo-7,ended,2026-01-01\n")
    result = cli("--db", db_url, "lists", "import", tmp_path / "m.csv", "--format", "measures")
    assert result.code == 0, result.err
    assert "0 new, 0 updated, 1 unchanged, 1 removed" in result.err
    assert "Warning:" in result.err and "1 measure(s) of the lists it names are not in the file and were removed" in result.err
    assert "memo-8" in result.err
    assert stats(cli, db_url)["measures"] == 1
