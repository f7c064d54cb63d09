"""Entities import on SQLite and PostgreSQL: round trip, idempotence, every error path."""

import pytest

from partyscreen.errors import InputError
from partyscreen.store.db import transaction
from partyscreen.store.importers import import_entities

from .helpers import counts, rows

GOOD = (
    "id,name,kind,country,aliases,identifiers,address\n"
    "E1,华为技术有限公司,organization,cn,Huawei Technologies Co. Ltd.;華為技術有限公司,uscc:914403001922038216,Shenzhen\n"
    "E2,Acme Corp,,US,,lei:5493001KJTIIGC8Y1R12;duns:123456789,\n"
)


def load(engine, path, **kw):
    with transaction(engine) as conn:
        return import_entities(conn, path, **kw)


def test_round_trip_keeps_chinese_names_aliases_and_identifiers(engine, write):
    result = load(engine, write("entities.csv", GOOD))
    assert (result.rows, result.counts.inserted) == (2, 2)
    assert rows(engine, "SELECT id, name, kind, country, address FROM entity ORDER BY id") == [
        ("E1", "华为技术有限公司", "organization", "CN", "Shenzhen"),
        ("E2", "Acme Corp", "unknown", "US", None),
    ]
    names = rows(engine, "SELECT entity_id, name, name_type, lang FROM entity_name ORDER BY entity_id, name")
    assert ("E1", "華為技術有限公司", "alias", "zh") in names
    assert ("E1", "Huawei Technologies Co. Ltd.", "alias", None) in names
    assert ("E2", "Acme Corp", "primary", None) in names
    assert len(names) == 4
    assert rows(engine, "SELECT entity_id, scheme, value FROM identifier ORDER BY entity_id, scheme") == [
        ("E1", "uscc", "914403001922038216"),
        ("E2", "duns", "123456789"),
        ("E2", "lei", "5493001KJTIIGC8Y1R12"),
    ]


def test_reimport_changes_nothing_and_reports_unchanged(engine, write):
    path = write("entities.csv", GOOD)
    load(engine, path)
    before = rows(engine, "SELECT * FROM entity_name ORDER BY id")
    again = load(engine, path)
    assert (again.counts.inserted, again.counts.updated, again.counts.unchanged) == (0, 0, 2)
    assert rows(engine, "SELECT * FROM entity_name ORDER BY id") == before
    assert counts(engine)["entities"] == 2


def test_reimport_replaces_changed_names_and_updates_rows(engine, write):
    load(engine, write("v1.csv", GOOD))
    changed = GOOD.replace("Acme Corp,,US,,", "Acme Corporation,,US,Acme,")
    result = load(engine, write("v2.csv", changed))
    assert (result.counts.inserted, result.counts.updated, result.counts.unchanged) == (0, 1, 1)
    assert rows(engine, "SELECT name, name_type FROM entity_name WHERE entity_id = 'E2' ORDER BY name") == [
        ("Acme", "alias"),
        ("Acme Corporation", "primary"),
    ]


@pytest.mark.parametrize(
    ("content", "row", "field", "message"),
    [
        ("id,name\n,Nameless\n", 2, "id", "is empty but required"),
        ("id,name\nE1,\n", 2, "name", "is empty but required"),
        ("id,name,kind\nE1,A,company\n", 2, "kind", "'company' is not one of"),
        ("id,name,country\nE1,A,China\n", 2, "country", "is not an ISO 3166-1 alpha-2"),
        ("id,name,identifiers\nE1,A,lei5493\n", 2, "identifiers", "is not scheme:value"),
        ("id,name\nE1,A\nE2,B\nE1,C\n", 4, "id", "repeats the id of row 2"),
        ("name\nA\n", 1, "id", "required column missing"),
        ("id,name\nE1,A\nE2,B,C\n", 3, None, "malformed CSV"),
    ],
)
def test_bad_input_names_file_row_field_and_writes_nothing(engine, write, content, row, field, message):
    path = write("bad.csv", content)
    with pytest.raises(InputError) as err:
        load(engine, path)
    problem = err.value.first
    assert (problem.row, problem.field) == (row, field)
    assert message in problem.message
    assert problem.file.endswith("bad.csv")
    assert counts(engine)["entities"] == 0
    assert rows(engine, "SELECT COUNT(*) FROM import_batch") == [(0,)]


def test_every_problem_in_a_file_is_reported(engine, write):
    path = write("bad.csv", "id,name,kind\nE1,,x\nE2,B,\n,C,\n")
    with pytest.raises(InputError) as err:
        load(engine, path)
    assert [(p.row, p.field) for p in err.value.problems] == [(2, "kind"), (2, "name"), (4, "id")]


def test_failed_reimport_leaves_earlier_data(engine, write):
    load(engine, write("good.csv", GOOD))
    before = rows(engine, "SELECT * FROM entity ORDER BY id")
    with pytest.raises(InputError):
        load(engine, write("bad.csv", "id,name\nE1,Renamed\nE9,\n"))
    assert rows(engine, "SELECT * FROM entity ORDER BY id") == before


def test_unknown_columns_are_ignored_with_a_warning(engine, write):
    result = load(engine, write("e.csv", "id,name,colour\nE1,A,red\n"))
    assert result.warnings and "colour" in result.warnings[0]
    assert counts(engine)["entities"] == 1


def test_names_given_by_a_list_survive_an_entities_reimport(engine, write):
    from partyscreen.store.importers import import_list

    load(engine, write("e.csv", GOOD))
    with transaction(engine) as conn:
        import_list(
            conn,
            write("l.csv", "list_id,entry_id,name,name_zh,entity_id\ncn-mofcom-watch,1,Acme Corporation,阿克米公司,E2\n"),
        )
    load(engine, write("e.csv", GOOD))
    names = {r[0] for r in rows(engine, "SELECT name FROM entity_name WHERE entity_id = 'E2'")}
    assert names == {"Acme Corp", "Acme Corporation", "阿克米公司"}
