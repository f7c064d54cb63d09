"""A hit's identity survives a link (QA, issues 13/14), on both engines.

Found by QA: after ``link accept`` the monitor reported the linked party's hits ``cleared`` ("no
longer a listed party or affiliate") and ``new`` on the registry entity, and the analysts'
false-positive decisions on them were lost. The same subject against the same listed party is
the same hit: ``changed`` (the ``party`` / ``path`` change says which link), carrying the earlier
decision; unlinking brings back the state the decision was made on (``suppressed`` again); and a
``--full`` run finds what the incremental run found.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from partyscreen.cli import run

from tests.monitor.test_scenario import current_hits, monitor

LIST = "cn-mofcom-export-control"
HEADER = "list_id,entry_id,name,aliases,name_zh,kind,country,address,listed_on,delisted_on,reference,url,entity_id\n"


@pytest.fixture
def linked_setup(db_url: str, tmp_path: Path) -> tuple[str, Path]:
    """One list entry with a placeholder entity holding 60% of Davis, a registry entity to link it to,
    and four customers (two hit: the entry's name and Davis)."""
    (tmp_path / "list.csv").write_text(
        HEADER + f"{LIST},E-1,Reghold Group China,,,organization,CN,,2025-01-02,,ref-1,,\n"
        "cn-mofcom-watch,W-9,Quirvalsel Plonod Trading,,,organization,CN,,2025-01-02,,ref-2,,\n", encoding="utf-8")
    (tmp_path / "entities.csv").write_text(
        "id,name,kind,country,aliases,identifiers,address\n"
        "lei:R1,Registry Holdings Corporation,organization,US,,,\n"
        "qa:davis,Davis Precision Components Ltd,organization,GB,,,\n", encoding="utf-8")
    (tmp_path / "holdings.csv").write_text(
        "owner_id,owned_id,relation,share,share_min,share_max,start_date,end_date,source\n"
        f"{LIST}:E-1,qa:davis,shareholding,60,,,2020-01-01,,qa\n", encoding="utf-8")
    assert run(["--db", db_url, "init"]) == 0
    assert run(["--db", db_url, "ownership", "import", str(tmp_path / "entities.csv")]) == 0
    assert run(["--db", db_url, "lists", "import", str(tmp_path / "list.csv")]) == 0
    assert run(["--db", db_url, "ownership", "import", str(tmp_path / "holdings.csv")]) == 0
    customers = tmp_path / "customers.csv"
    customers.write_text("customer_no,name,country\nk1,Reghold Group China,CN\nk2,Davis Precision Components Ltd,GB\n"
                         "k3,Acme Bakery Ltd,GB\nk4,Wobble Fen Oy,FI\n", encoding="utf-8")
    return db_url, customers


def _hits(report: dict) -> dict[str, dict]:
    return {h["subject_id"]: h for h in report["hits"]}


def _link(db: str, verdict: str) -> None:
    assert run(["--db", db, "link", verdict, f"{LIST}:E-1", "lei:R1", "--by", "qa-anna", "--reason", verdict]) == 0


def test_accepting_and_rejecting_a_link_keeps_hits_and_their_decisions(linked_setup, tmp_path, capsys):
    db, customers = linked_setup
    code, first = monitor(db, customers, tmp_path / "r1.json")
    assert code == 1 and first["counts"]["new"] == 2
    assert {s: h["entity_id"] for s, h in _hits(first).items()} == {"k1": f"{LIST}:E-1", "k2": "qa:davis"}
    decisions = {}
    for subject, hit in _hits(first).items():
        assert run(["--db", db, "review", "decide", str(hit["hit_id"]), "--verdict", "false_positive",
                    "--reason", f"not {subject}", "--by", "ann"]) == 0
    capsys.readouterr()
    code, second = monitor(db, customers, tmp_path / "r2.json")
    assert code == 0 and second["counts"]["suppressed"] == 2
    decisions = {s: h["decision"]["decision_id"] for s, h in _hits(second).items()}

    _link(db, "accept")
    code, third = monitor(db, customers, tmp_path / "r3.json")
    assert code == 1
    assert third["counts"]["new"] == third["counts"]["cleared"] == 0 and third["counts"]["changed"] == 2
    hits = _hits(third)
    assert hits["k1"]["entity_id"] == "lei:R1" and hits["k1"]["status"] == "changed"
    party = next(c for c in hits["k1"]["changes"] if c["field"] == "party")
    assert party["before"] == f"Reghold Group China [{LIST}:E-1]"
    assert party["after"].startswith("Registry Holdings Corporation [lei:R1] (one party by accepted link: ")
    assert "accepted by qa-anna" in party["after"]
    assert hits["k2"]["entity_id"] == "qa:davis" and hits["k2"]["status"] == "changed"
    assert {"field": "path", "before": f"{LIST}:E-1 -60%-> qa:davis", "after": "lei:R1 -60%-> qa:davis"} in hits["k2"]["changes"]
    assert {s: h["decision"]["decision_id"] for s, h in hits.items()} == decisions  # carried, not lost
    assert all(h["decision"]["verdict"] == "false_positive" for h in hits.values())

    # the next runs (incremental, then full) keep the decision and agree
    code, fourth = monitor(db, customers, tmp_path / "r4.json")
    assert code == 0 and fourth["counts"]["unchanged"] == 2
    code, full = monitor(db, customers, tmp_path / "r4f.json", "--full")
    assert code == 0 and full["counts"]["unchanged"] == 2 and current_hits(db, full["run_id"]) == current_hits(db, third["run_id"])
    capsys.readouterr()
    assert run(["--db", db, "review", "list", "--format", "json"]) == 0
    listed = {h["subject_id"]: h for h in json.loads(capsys.readouterr().out)}
    assert {s: (h["entity_id"], h["decision"]["decision_id"]) for s, h in listed.items()} == {
        "k1": ("lei:R1", decisions["k1"]), "k2": ("qa:davis", decisions["k2"])}

    # unlinking: the state the decisions were made on is back
    _link(db, "reject")
    code, fifth = monitor(db, customers, tmp_path / "r5.json")
    assert code == 0 and fifth["counts"]["suppressed"] == 2
    assert {s: h["entity_id"] for s, h in _hits(fifth).items()} == {"k1": f"{LIST}:E-1", "k2": "qa:davis"}
    assert {s: h["decision"]["decision_id"] for s, h in _hits(fifth).items()} == decisions
