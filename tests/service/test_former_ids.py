"""Old entry ids of the bundled lists keep resolving (issue 11), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from partyscreen.cli import run
from partyscreen.screening import Screener

OLD_GD = "cn-mofcom-export-control:2025-01-01"
NEW_GD = "cn-mofcom-export-control:2025-No01-01"
ENTITIES = "id,name,kind,country\nsub1,GD Subsidiary One GmbH,organization,DE\n"
HOLDINGS = f"owner_id,owned_id,relation,share\n{OLD_GD},sub1,shareholding,60\n"


def test_ownership_file_naming_a_former_id_resolves_to_the_entry(db_url, tmp_path, capsys):
    assert run(["--db", db_url, "init"]) == 0
    assert run(["--db", db_url, "lists", "update"]) == 0
    (tmp_path / "e.csv").write_text(ENTITIES, encoding="utf-8")
    (tmp_path / "h.csv").write_text(HOLDINGS, encoding="utf-8")
    assert run(["--db", db_url, "ownership", "import", str(tmp_path / "e.csv"), str(tmp_path / "h.csv")]) == 0
    frame = Screener.open(db_url, as_of=date(2026, 1, 1)).affiliates()
    row = frame[frame.entity_id == "sub1"].iloc[0]
    assert row.status == "affiliate" and row.path_ids == f"{NEW_GD} -60%-> sub1"
    capsys.readouterr()
    assert run(["--db", db_url, "explain", OLD_GD, "--as-of", "2026-01-01"]) == 0
    assert NEW_GD in capsys.readouterr().out


def test_lists_update_renames_entries_of_a_database_loaded_with_the_former_ids(db_url, tmp_path):
    """A database loaded before the change: its entry 2025-01-01 and the holdings of entity
    ...:2025-01-01 become entry 2025-No01-01 and its entity's — renamed, not removed and re-added."""
    header = "list_id,entry_id,name,aliases,name_zh,kind,country,address,listed_on,delisted_on,reference,url,entity_id\n"
    (tmp_path / "old.csv").write_text(
        header + "cn-mofcom-export-control,2025-01-01,General Dynamics,,通用动力公司,organization,US,,2025-01-02,,"
        "商务部公告2025年第1号,https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_1ee79b1b7f21444ebf4797c0ff8500fd.html,\n",
        encoding="utf-8",
    )
    assert run(["--db", db_url, "init"]) == 0
    assert run(["--db", db_url, "lists", "import", str(tmp_path / "old.csv"), "--as-of", "2025-01-02"]) == 0
    (tmp_path / "e.csv").write_text(ENTITIES, encoding="utf-8")
    (tmp_path / "h.csv").write_text(HOLDINGS, encoding="utf-8")
    assert run(["--db", db_url, "ownership", "import", str(tmp_path / "e.csv"), str(tmp_path / "h.csv")]) == 0
    assert run(["--db", db_url, "lists", "update"]) == 0
    engine = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        gd = conn.execute(sa.text("SELECT entry_id, entity_id, delisted_on FROM list_entry WHERE name = 'General Dynamics' "
                                  "AND list_id = 'cn-mofcom-export-control'")).fetchall()
        owners = conn.execute(sa.text("SELECT owner_id FROM holding WHERE owned_id = 'sub1'")).scalars().all()
    engine.dispose()
    assert [(r[0], r[1], r[2]) for r in gd] == [("2025-No01-01", NEW_GD, None)]
    assert owners == [NEW_GD]
    hits = Screener.open(db_url, as_of=date(2025, 6, 1)).screen_name("GD Subsidiary One GmbH")
    assert hits and hits[0].entity_id == "sub1" and hits[0].basis == "affiliate"
    assert run(["--db", db_url, "ownership", "import", str(tmp_path / "h.csv")]) == 0  # the old file again: same holding
    engine = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM holding WHERE owned_id = 'sub1'")).scalar() == 1
    engine.dispose()


