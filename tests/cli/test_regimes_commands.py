"""``partyscreen regimes show|import``: the timeline as data a user can extend."""

from __future__ import annotations

import json

HEADER = "regime,article,status,start_date,end_date,reading,announcement,reference,announced_on,url,note\n"


def test_show_after_lists_update_gives_facts_states_and_readings(cli, db_url):
    assert cli("--db", db_url, "init").code == 0
    assert cli("--db", db_url, "lists", "update").code == 0
    shown = cli("--db", db_url, "regimes", "show", "--as-of", "2026-03-01")
    assert shown.code == 0
    assert "suspended 2025-11-07 – 2026-11-10 (No. 70 of 2025)" in shown.out
    assert "Art. II: suspended until 2026-11-10 (No. 70 of 2025)" in shown.out
    assert "reading zh (applied)" in shown.out and "[reading en — not applied]" in shown.out
    later = cli("--db", db_url, "regimes", "show", "--as-of", "2026-11-11", "--format", "json")
    data = json.loads(later.out)
    assert data[0]["states"][0] == {
        "regime": "cn-mofcom-61", "article": "II", "as_of": "2026-11-11", "status": "unknown", "since": "2025-11-07",
        "until": "2026-11-10", "reading": "zh", "announcement": "No. 70 of 2025", "url": "",
    }
    assert "Warning: status of Announcement 61 after 2026-11-10 unknown" in later.err
    english = cli("--db", db_url, "regimes", "show", "--as-of", "2025-10-20", "--reading", "en")
    assert "Art. II: not_in_force from 2025-12-01" in english.out


def test_import_adds_a_later_fact_and_rejects_bad_rows_whole(cli, db_url, tmp_path):
    assert cli("--db", db_url, "init").code == 0
    assert cli("--db", db_url, "lists", "update").code == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER
        + "cn-mofcom-61,,suspended,2026-11-11,2027-11-10,,No. 99 of 2026,,,,\n"
        + "cn-mofcom-61,,paused,2026-11-11,,,,,,,\n"
        + "cn-mofcom-61,II,in_force,2027-01-01,2026-01-01,xx,,,,,\n",
        encoding="utf-8",
    )
    result = cli("--db", db_url, "regimes", "import", bad)
    assert result.code == 2
    assert "bad.csv, row 3, field status: 'paused' is not one of: in_force, suspended, ended" in result.err
    assert "row 4, field end_date: is before start_date" in result.err
    assert "row 4, field reading: 'xx' is not a reading of cn-mofcom-61 (en, zh)" in result.err
    assert "No. 99" not in cli("--db", db_url, "regimes", "show").out  # nothing imported
    good = tmp_path / "ext.csv"
    good.write_text(HEADER + "cn-mofcom-61,,suspended,2026-11-11,2027-11-10,,No. 99 of 2026,,2026-11-09,,extended\n", encoding="utf-8")
    first = cli("--db", db_url, "regimes", "import", good)
    assert first.code == 0 and "1 new, 0 updated, 0 unchanged" in first.err
    assert "1 new" not in cli("--db", db_url, "regimes", "import", good).err  # idempotent
    shown = cli("--db", db_url, "regimes", "show", "--as-of", "2026-11-29")
    assert "Art. II: suspended until 2027-11-10 (No. 99 of 2026)" in shown.out and "[ext.csv]" in shown.out
    assert "Warning" not in shown.err


def test_show_on_a_database_without_facts_says_how_to_load_them(cli, db_url):
    assert cli("--db", db_url, "init").code == 0
    result = cli("--db", db_url, "regimes", "show")
    assert result.code == 2 and "run `partyscreen lists update`" in result.err
