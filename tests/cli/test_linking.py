"""Linking list entries to registry entities, and the end-to-end acceptance scenario, on both engines.

Scenario (fixtures in ``tests/fixtures/ownership/e2e``, written for this test): the bundled MOFCOM
lists name "General Dynamics" (entry 2025-No01-01); GLEIF says General Dynamics European Land
Systems GmbH is 100% consolidated by GENERAL DYNAMICS CORPORATION; a BODS register says the
former holds 60% of Land Systems Tooling GmbH. Once the entry is linked to the GLEIF entity,
both subsidiaries are affiliates with paths back to the MOFCOM entry.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import sqlalchemy as sa

from partyscreen.linking import propose_links
from partyscreen.store.db import transaction
from partyscreen.store.importers import import_entities, import_list
from partyscreen.store.links import unlinked_counts

E2E = Path(__file__).resolve().parents[1] / "fixtures" / "ownership" / "e2e"
GD = "lei:9C1X8XOOTYY2FNYTVH06"
GDELS = "lei:5493000GDLS000000001"
TOOLING = "bods:tooling"
ENTRY = "cn-mofcom-export-control:2025-No01-01"


def _rows(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


def test_mofcom_entry_linked_to_gleif_parent_catches_both_subsidiaries(cli, db_url, tmp_path):
    db = ("--db", db_url)
    assert cli(*db, "init").code == 0
    assert cli(*db, "lists", "update").code == 0
    imported = cli(*db, "ownership", "import", E2E / "gleif-l1.json", E2E / "gleif-rr.json", E2E / "gleif-repex.json", E2E / "bods.jsonl")
    assert imported.code == 0, imported.err
    # before linking the engine has nothing to walk from the MOFCOM entry
    before = _rows(cli(*db, "affiliates", "--format", "csv").out)
    assert not {GDELS, TOOLING} & {r["entity_id"] for r in before}

    linked = cli(*db, "link", "--list", "cn-mofcom-export-control")
    assert linked.code == 0, linked.err
    review = cli(*db, "link", "review", "--format", "json")
    queue = json.loads(review.out)
    proposal = next(r for r in queue if r["entity_id"] == GD)
    assert (proposal["list_id"], proposal["entry_id"], proposal["method"]) == ("cn-mofcom-export-control", "2025-No01-01", "name")
    assert proposal["score"] < 95  # "General Dynamics" vs "GENERAL DYNAMICS CORPORATION": for a human
    shown = cli(*db, "lists", "show", "--format", "json")
    unlinked_before = json.loads(shown.out)["cn-mofcom-export-control"]["unlinked"]

    accepted = cli(*db, "link", "accept", "2025-No01-01", GD, "--list", "cn-mofcom-export-control",
                   "--by", "alice", "--reason", "GLEIF record checked: same company")
    assert accepted.code == 0, accepted.err
    assert json.loads(cli(*db, "lists", "show", "--format", "json").out)["cn-mofcom-export-control"]["unlinked"] == unlinked_before - 1

    found = {r["entity_id"]: r for r in _rows(cli(*db, "affiliates", "--format", "csv").out)}
    assert found[GD]["status"] == "listed"
    assert found[GDELS]["status"] == "affiliate" and found[GDELS]["path_ids"] == f"{GD} -100%-> {GDELS}"
    assert found[TOOLING]["status"] == "affiliate"
    assert found[TOOLING]["path_ids"] == f"{GD} -100%-> {GDELS} -60%-> {TOOLING}"
    assert found[TOOLING]["path"].startswith(f"GENERAL DYNAMICS CORPORATION [{GD}] -100%-> ")
    assert found[TOOLING]["roots"].endswith(GD)
    # the listed party's own entity is now the linked one, not a second listed party
    assert ENTRY not in found

    out = tmp_path / "hits.csv"
    screened = cli(*db, "screen", E2E / "counterparties.csv", "--out", out)
    assert screened.code == 1, screened.err
    hits = {r["subject_id"]: r for r in csv.DictReader(out.open(encoding="utf-8-sig"))}
    assert set(hits) == {"c1", "c2"}
    for subject, entity in (("c1", TOOLING), ("c2", GDELS)):
        assert hits[subject]["entity_id"] == entity and hits[subject]["basis"] == "affiliate"
        assert hits[subject]["list_id"] == "cn-mofcom-export-control"
        assert hits[subject]["path_ids"].startswith(f"{GD} -100%-> {GDELS}")

    explained = cli(*db, "explain", TOOLING)
    assert explained.code == 0
    assert (f"link: list entry {ENTRY} (General Dynamics) is {GD}, proposed by name match" in explained.out)
    assert "accepted by alice on " in explained.out and "GLEIF record checked: same company" in explained.out
    parent = cli(*db, "explain", GD)
    assert "parent not reported: NO_KNOWN_PERSON (gleif DIRECT_ACCOUNTING_CONSOLIDATION_PARENT" in parent.out

    # the listed party's Chinese name now screens as the linked entity
    zh = tmp_path / "zh.csv"
    zh.write_text("id,name\nz1,通用动力公司\n", encoding="utf-8")
    assert cli(*db, "screen", zh, "--out", tmp_path / "zh-hits.csv").code == 1
    zh_hits = list(csv.DictReader((tmp_path / "zh-hits.csv").open(encoding="utf-8-sig")))
    assert [h["entity_id"] for h in zh_hits] == [GD]

    # a later import of the register and of the list keeps the link
    assert cli(*db, "ownership", "import", E2E / "gleif-l1.json", E2E / "gleif-rr.json").code == 0
    assert cli(*db, "lists", "update").code == 0
    again = {r["entity_id"]: r for r in _rows(cli(*db, "affiliates", "--format", "csv").out)}
    assert again[TOOLING]["status"] == "affiliate"


def _setup(engine, write, entities: str, entries: str):
    with transaction(engine) as conn:
        import_entities(conn, write("entities.csv", entities))
        import_list(conn, write("list.csv", entries), list_id="test-list")


def _link_rows(engine):
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(
            "SELECT entry_id, entity_id, status, method, decided_by FROM entity_link ORDER BY entry_id, entity_id"))]


def test_identifier_equality_is_decisive_and_auto_accepted(engine, write):
    _setup(
        engine, write,
        "id,name,country,identifiers\nreg-1,Totally Other Name Ltd,GB,uscc:91110000100000000X\nreg-2,Acme Trading Co,CN,\n",
        "entry_id,name,country\n1,Acme Trading Co,CN\n",
    )
    with transaction(engine) as conn:  # the entry's own entity carries the USCC (as an FtM list would give it)
        conn.execute(sa.text("INSERT INTO identifier (entity_id, scheme, value, source) VALUES ('test-list:1', 'uscc', '91110000100000000X', 'list:test-list')"))
    report = propose_links(engine, "test-list", workers=1)
    assert [(p.entity_id, p.method, p.score) for p in report.accepted] == [("reg-1", "identifier", 100.0)]
    # identifier matches come first: the same-named entity is not even proposed
    assert _link_rows(engine) == [("1", "reg-1", "accepted", "identifier", "partyscreen link")]
    with engine.connect() as conn:
        assert unlinked_counts(conn) == {}


def test_name_match_needs_same_country_and_a_single_sure_candidate(engine, write):
    _setup(
        engine, write,
        "id,name,country\nreg-a,Northwind Optics Limited,GB\nreg-b,Southwind Optics Limited,FR\nreg-c,Eastwind Photonics Ltd,DE\n",
        "entry_id,name,country\n1,Northwind Optics Limited,GB\n2,Southwind Optics Limited,DE\n",
    )
    report = propose_links(engine, "test-list", workers=1)
    assert [(p.entry_id, p.entity_id) for p in report.accepted] == [("1", "reg-a")]
    rows = {(r[0], r[1]): r[2] for r in _link_rows(engine)}
    assert rows[("1", "reg-a")] == "accepted"
    assert rows[("2", "reg-b")] == "proposed"  # same name, other country: for review


def test_rejected_pair_is_never_proposed_again(cli, db_url, write):
    db = ("--db", db_url)
    assert cli(*db, "init").code == 0
    assert cli(*db, "ownership", "import", write("e.csv", "id,name,country\nreg-a,Northwind Optics Limited,FR\n")).code == 0
    assert cli(*db, "lists", "import", write("l.csv", "entry_id,name,country\n1,Northwind Optics Limited,GB\n"), "--list", "test-list").code == 0
    assert cli(*db, "link").code == 0
    queued = json.loads(cli(*db, "link", "review", "--format", "json").out)
    assert [(q["entry_id"], q["entity_id"]) for q in queued] == [("1", "reg-a")]
    rejected = cli(*db, "link", "reject", "test-list:1", "reg-a", "--by", "bob", "--reason", "French namesake")
    assert rejected.code == 0, rejected.err
    assert cli(*db, "link").code == 0
    assert json.loads(cli(*db, "link", "review", "--format", "json").out) == []
    missing = cli(*db, "link", "accept", "test-list:9", "reg-a", "--by", "bob", "--reason", "x")
    assert missing.code == 2 and "no list entry 'test-list:9'" in missing.err
    no_reason = cli(*db, "link", "accept", "test-list:1", "reg-a", "--by", "bob")
    assert no_reason.code == 2


def test_every_decision_is_kept(engine, write):
    from partyscreen.linking import decide_link

    _setup(engine, write, "id,name,country\nreg-a,Northwind Optics Limited,GB\nreg-b,Northwind Holdings,GB\n",
           "entry_id,name,country\n1,Northwind Optics,GB\n")
    decide_link(engine, "1", "reg-a", "accepted", "alice", "checked", "test-list")
    decide_link(engine, "1", "reg-a", "rejected", "bob", "wrong company after all", "test-list")
    decide_link(engine, "1", "reg-b", "accepted", "bob", "the holding is the listed party")
    with engine.connect() as conn:
        history = [tuple(r) for r in conn.execute(sa.text(
            "SELECT k.entity_id, d.status, d.decided_by, d.reason FROM link_decision d JOIN entity_link k ON k.id = d.link_id ORDER BY d.id"))]
        kinds = [r[0] for r in conn.execute(sa.text("SELECT kind FROM import_batch ORDER BY id"))]
    assert history == [
        ("reg-a", "accepted", "alice", "checked"),
        ("reg-a", "rejected", "bob", "wrong company after all"),
        ("reg-b", "accepted", "bob", "the holding is the listed party"),
    ]
    assert kinds.count("link") == 3  # each decision invalidates stored affiliation runs


def test_blocking_finds_the_named_entity_among_many_sharing_common_words(engine, write, monkeypatch):
    """A registry where every name shares a common word with the entries: the rare words pick
    the candidates; Chinese names link through their characters; worker processes give the same
    proposals as one process (the registry read in slices by two processes, too)."""
    import partyscreen.linking as linking

    common = ["Alpha", "Systems", "Global"]
    rows = [f"reg-{i:04d},{common[i % 3]} {w} Trading Ltd,GB" for i, w in enumerate(
        f"Filler{n:04d}" for n in range(600))]
    rows += ["reg-x,Quillmore Alpha Systems Ltd,GB", "reg-y,Quillmore Alpha Systems GmbH,DE", "reg-z,华南光电技术有限公司,CN"]
    _setup(engine, write, "id,name,country\n" + "\n".join(rows) + "\n",
           "entry_id,name,country\n1,Quillmore Alpha Systems Limited,GB\n2,Global Alpha Ltd,GB\n3,华南光电技术,CN\n")
    monkeypatch.setattr(linking, "PARALLEL_MIN_TASKS", 1)
    monkeypatch.setattr(linking, "PARALLEL_SCAN_NAMES", 1)  # the registry read in two slices, one by a worker
    parallel = propose_links(engine, "test-list", workers=2)
    links = _link_rows(engine)
    assert ("1", "reg-x", "accepted", "name", "partyscreen link") in links
    assert ("1", "reg-y", "proposed", "name", None) in links  # same name, other country: for review
    assert ("3", "reg-z", "accepted", "name", "partyscreen link") in links
    assert not [r for r in links if r[0] == "2"]  # one word shared with hundreds of names, nothing more: nobody
    with transaction(engine) as conn:
        conn.execute(sa.text("DELETE FROM link_decision"))
        conn.execute(sa.text("DELETE FROM entity_link"))
    serial = propose_links(engine, "test-list", workers=1)
    assert _link_rows(engine) == links
    assert [(p.entry_id, p.entity_id, p.score) for p in serial.accepted] == [(p.entry_id, p.entity_id, p.score) for p in parallel.accepted]


def test_deleting_a_linked_entity_keeps_its_links_history_and_says_why(engine, write):
    """Deleting an entity (SQL: partyscreen never does) cascades to its links; the trigger of
    migration 0014 keeps each link in history, retired by a ``delete`` batch, with an audit event."""
    from partyscreen.linking import decide_link
    from partyscreen.store.audit import list_events
    from partyscreen.store.versions import current_snapshot, state_sql

    _setup(engine, write, "id,name,country,identifiers\nreg-a,Northwind Optics Limited,GB,lei:5493001KJTIIGC8Y1R12\n"
           "reg-b,Northwind Holdings,GB,\n", "entry_id,name,country\n1,Northwind Optics,GB\n2,Northwind Holdings,GB\n")
    decide_link(engine, "1", "reg-a", "accepted", "alice", "checked", "test-list")
    decide_link(engine, "2", "reg-a", "rejected", "bob", "other company", "test-list")
    decide_link(engine, "2", "reg-b", "accepted", "bob", "same company")
    with engine.connect() as conn:
        before = current_snapshot(conn)
    with transaction(engine) as conn:
        conn.execute(sa.text("DELETE FROM entity WHERE id = 'reg-a'"))
    with engine.connect() as conn:
        assert _link_rows(engine) == [("2", "reg-b", "accepted", "manual", "bob")]
        batch = conn.execute(sa.text("SELECT id, kind, file_name FROM import_batch ORDER BY id DESC")).first()
        assert (batch.kind, batch.file_name) == ("delete", "entity reg-a deleted")
        ended = {tuple(r) for r in conn.execute(sa.text(
            "SELECT entry_id, entity_id, status FROM entity_link_history WHERE retired_by = :b"), {"b": batch.id})}
        assert ended == {("1", "reg-a", "accepted"), ("2", "reg-a", "rejected")}
        # a reader of the state before the deletion still sees the entity, its names and links
        past = {tuple(r[2:5]) for r in conn.execute(sa.text(state_sql("entity_link", before)))}
        assert ("1", "reg-a", "accepted") in past
        assert conn.execute(sa.text(f"SELECT COUNT(*) FROM ({state_sql('entity', before)}) s WHERE s.id = 'reg-a'")).scalar() == 1
        assert conn.execute(sa.text(
            f"SELECT COUNT(*) FROM ({state_sql('identifier', before)}) s WHERE s.entity_id = 'reg-a' AND s.scheme = 'lei'")).scalar() == 1
        events = list_events(conn, actions=["link", "delete"])
    link_events = [e["detail"] for e in events if e["action"] == "link" and e["detail"]["status"] == "ended"]
    assert sorted((d["entry_id"], d["entity_id"], d["was"], d["reason"], d["batch_id"]) for d in link_events) == [
        ("1", "reg-a", "accepted", "entity deleted", batch.id), ("2", "reg-a", "rejected", "entity deleted", batch.id)]
    deleted = [e["detail"] for e in events if e["action"] == "delete"]
    assert deleted == [{"entity_id": "reg-a", "name": "Northwind Optics Limited", "batch_id": batch.id, "links_ended": 2}]


def test_registry_read_in_slices_equals_one_read_in_entity_id_order(engine, write, monkeypatch):
    """Names stored out of entity id order (an alias added later to an early entity) are read in
    two slices by two processes: the same rows, in entity id order, as one process reads."""
    import partyscreen.linking as linking
    from partyscreen.store.importers import import_entities

    rows = [f"reg-{i:03d},Quillmore {w} Trading Ltd,GB" for i, w in enumerate(f"Word{n:03d}" for n in range(300))]
    _setup(engine, write, "id,name,country\n" + "\n".join(rows) + "\n", "entry_id,name,country\n1,Quillmore Word007 Trading,GB\n")
    with transaction(engine) as conn:
        import_entities(conn, write("more.csv", "id,name,country,aliases\nreg-001,Quillmore Word001 Trading Ltd,GB,Quillmore Alias Ltd\n"))
    key_ids = {k: i for i, k in enumerate(["quillmore", "word007", "trading", "alias"])}
    with engine.connect() as conn:
        one = linking._read_registry(conn, key_ids, 1)
        monkeypatch.setattr(linking, "PARALLEL_SCAN_NAMES", 1)
        two = linking._read_registry(conn, key_ids, 2)
    assert [r[0] for r in one.rows] == sorted(r[0] for r in one.rows)  # entity id order
    assert ("reg-001", "Quillmore Alias Ltd") in one.rows and len(one.rows) == 301
    assert (two.rows, two.texts, two.sizes) == (one.rows, one.texts, one.sizes)
    assert [list(p) for p in two.postings] == [list(p) for p in one.postings]
