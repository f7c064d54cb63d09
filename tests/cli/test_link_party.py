"""An accepted link makes a list entry, its own entity and the linked entity ONE party (QA, issue 13),
on both engines, through the CLI and the library.

Found by QA: holdings recorded on a list entry's own (placeholder) entity stopped counting once
the entry was linked to a registry entity (``explain`` said "not caught" and still listed the
holding; ``affiliates`` dropped it), and ``link reject`` brought them back. Here: holdings on
either side count, added up exactly; the entity's names and identifiers screen as the listed
party; ``explain`` says the link (how, by whom); unlinking restores the earlier answers.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from partyscreen.screening.screener import Screener

LIST = "cn-mofcom-export-control"
WATCH = "cn-mofcom-watch"
HEADER = "list_id,entry_id,name,aliases,name_zh,kind,country,address,listed_on,delisted_on,reference,url,entity_id\n"
ENTITIES = """id,name,kind,country,aliases,identifiers,address
lei:R1,Registry Holdings Corporation,organization,US,Reghold Group,lei:R1R1R1R1R1R1R1R1R1R1,
lei:R2,Second Registry Industries Inc,organization,US,,,
lei:R3,Third Party Shipping Ltd,organization,GB,,,
qa:davis,Davis Precision Components Ltd,organization,GB,,,
qa:elm,Elm Street Tooling Ltd,organization,GB,,,
qa:fir,Fir Tree Castings Ltd,organization,GB,,,
qa:oak,Oak Lane Fasteners Ltd,organization,GB,,,
"""
ENTRIES = [
    f"{LIST},E-1,Reghold Group China,,,organization,CN,,2025-01-02,,ref-1,,\n",  # linked to lei:R1
    f"{LIST},E-2,Second Registry China,,,organization,CN,,2025-01-02,,ref-1,,\n",  # linked to lei:R2
    f"{WATCH},W-2,Second Registry Watch,,,organization,CN,,2025-01-02,,ref-2,,\n",  # linked to lei:R2 too
    f"{WATCH},W-3,Third Party Shipping Ltd,,,organization,GB,,2025-01-02,,ref-2,,lei:R3\n",  # lei:R3 listed itself
    f"{LIST},E-3,Third Party Shipping China,,,organization,CN,,2025-01-02,,ref-1,,\n",  # linked to lei:R3
]
HOLDINGS = f"""owner_id,owned_id,relation,share,share_min,share_max,start_date,end_date,source
{LIST}:E-1,qa:davis,shareholding,60,,,2020-01-01,,qa
{LIST}:E-1,qa:elm,shareholding,30,,,2020-01-01,,qa
lei:R1,qa:elm,shareholding,30,,,2020-01-01,,qa
lei:R1,qa:fir,shareholding,60,,,2020-01-01,,qa
{LIST}:E-2,qa:oak,shareholding,20,,,2020-01-01,,qa
{WATCH}:W-2,qa:oak,shareholding,20,,,2020-01-01,,qa
lei:R2,qa:oak,shareholding,20,,,2020-01-01,,qa
"""


@pytest.fixture
def parties_db(cli, db_url, tmp_path):  # type: ignore[no-untyped-def]
    """The entries, registry entities and holdings above, nothing linked yet."""
    (tmp_path / "list.csv").write_text(HEADER + "".join(ENTRIES), encoding="utf-8")
    (tmp_path / "entities.csv").write_text(ENTITIES, encoding="utf-8")
    (tmp_path / "holdings.csv").write_text(HOLDINGS, encoding="utf-8")
    assert cli("--db", db_url, "init").code == 0
    assert cli("--db", db_url, "ownership", "import", tmp_path / "entities.csv").code == 0
    assert cli("--db", db_url, "lists", "import", tmp_path / "list.csv").code == 0
    done = cli("--db", db_url, "ownership", "import", tmp_path / "holdings.csv")
    assert done.code == 0, done.err
    return db_url


def _affiliates(cli, db) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    out = cli("--db", db, "affiliates", "--as-of", "2026-01-01", "--format", "csv")
    assert out.code == 0, out.err
    return {r["entity_id"]: r for r in csv.DictReader(io.StringIO(out.out))}


def _link(cli, db, entry: str, entity: str, verdict: str = "accept"):  # type: ignore[no-untyped-def]
    done = cli("--db", db, "link", verdict, entry, entity, "--by", "qa-anna", "--reason", f"{verdict} {entry}")
    assert done.code == 0, done.err


def test_holdings_recorded_on_the_entry_entity_count_once_it_is_linked(cli, parties_db):
    db = parties_db
    before = _affiliates(cli, db)
    assert before["qa:davis"]["path_ids"] == f"{LIST}:E-1 -60%-> qa:davis"

    _link(cli, db, f"{LIST}:E-1", "lei:R1")
    after = _affiliates(cli, db)
    assert after["qa:davis"]["status"] == "affiliate" and after["qa:davis"]["share_min"] == "60"
    assert after["qa:davis"]["path_ids"] == "lei:R1 -60%-> qa:davis"
    assert after["lei:R1"]["status"] == "listed" and f"{LIST}:E-1" not in after
    # recorded on the registry entity or on the entry's: the same answer
    assert after["qa:fir"]["status"] == "affiliate" and after["qa:fir"]["path_ids"] == "lei:R1 -60%-> qa:fir"
    # 30% via the entry's entity + 30% via the registry entity: one party's 60%, exactly
    assert before["qa:elm"]["status"] != "affiliate"
    assert (after["qa:elm"]["status"], after["qa:elm"]["share_min"], after["qa:elm"]["share_max"]) == ("affiliate", "60", "60")

    explained = cli("--db", db, "explain", "qa:davis", "--as-of", "2026-01-01")
    assert explained.code == 0
    assert "affiliate under" in explained.out and "not caught" not in explained.out
    assert f"link: list entry {LIST}:E-1 (Reghold Group China) is lei:R1" in explained.out
    assert "accepted by qa-anna on " in explained.out
    assert f"holdings recorded on {LIST}:E-1 count as lei:R1's" in explained.out
    placeholder = cli("--db", db, "explain", f"{LIST}:E-1", "--as-of", "2026-01-01")
    assert f"{LIST}:E-1 is one party with lei:R1 by an accepted link" in placeholder.out
    assert "listed under" in placeholder.out

    # unlinking restores the earlier answers
    _link(cli, db, f"{LIST}:E-1", "lei:R1", "reject")
    assert _affiliates(cli, db) == before


def test_an_entity_linked_from_entries_of_two_lists_is_one_party_naming_both(cli, parties_db):
    db = parties_db
    assert "qa:oak" not in _affiliates(cli, db) or _affiliates(cli, db)["qa:oak"]["status"] != "affiliate"
    _link(cli, db, f"{LIST}:E-2", "lei:R2")
    _link(cli, db, f"{WATCH}:W-2", "lei:R2")
    found = _affiliates(cli, db)
    assert (found["qa:oak"]["status"], found["qa:oak"]["share_min"]) == ("affiliate", "60")  # 20 + 20 + 20
    assert found["qa:oak"]["roots"] == "lei:R2"
    explained = cli("--db", db, "explain", "lei:R2", "--as-of", "2026-01-01")
    assert f"on {LIST} + {WATCH}" in explained.out
    assert f"list entry {LIST}:E-2" in explained.out and f"list entry {WATCH}:W-2" in explained.out


def test_an_entry_linked_to_an_entity_listed_itself_joins_that_listing(cli, parties_db, tmp_path):
    db = parties_db
    _link(cli, db, f"{LIST}:E-3", "lei:R3")
    found = _affiliates(cli, db)
    assert found["lei:R3"]["status"] == "listed" and f"{LIST}:E-3" not in found
    explained = cli("--db", db, "explain", "lei:R3", "--as-of", "2026-01-01")
    assert f"on {LIST} + {WATCH}" in explained.out
    subjects = tmp_path / "s.csv"
    subjects.write_text("id,name,country\ns1,Third Party Shipping China,CN\n", encoding="utf-8")
    out = tmp_path / "hits.csv"
    assert cli("--db", db, "screen", subjects, "--as-of", "2026-01-01", "--out", out).code == 1
    hits = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [(h["entity_id"], h["basis"]) for h in hits] == [("lei:R3", "listed")]
    assert set(hits[0]["list_id"].split(";")) == {LIST, WATCH}


def test_the_linked_entitys_names_and_identifiers_screen_as_the_listed_party(cli, parties_db, tmp_path):
    db = parties_db
    _link(cli, db, f"{LIST}:E-1", "lei:R1")
    subjects = tmp_path / "s.csv"
    subjects.write_text("id,name,country,lei\n"
                        "s1,Registry Holdings Corporation,US,\n"  # the registry entity's name
                        "s2,Reghold Group China,CN,\n"  # the list entry's name
                        "s3,Completely Different Name Oy,FI,R1R1R1R1R1R1R1R1R1R1\n",  # its LEI
                        encoding="utf-8")
    out = tmp_path / "hits.csv"
    assert cli("--db", db, "screen", subjects, "--as-of", "2026-01-01", "--out", out).code == 1
    hits = {r["subject_id"]: r for r in csv.DictReader(out.open(encoding="utf-8-sig"))}
    assert {s: (h["entity_id"], h["basis"], h["list_id"]) for s, h in hits.items()} == {
        s: ("lei:R1", "listed", LIST) for s in ("s1", "s2", "s3")}


def test_library_answers_as_the_cli(parties_db):
    screener = Screener.open(parties_db, as_of="2026-01-01")
    before = screener.explain("qa:davis")
    assert before.affiliation is not None
    from partyscreen.store.db import as_engine
    from partyscreen.store.db import transaction
    from partyscreen.store import links

    engine = as_engine(parties_db)
    with transaction(engine) as conn:
        batch = links.start_batch(conn, "test")
        links.decide(conn, LIST, "E-1", "lei:R1", "accepted", "lib", "library link", batch_id=batch)
        links.finish_batch(conn, batch, 1)
    screener = Screener.open(parties_db, as_of="2026-01-01")
    explained = screener.explain("qa:davis")
    assert explained.affiliation is not None and explained.affiliation.status == "affiliate"
    assert [r.entity_id for r in explained.affiliation.roots] == ["lei:R1"]
    frame = screener.affiliates()
    row = frame.set_index("entity_id").loc["qa:elm"]
    assert (row["status"], row["share_min"]) == ("affiliate", "60")
    hits = screener.screen_name("Registry Holdings Corporation")
    assert [(h.entity_id, h.basis) for h in hits] == [("lei:R1", "listed")]


def test_an_automatically_accepted_link_counts_the_same(cli, parties_db):
    from partyscreen.store.db import create_db_engine, transaction
    import sqlalchemy as sa

    db = parties_db
    engine = create_db_engine(db)
    with transaction(engine) as conn:  # the entry's own entity carries the registry entity's LEI
        conn.execute(sa.text("INSERT INTO identifier (entity_id, scheme, value, source) "
                             f"VALUES ('{LIST}:E-1', 'lei', 'R1R1R1R1R1R1R1R1R1R1', 'list:{LIST}')"))
    engine.dispose()
    linked = cli("--db", db, "link", "--list", LIST)
    assert linked.code == 0, linked.err
    found = _affiliates(cli, db)
    assert found["qa:davis"]["path_ids"] == "lei:R1 -60%-> qa:davis" and found["qa:davis"]["status"] == "affiliate"
    explained = cli("--db", db, "explain", "qa:davis", "--as-of", "2026-01-01")
    assert "proposed by identifier match (score 100: same identifier lei:R1R1R1R1R1R1R1R1R1R1)" in explained.out
    assert "accepted by partyscreen link on " in explained.out