def test_link_decisions_name_an_entry_by_its_former_id(db_url, tmp_path, capsys):
    assert run(["--db", db_url, "init"]) == 0
    assert run(["--db", db_url, "lists", "update"]) == 0
    (tmp_path / "e.csv").write_text("id,name,country\nlei:9C1X8XOOTYY2FNYTVH06,GENERAL DYNAMICS CORPORATION,US\n", encoding="utf-8")
    assert run(["--db", db_url, "ownership", "import", str(tmp_path / "e.csv")]) == 0
    assert run(["--db", db_url, "link", "accept", "2025-01-01", "lei:9C1X8XOOTYY2FNYTVH06",
                "--list", "cn-mofcom-export-control", "--by", "alice", "--reason", "checked"]) == 0
    assert run(["--db", db_url, "link", "reject", OLD_GD, "lei:9C1X8XOOTYY2FNYTVH06", "--by", "bob", "--reason", "namesake"]) == 0
    # without --list, a former id two lists used is ambiguous
    assert run(["--db", db_url, "link", "accept", "2025-01-01", "lei:9C1X8XOOTYY2FNYTVH06", "--by", "carol", "--reason", "sure"]) == 2
    assert run(["--db", db_url, "link", "accept", "2025-01-01", "lei:9C1X8XOOTYY2FNYTVH06", "--list", "cn-mofcom-export-control",
                "--by", "carol", "--reason", "sure"]) == 0
    capsys.readouterr()
    from partyscreen.store.db import create_db_engine

    engine = create_db_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT list_id, entry_id, entity_id, status, decided_by FROM entity_link")).fetchall()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("cn-mofcom-export-control", "2025-No01-01", "lei:9C1X8XOOTYY2FNYTVH06", "accepted", "carol")]


def test_entities_file_row_under_a_former_id_updates_the_entrys_entity(db_url, tmp_path, capsys):
    assert run(["--db", db_url, "init"]) == 0
    assert run(["--db", db_url, "lists", "update"]) == 0
    (tmp_path / "e.csv").write_text(
        f"id,name,country,aliases,identifiers\n{OLD_GD},General Dynamics Corporation,US,GD,lei:9C1X8XOOTYY2FNYTVH06\n",
        encoding="utf-8",
    )
    assert run(["--db", db_url, "ownership", "import", str(tmp_path / "e.csv")]) == 0
    from partyscreen.store.db import create_db_engine

    engine = create_db_engine(db_url)
    with engine.connect() as conn:
        entities = conn.execute(sa.text("SELECT id, name, country FROM entity WHERE id IN (:old, :new)"),
                                {"old": OLD_GD, "new": NEW_GD}).fetchall()
        names = conn.execute(sa.text("SELECT name, name_type FROM entity_name WHERE entity_id = :e AND source = 'entities' "
                                     "ORDER BY name"), {"e": NEW_GD}).fetchall()
        idents = conn.execute(sa.text("SELECT scheme, value FROM identifier WHERE entity_id = :e ORDER BY scheme"),
                              {"e": NEW_GD}).fetchall()
    engine.dispose()
    assert [tuple(r) for r in entities] == [(NEW_GD, "General Dynamics Corporation", "US")]
    assert [tuple(r) for r in names] == [("GD", "alias"), ("General Dynamics Corporation", "primary")]
    assert ("lei", "9C1X8XOOTYY2FNYTVH06") in [tuple(r) for r in idents]
    assert ("former-id", OLD_GD) in [tuple(r) for r in idents]  # the bundled former id stays recorded
    # the same entity under its former and its current id in one file: one entity twice, refused
    (tmp_path / "twice.csv").write_text(f"id,name\n{NEW_GD},General Dynamics\n{OLD_GD},General Dynamics Corp\n",
                                        encoding="utf-8")
    capsys.readouterr()
    assert run(["--db", db_url, "ownership", "import", str(tmp_path / "twice.csv")]) == 2
    err = capsys.readouterr().err
    assert "twice.csv" in err and "row 3" in err and f"'{OLD_GD}' is a former id of '{NEW_GD}'" in err
