"""lists import (every format, guessed), lists show and lists diff from the command line, on both engines."""

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HEADER = "list_id,entry_id,name,aliases,name_zh,kind,country,address,listed_on,delisted_on,reference,url,entity_id\n"


@pytest.fixture
def db(cli, db_url):
    assert cli("--db", db_url, "init").code == 0
    return db_url


def copy_ofac(tmp_path: Path) -> Path:
    folder = tmp_path / "ofac"
    folder.mkdir()
    for name in ("sdn.csv", "alt.csv", "add.csv"):
        shutil.copy(FIXTURES / "ofac" / name, folder / name)
    return folder / "sdn.csv"


@pytest.mark.parametrize(
    ("path", "fmt", "lists", "options"),
    [
        ("csl/consolidated.csv", "csl", {"us-bis-entity", "us-bis-meu", "us-bis-dpl", "us-bis-uvl", "us-ofac-sdn", "us-state-isn", "us-csl-frx"}, []),
        ("ftm/entities.ftm.json", "ftm", {"opensanctions"}, []),
        ("store/list.csv", "csv", None, ["--create-missing"]),
    ],
)
def test_import_guesses_the_format(cli, db, path, fmt, lists, options):
    result = cli("--db", db, "lists", "import", FIXTURES / path, *options)
    assert result.code == 0, result.err
    assert f"format {fmt}" in result.err
    shown = json.loads(cli("--db", db, "lists", "show", "--format", "json").out)
    if lists is not None:
        assert set(shown) == lists


def test_ofac_import_reports_orphans_and_versions(cli, db, tmp_path):
    sdn = copy_ofac(tmp_path)
    result = cli("--db", db, "lists", "import", sdn, "--as-of", "2024-05-03")
    assert result.code == 0, result.err
    assert "format ofac" in result.err and "orphan row(s)" in result.err
    assert "us-ofac-sdn: 207 entries as of 2024-05-03 (given); 207 added, 0 changed, 0 removed" in result.err
    again = cli("--db", db, "lists", "import", sdn, "--as-of", "2024-05-03")
    assert "0 new, 0 updated, 207 unchanged" in again.err and "0 added, 0 changed, 0 removed" in again.err
    partial = cli("--db", db, "lists", "import", sdn, "--partial")
    assert partial.code == 2 and "--partial does not apply" in partial.err


def test_show_lists_and_one_list(cli, db, tmp_path):
    (tmp_path / "l.csv").write_text(
        HEADER
        + "w,1,Alpha Ltd,,阿尔法有限公司,organization,CN,,2025-01-02,,No. 1,,\n"
        + "w,2,Beta Ltd,,,organization,CN,,2025-03-04,,No. 13,,\n",
        encoding="utf-8",
    )
    (tmp_path / "m.csv").write_text(
        "list_id,reference,entry_id,status,start_date,end_date\nw,No. 13,,ended,2025-11-10,\n", encoding="utf-8"
    )
    assert cli("--db", db, "lists", "import", tmp_path / "l.csv").code == 0
    assert cli("--db", db, "lists", "import", tmp_path / "m.csv").code == 0
    overview = cli("--db", db, "lists", "show")
    assert overview.code == 0
    line = next(l for l in overview.out.splitlines() if l.startswith("w "))
    assert line.split()[:5] == ["w", "2", "2", "2025-03-04", "source"]  # list, entries, unlinked, as_of, basis
    one = cli("--db", db, "lists", "show", "w", "--on", "2026-01-01")
    assert one.code == 0, one.err
    body = [l.split("\t") for l in one.out.splitlines()]
    assert body[0] == ["entry_id", "name", "name_zh", "listed_on", "reference", "state_2026-01-01"]
    assert body[1:] == [
        ["1", "Alpha Ltd", "阿尔法有限公司", "2025-01-02", "No. 1", "listed"],
        ["2", "Beta Ltd", "", "2025-03-04", "No. 13", "ended"],
    ]
    before = cli("--db", db, "lists", "show", "w", "--on", "2025-06-01", "--format", "json")
    assert [e["state"] for e in json.loads(before.out)] == ["listed", "listed"]
    early = cli("--db", db, "lists", "show", "w", "--on", "2025-02-01", "--format", "json")
    assert [e["state"] for e in json.loads(early.out)] == ["listed", "not listed yet"]
    missing = cli("--db", db, "lists", "show", "nope")
    assert missing.code == 2 and "no list 'nope' is loaded" in missing.err


