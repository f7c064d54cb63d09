"""List and measure imports on SQLite and PostgreSQL."""

import pytest

from partyscreen.errors import InputError
from partyscreen.store.db import transaction
from partyscreen.store.importers import import_entities, import_list, import_measures

from .helpers import counts, rows

HEADER = "list_id,entry_id,name,aliases,name_zh,kind,country,address,listed_on,delisted_on,reference,url,entity_id\n"
LIST = HEADER + (
    "cn-mofcom-export-control,2025-01-01,General Dynamics Land Systems,GDLS,通用动力陆地系统公司,organization,US,,"
    "2025-01-02,,商务部公告2025年第1号,https://www.mofcom.gov.cn/a,\n"
    "cn-mofcom-export-control,2025-13-05,Skydio Inc.,,斯凯迪奥公司,organization,US,,2025-03-04,,商务部公告2025年第13号,"
    "https://www.mofcom.gov.cn/b,\n"
)


def load(engine, path, **kw):
    with transaction(engine) as conn:
        return import_list(conn, path, **kw)


def test_entries_become_entities_with_their_names(engine, write):
    result = load(engine, write("l.csv", LIST))
    assert result.counts.inserted == 2
    assert rows(engine, "SELECT id, name, kind, country FROM entity ORDER BY id") == [
        ("cn-mofcom-export-control:2025-01-01", "General Dynamics Land Systems", "organization", "US"),
        ("cn-mofcom-export-control:2025-13-05", "Skydio Inc.", "organization", "US"),
    ]
    names = rows(engine, "SELECT name, name_type, lang FROM entity_name WHERE entity_id LIKE '%2025-01-01' ORDER BY name")
    assert names == [("GDLS", "alias", None), ("General Dynamics Land Systems", "primary", None), ("通用动力陆地系统公司", "local", "zh")]
    assert rows(engine, "SELECT id, name FROM list") == [("cn-mofcom-export-control", "Export Control List (出口管制管控名单)")]
    entry = rows(engine, "SELECT listed_on, reference, url FROM list_entry WHERE entry_id = '2025-13-05'")
    assert [(str(a), b, c) for a, b, c in entry] == [("2025-03-04", "商务部公告2025年第13号", "https://www.mofcom.gov.cn/b")]


def test_reimport_changes_nothing(engine, write):
    path = write("l.csv", LIST)
    load(engine, path)
    before = (counts(engine), rows(engine, "SELECT * FROM entity_name ORDER BY id"))
    again = load(engine, path)
    assert (again.counts.inserted, again.counts.updated, again.counts.unchanged) == (0, 0, 2)
    assert (counts(engine), rows(engine, "SELECT * FROM entity_name ORDER BY id")) == before


def test_list_option_when_the_file_has_no_list_id(engine, write):
    load(engine, write("l.csv", "entry_id,name\n1,Acme\n"), list_id="internal-blocklist")
    assert rows(engine, "SELECT list_id, entity_id FROM list_entry") == [("internal-blocklist", "internal-blocklist:1")]


def test_without_list_id_column_or_option_is_an_error(engine, write):
    with pytest.raises(InputError) as err:
        load(engine, write("l.csv", "entry_id,name\n1,Acme\n"))
    assert (err.value.first.row, err.value.first.field) == (1, "list_id")


def test_entity_id_links_the_entry_to_ownership_data(engine, write):
    with transaction(engine) as conn:
        import_entities(conn, write("e.csv", "id,name\nlei:ABC,Acme Holdings Ltd\n"))
    load(engine, write("l.csv", HEADER + "us-ofac-sdn,123,ACME HOLDINGS LIMITED,,,organization,,,,,,,lei:ABC\n"))
    assert rows(engine, "SELECT entity_id FROM list_entry") == [("lei:ABC",)]
    assert rows(engine, "SELECT name FROM entity WHERE id = 'lei:ABC'") == [("Acme Holdings Ltd",)]  # not overwritten
    sources = rows(engine, "SELECT name, source FROM entity_name WHERE entity_id = 'lei:ABC' ORDER BY name")
    assert sources == [("ACME HOLDINGS LIMITED", "list:us-ofac-sdn"), ("Acme Holdings Ltd", "entities")]


def test_unknown_linked_entity_is_an_error_unless_create_missing(engine, write):
    path = write("l.csv", HEADER + "us-ofac-sdn,123,Ghost Ltd,,,,,,,,,,lei:NOPE\n")
    with pytest.raises(InputError) as err:
        load(engine, path)
    assert (err.value.first.row, err.value.first.field) == (2, "entity_id")
    assert counts(engine)["entries"] == 0
    load(engine, path, create_missing=True)
    assert rows(engine, "SELECT id, name FROM entity") == [("lei:NOPE", "Ghost Ltd")]


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ("cn-mofcom-watch,,Acme,,,,,,,,,,\n", "entry_id", "is empty but required"),
        ("cn-mofcom-watch,1,,,,,,,,,,,\n", "name", "is empty but required"),
        ("CN Watch!,1,Acme,,,,,,,,,,\n", "list_id", "must be lower-case"),
        ("cn-mofcom-watch,1,Acme,,,,,,2025-02-30,,,,\n", "listed_on", "is not a date"),
        ("cn-mofcom-watch,1,Acme,,,,,,2025-02-01,2025-01-01,,,\n", "delisted_on", "is before listed_on"),
        ("cn-mofcom-watch,1,Acme,,,firm,,,,,,,\n", "kind", "is not one of"),
    ],
)
def test_bad_entries(engine, write, line, field, message):
    with pytest.raises(InputError) as err:
        load(engine, write("l.csv", HEADER + line))
    assert (err.value.first.row, err.value.first.field) == (2, field)
    assert message in err.value.first.message
    assert counts(engine)["entries"] == 0


