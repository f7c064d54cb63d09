"""Holdings (and measures) are keyed by their fields, not by a joined string: ids containing ``|``
never make two holdings one — on import, and for rows written before (the data migration)."""

from __future__ import annotations

import sqlalchemy as sa

from partyscreen.store.db import create_db_engine, transaction, upgrade
from partyscreen.store.importers import import_entities, import_holdings, import_list, import_measures
from partyscreen.shares import parse_percent

from .helpers import rows

ENTITIES = "id,name\nP,Pipe Owner\nP|Q,Pipe Q Holdings\nQ,Quartz\nQ|R,Quartz R Ltd\nR,Rho Ltd\nB\\S,Backslash Co\n"
HEADER = "owner_id,owned_id,share,start_date\n"


def load(engine, name, text, write, importer=import_holdings):
    with transaction(engine) as conn:
        return importer(conn, write(name, text))


def shares(engine):
    return {(o, d): s for o, d, s in rows(engine, "SELECT owner_id, owned_id, share_min FROM holding")}


def test_ids_with_a_bar_are_two_holdings_in_one_file_and_across_files(engine, write):
    load(engine, "e.csv", ENTITIES, write, import_entities)
    both = load(engine, "both.csv", HEADER + "P|Q,R,60,\nP,Q|R,30,\n", write)
    assert (both.counts.inserted, both.counts.updated) == (2, 0)
    assert shares(engine) == {("P|Q", "R"): parse_percent("60"), ("P", "Q|R"): parse_percent("30")}
    again = load(engine, "one.csv", HEADER + "P,Q|R,25,\n", write)  # updates P -> Q|R only
    assert (again.counts.inserted, again.counts.updated) == (0, 1)
    assert shares(engine) == {("P|Q", "R"): parse_percent("60"), ("P", "Q|R"): parse_percent("25")}
    slash = load(engine, "slash.csv", HEADER + "B\\S,R,10,\nB\\S,R,10,2020-01-01\n", write)
    assert slash.counts.inserted == 2
    assert load(engine, "slash.csv", HEADER + "B\\S,R,10,\nB\\S,R,10,2020-01-01\n", write).counts.unchanged == 2


def test_a_real_repeat_is_still_rejected_naming_its_fields(engine, write):
    import pytest

    from partyscreen.errors import InputError

    load(engine, "e.csv", ENTITIES, write, import_entities)
    with pytest.raises(InputError) as caught:
        load(engine, "dup.csv", HEADER + "P|Q,R,60,\nP|Q,R,40,\n", write)
    assert "dup.csv, row 3, field owned_id: repeats the holding of row 2 (owner 'P|Q', owned 'R', shareholding, start not given)" in str(caught.value)


def test_measures_whose_reference_holds_a_bar_stay_apart(engine, write):
    load(engine, "l.csv", "list_id,entry_id,name,reference\nw,C,Alpha,A|B\nw,B|C,Beta,A\n", write, import_list)
    # plain joins: w|A|B|C|suspended|2025-01-01 twice
    measures = "list_id,reference,entry_id,status,start_date\nw,A|B,C,suspended,2025-01-01\nw,A,B|C,suspended,2025-01-01\n"
    result = load(engine, "m.csv", measures, write, import_measures)
    assert result.counts.inserted == 2


def test_the_migration_rekeys_rows_written_with_plain_joined_keys(db_url, write):
    """A database written by the old importer (plain ``owner|owned|relation|start`` keys): after
    the upgrade, re-importing the same file finds every holding again instead of adding copies."""
    engine = create_db_engine(db_url)
    upgrade(engine, "0005")
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO entity (id, name, kind) VALUES ('P', 'P', 'unknown'), ('P|Q', 'PQ', 'unknown'), ('R', 'R', 'unknown'), ('A\\B', 'AB', 'unknown')"))
        conn.execute(sa.text(
            "INSERT INTO holding (id, owner_id, owned_id, relation, share_min, share_max, min_exclusive, max_exclusive, start_date) VALUES "
            "('P|Q|R|shareholding|', 'P|Q', 'R', 'shareholding', 60000000, 60000000, false, false, NULL), "
            "('A\\B|R|shareholding|2020-01-02', 'A\\B', 'R', 'shareholding', 5000000, 5000000, false, false, '2020-01-02'), "
            "('given-id', 'P|Q', 'P', 'shareholding', 1000000, 1000000, false, false, NULL), "
            "('P|R|shareholding|', 'P', 'R', 'shareholding', 2000000, 2000000, false, false, NULL)"
        ))
        conn.execute(sa.text("INSERT INTO list (id, name) VALUES ('w', 'W')"))
        conn.execute(sa.text(
            "INSERT INTO list_measure (id, list_id, reference, status, start_date) VALUES ('w|A|B||suspended|2025-01-01', 'w', 'A|B', 'suspended', '2025-01-01')"
        ))
    upgrade(engine)
    ids = {r[0] for r in rows(engine, "SELECT id FROM holding")}
    assert ids == {"P\\|Q|R|shareholding|", "A\\\\B|R|shareholding|2020-01-02", "given-id", "P|R|shareholding|"}
    assert rows(engine, "SELECT id FROM list_measure") == [("w|A\\|B||suspended|2025-01-01",)]
    reimport = load(engine, "h.csv", HEADER + "P|Q,R,60,\nA\\B,R,5,2020-01-02\nP,R,2,\n", write)
    assert (reimport.counts.inserted, reimport.counts.updated, reimport.counts.unchanged) == (0, 0, 3)
    from partyscreen.store.db import downgrade

    downgrade(engine, "0005")
    assert {r[0] for r in rows(engine, "SELECT id FROM holding")} == {"P|Q|R|shareholding|", "A\\B|R|shareholding|2020-01-02", "given-id", "P|R|shareholding|"}
    engine.dispose()