def test_diff_between_batches_since_and_default(cli, db, tmp_path):
    (tmp_path / "v1.csv").write_text(HEADER + "w,1,Alpha Ltd,,,,,,,,,,\nw,2,Beta Ltd,,,,,,,,,,\n", encoding="utf-8")
    (tmp_path / "v2.csv").write_text(HEADER + "w,1,Alpha Limited,,,,,,,,,,\nw,3,Gamma Ltd,,,,,,,,,,\n", encoding="utf-8")
    assert cli("--db", db, "lists", "import", tmp_path / "v1.csv").code == 0
    assert cli("--db", db, "lists", "import", tmp_path / "v2.csv").code == 0
    batches = json.loads(cli("--db", db, "stats", "--imports", "--format", "json").out)["imports"]
    first, second = sorted(b["id"] for b in batches)
    expected = ["+ w 3 Gamma Ltd", "- w 2 Beta Ltd", "~ w 1 Alpha Limited", "    name: 'Alpha Ltd' -> 'Alpha Limited'"]
    by_batch = cli("--db", db, "lists", "diff", "--batch", first, "--batch", second)
    assert by_batch.code == 0, by_batch.err
    assert by_batch.out.splitlines() == expected
    assert "1 added, 1 removed, 1 changed" in by_batch.err
    assert cli("--db", db, "lists", "diff").out.splitlines() == expected
    assert cli("--db", db, "lists", "diff", "--list", "w").out.splitlines() == expected
    assert cli("--db", db, "lists", "diff", "--list", "other").out == ""
    since = cli("--db", db, "lists", "diff", "--since", date.today().isoformat())
    assert since.out.splitlines()[:2] == ["+ w 1 Alpha Limited", "+ w 3 Gamma Ltd"]
    as_json = json.loads(cli("--db", db, "lists", "diff", "--batch", first, "--batch", second, "--format", "json").out)
    assert [(e["change"], e["entry_id"]) for e in as_json["entries"]] == [("added", "3"), ("removed", "2"), ("changed", "1")]


def test_diff_usage_errors(cli, db):
    one = cli("--db", db, "lists", "diff", "--batch", "1")
    assert one.code == 2 and "exactly two batch numbers" in one.err
    both = cli("--db", db, "lists", "diff", "--batch", "1", "--batch", "2", "--since", "2026-01-01")
    assert both.code == 2 and "not both" in both.err


def _bundled_copy(tmp_path: Path, name: str) -> Path:
    from partyscreen.store.bundled import bundled_lists_dir

    folder = tmp_path / name
    shutil.copytree(bundled_lists_dir(), folder, ignore=shutil.ignore_patterns("*.py", "*.md", "sources", "__pycache__"))
    return folder


def _lines(text: str) -> list[str]:
    return text.splitlines()


def test_diff_after_update_covers_every_batch_of_the_update(cli, db, tmp_path):
    first = cli("--db", db, "lists", "update")
    assert first.code == 0, first.err
    diff = cli("--db", db, "lists", "diff")
    assert diff.code == 0
    assert "275 added, 0 removed, 0 changed" in diff.err  # the three lists, not only the measures batch
    added = [line.split()[1] for line in _lines(diff.out) if line.startswith("+ ")]
    assert {l: added.count(l) for l in set(added)} == {"cn-mofcom-export-control": 153, "cn-mofcom-watch": 40, "cn-unreliable-entity": 82}
    newer = _bundled_copy(tmp_path, "newer")
    watch = newer / "cn-mofcom-watch.csv"
    kept = [line for line in watch.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith("cn-mofcom-watch,20260224-01,")]
    watch.write_text("".join(kept), encoding="utf-8")
    unreliable = newer / "cn-unreliable-entity.csv"
    unreliable.write_text(unreliable.read_text(encoding="utf-8").replace("Skydio", "Skydio (renamed)", 1), encoding="utf-8")
    measures = newer / "measures.csv"
    measures.write_text(measures.read_text(encoding="utf-8").replace("2025-11-10,,2025-11-05", "2025-11-11,,2025-11-05", 1), encoding="utf-8")
    assert cli("--db", db, "lists", "update", "--dir", newer).code == 0
    diff = cli("--db", db, "lists", "diff")
    changes = [line for line in _lines(diff.out) if not line.startswith("    ")]
    assert "- cn-mofcom-watch 20260224-01 SUBARU Corporation" in changes
    assert any(line.startswith("~ cn-unreliable-entity ") and "Skydio (renamed)" in line for line in changes)
    assert "0 added, 1 removed, " in diff.err
    measure_changes = [line for line in changes if line.startswith("~ cn-mofcom-export-control ")]
    assert len(measure_changes) == 15  # the measures file's ended date moved for the 15 entries of 2025 No. 13
    assert "    measures: 'ended 2025-11-10 to open' -> 'ended 2025-11-11 to open'" in _lines(diff.out)


def test_diff_since_a_day_covers_the_imports_from_that_day_on(cli, db, db_url, tmp_path):
    import sqlalchemy as sa

    from partyscreen.store.db import create_db_engine

    assert cli("--db", db, "lists", "update").code == 0
    engine = create_db_engine(db_url)
    with engine.begin() as conn:  # the first update ran two days ago
        conn.execute(sa.text("UPDATE import_batch SET started_at = :t"), {"t": "2020-01-01 10:00:00+00:00"})
    engine.dispose()
    newer = _bundled_copy(tmp_path, "newer")
    watch = newer / "cn-mofcom-watch.csv"
    watch.write_text(watch.read_text(encoding="utf-8").replace("SUBARU Corporation", "SUBARU Corp.", 1), encoding="utf-8")
    assert cli("--db", db, "lists", "update", "--dir", newer).code == 0
    since = cli("--db", db, "lists", "diff", "--since", "2020-01-02")
    assert since.code == 0
    assert [line for line in _lines(since.out) if not line.startswith("    ")] == ["~ cn-mofcom-watch 20260224-01 SUBARU Corp."]
    everything = cli("--db", db, "lists", "diff", "--since", "2020-01-01")
    assert "275 added, 0 removed, 0 changed" in everything.err