def test_duplicate_entry_ids(engine, write):
    with pytest.raises(InputError) as err:
        load(engine, write("l.csv", HEADER + "w,1,A,,,,,,,,,,\nw,1,B,,,,,,,,,,\n"))
    assert (err.value.first.row, err.value.first.field) == (3, "entry_id")


MEASURES_HEADER = "list_id,reference,entry_id,status,start_date,end_date,announced_on,url,note\n"


def test_measures_by_reference_and_entry(engine, write):
    load(engine, write("l.csv", LIST))
    body = (
        "cn-mofcom-export-control,商务部公告2025年第13号,,ended,2025-11-10,,2025-11-05,,from 10 Nov 2025\n"
        "cn-mofcom-export-control,,2025-01-01,suspended,,2026-11-10,,,unknown start\n"
    )
    path = write("m.csv", MEASURES_HEADER + body)
    with transaction(engine) as conn:
        result = import_measures(conn, path)
    assert result.counts.inserted == 2 and not result.warnings
    got = rows(engine, "SELECT reference, entry_id, status, start_date, end_date FROM list_measure ORDER BY status")
    assert [tuple(None if v is None else str(v) for v in r) for r in got] == [
        ("商务部公告2025年第13号", None, "ended", "2025-11-10", None),
        (None, "2025-01-01", "suspended", None, "2026-11-10"),
    ]
    with transaction(engine) as conn:
        again = import_measures(conn, path)
    assert again.counts.unchanged == 2 and counts(engine)["measures"] == 2


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ("cn-mofcom-export-control,X,,paused,,,,,\n", "status", "is not one of"),
        ("cn-mofcom-export-control,,,ended,,,,,\n", "reference", "give a reference"),
        ("cn-mofcom-export-control,X,,suspended,2026-01-01,2025-01-01,,,\n", "end_date", "must be after"),
        ("no-such-list,X,,ended,,,,,\n", "list_id", "is not an imported list"),
    ],
)
def test_bad_measures(engine, write, line, field, message):
    load(engine, write("l.csv", LIST))
    with pytest.raises(InputError) as err:
        with transaction(engine) as conn:
            import_measures(conn, write("m.csv", MEASURES_HEADER + line))
    assert (err.value.first.row, err.value.first.field) == (2, field)
    assert message in err.value.first.message
    assert counts(engine)["measures"] == 0


def test_measure_matching_no_entry_is_a_warning(engine, write):
    load(engine, write("l.csv", LIST))
    with transaction(engine) as conn:
        result = import_measures(conn, write("m.csv", MEASURES_HEADER + "cn-mofcom-export-control,No. 99,,ended,,,,,\n"))
    assert result.warnings and "matches no list entry" in result.warnings[0]


def test_full_measures_import_counts_and_names_the_measures_it_removes(engine, write):
    load(engine, write("l.csv", LIST))
    both = (
        "cn-mofcom-export-control,商务部公告2025年第13号,,ended,2025-11-10,,2025-11-05,,\n"
        "cn-mofcom-export-control,,2025-01-01,suspended,,2026-11-10,,,\n"
    )
    with transaction(engine) as conn:
        first = import_measures(conn, write("m.csv", MEASURES_HEADER + both))
    assert first.removed == 0 and ", 0 removed" not in first.summary() and " removed" not in first.summary()
    only_one = MEASURES_HEADER + both.splitlines(keepends=True)[0]
    with transaction(engine) as conn:
        second = import_measures(conn, write("m.csv", only_one))
    assert second.removed == 1 and counts(engine)["measures"] == 1
    assert "0 new, 0 updated, 1 unchanged, 1 removed (batch" in second.summary()
    removed = [w for w in second.warnings if "were removed" in w]
    assert len(removed) == 1 and "1 measure(s)" in removed[0] and "2025-01-01" in removed[0] and "--partial" in removed[0]


def test_partial_measures_import_removes_nothing(engine, write):
    load(engine, write("l.csv", LIST))
    both = (
        "cn-mofcom-export-control,商务部公告2025年第13号,,ended,2025-11-10,,2025-11-05,,\n"
        "cn-mofcom-export-control,,2025-01-01,suspended,,2026-11-10,,,\n"
    )
    with transaction(engine) as conn:
        import_measures(conn, write("m.csv", MEASURES_HEADER + both))
    with transaction(engine) as conn:
        partial = import_measures(conn, write("m.csv", MEASURES_HEADER + both.splitlines(keepends=True)[0]), full=False)
    assert partial.removed == 0 and not [w for w in partial.warnings if "removed" in w]
    assert counts(engine)["measures"] == 2
