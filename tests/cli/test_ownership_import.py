"""``ownership import`` for register formats from the command line: exit codes and messages."""

from __future__ import annotations

import json
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "ownership"


def test_register_files_import_and_reimport_unchanged(cli, db_url):
    assert cli("--db", db_url, "init").code == 0
    files = [SAMPLES / "gleif" / "lei-data.json", SAMPLES / "gleif" / "rr-updates-data2.json", SAMPLES / "uk_psc" / "psc-data-8.json"]
    first = cli("--db", db_url, "ownership", "import", *files)
    assert first.code == 0, first.err
    assert "IS_ULTIMATELY_CONSOLIDATED_BY record(s), derived from the direct ones, not imported" in first.err
    again = cli("--db", db_url, "ownership", "import", *files)
    assert again.code == 0 and again.err.count(" 0 new, 0 updated") == 3


def test_bad_record_exits_2_and_writes_nothing(cli, db_url, tmp_path):
    assert cli("--db", db_url, "init").code == 0
    good = SAMPLES / "gleif" / "lei-data.json"
    bad = tmp_path / "psc.jsonl"
    bad.write_text(json.dumps({"company_number": "1", "data": {"kind": "individual-person-with-significant-control",
                                                               "name": "X", "natures_of_control": ["nope"],
                                                               "links": {"self": "/x"}}}) + "\n")
    result = cli("--db", db_url, "ownership", "import", good, bad)
    assert result.code == 2
    assert f"{bad}, line 1, field data.natures_of_control[0]: 'nope' is not a known nature of control" in result.err
    stats = cli("--db", db_url, "stats", "--format", "json")
    assert stats.code == 0 and json.loads(stats.out)["entities"] == 0


def test_gleif_consolidation_without_quantifier_is_possible_under_ownership_only_policies(cli, db_url, tmp_path):
    import csv
    import io

    assert cli("--db", db_url, "init").code == 0
    parent, child = "AAAAAAAAAAAAAAAAAA11", "BBBBBBBBBBBBBBBBBB22"
    rr = [{"Relationship": {"StartNode": {"NodeID": child, "NodeIDType": "LEI"}, "EndNode": {"NodeID": parent, "NodeIDType": "LEI"},
                            "RelationshipType": "IS_DIRECTLY_CONSOLIDATED_BY", "RelationshipStatus": "ACTIVE"},
           "Registration": {"RegistrationStatus": "PUBLISHED"}}]
    (tmp_path / "rr.json").write_text(json.dumps(rr))
    assert cli("--db", db_url, "ownership", "import", tmp_path / "rr.json").code == 0
    (tmp_path / "list.csv").write_text(f"list_id,entry_id,name,entity_id\nmy-list,1,Parent Co,lei:{parent}\n")
    assert cli("--db", db_url, "lists", "import", tmp_path / "list.csv").code == 0

    def status(policy):
        out = cli("--db", db_url, "affiliates", "--policy", policy, "--lists", "my-list", "--format", "csv").out
        return {r["entity_id"]: (r["status"], r["reasons"]) for r in csv.DictReader(io.StringIO(out))}[f"lei:{child}"]

    assert status("mofcom-61") == ("possible_affiliate", "control")  # ownership only: never certain
    assert status("ofac") == ("possible_affiliate", "control")
    assert status("eu")[0] == "affiliate"  # control counts
