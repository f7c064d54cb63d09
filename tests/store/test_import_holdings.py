"""Holdings import on SQLite and PostgreSQL: exact shares, ranges, dates, references, errors."""

import pytest

from partyscreen.errors import InputError
from partyscreen.store.db import transaction
from partyscreen.store.importers import import_entities, import_holdings

from .helpers import counts, rows

ENTITIES = "id,name\nX,Listed Co\nA,Alpha\nB,Beta\nC,Gamma\n"
HEADER = "owner_id,owned_id,relation,share,share_min,share_max,start_date,end_date,source\n"


@pytest.fixture
def with_entities(engine, write):
    with transaction(engine) as conn:
        import_entities(conn, write("entities.csv", ENTITIES))
    return engine


def load(engine, path, **kw):
    with transaction(engine) as conn:
        return import_holdings(conn, path, **kw)


def test_shares_are_stored_exactly_in_millionths_of_a_percent(with_entities, write):
    body = (
        "X,A,shareholding,33.3333,,,2020-01-01,2030-01-01,registry\n"
        "X,B,,16.6667,,,,,\n"
        "A,B,voting,,25,50,,,psc\n"
        "A,C,shareholding,,50,,,,\n"
        "B,C,branch,,,,,,\n"
        "C,X,control,,,,,,\n"
    )
    result = load(with_entities, write("h.csv", HEADER + body))
    assert result.counts.inserted == 6
    got = rows(
        with_entities,
        "SELECT owner_id, owned_id, relation, share_min, share_max, start_date, end_date FROM holding ORDER BY owner_id, owned_id",
    )
    got = [tuple(str(v) if v is not None and not isinstance(v, int) else v for v in r) for r in got]
    assert got == [
        ("A", "B", "voting", 25_000_000, 50_000_000, None, None),
        ("A", "C", "shareholding", 50_000_000, 100_000_000, None, None),
        ("B", "C", "branch", 100_000_000, 100_000_000, None, None),
        ("C", "X", "control", None, None, None, None),
        ("X", "A", "shareholding", 33_333_300, 33_333_300, "2020-01-01", "2030-01-01"),
        ("X", "B", "shareholding", 16_666_700, 16_666_700, None, None),
    ]


def test_exclusive_bounds_are_kept(with_entities, write):
    load(with_entities, write("h.csv", "owner_id,owned_id,share_min,share_max,share_min_exclusive\nX,A,25,50,true\n"))
    assert rows(with_entities, "SELECT min_exclusive, max_exclusive FROM holding") == [(True, False)]


def test_reimport_is_idempotent_and_updates_changed_shares(with_entities, write):
    path = write("h.csv", HEADER + "X,A,,50,,,,,\nA,B,,60,,,,,\n")
    load(with_entities, path)
    again = load(with_entities, path)
    assert (again.counts.inserted, again.counts.updated, again.counts.unchanged) == (0, 0, 2)
    changed = load(with_entities, write("h2.csv", HEADER + "X,A,,49.999999,,,,,\nA,B,,60,,,,,\n"))
    assert (changed.counts.inserted, changed.counts.updated) == (0, 1)
    assert rows(with_entities, "SELECT share_min FROM holding WHERE owned_id = 'A'") == [(49_999_999,)]
    assert counts(with_entities)["holdings"] == 2


def test_explicit_id_column_is_the_key(with_entities, write):
    path = write("h.csv", "id,owner_id,owned_id,share\nh1,X,A,10\nh2,X,A,20\n")
    load(with_entities, path)
    assert rows(with_entities, "SELECT id, share_min FROM holding ORDER BY id") == [("h1", 10_000_000), ("h2", 20_000_000)]


@pytest.mark.parametrize(
    ("body", "row", "field", "message"),
    [
        ("X,A,,150,,,,,\n", 2, "share", "'150' is outside [0, 100]"),
        ("X,A,,-5,,,,,\n", 2, "share", "outside [0, 100]"),
        ("X,A,,50.1234567,,,,,\n", 2, "share", "more than 6 decimal places"),
        ("X,A,,abc,,,,,\n", 2, "share", "is not a number"),
        ("X,A,,,60,40,,,\n", 2, "share_min", "is greater than share_max"),
        ("X,A,,,,101,,,\n", 2, "share_max", "outside [0, 100]"),
        ("X,A,,50,25,,,,\n", 2, "share", "either share or share_min/share_max"),
        ("X,A,owns,50,,,,,\n", 2, "relation", "'owns' is not one of"),
        ("X,A,branch,50,,,,,\n", 2, "share", "a branch is 100%"),
        ("X,A,,50,,,2020-13-01,,\n", 2, "start_date", "is not a date in the form YYYY-MM-DD"),
        ("X,A,,50,,,01/02/2020,,\n", 2, "start_date", "is not a date"),
        ("X,A,,50,,,2021-01-01,2020-01-01,\n", 2, "end_date", "must be after start_date"),
        ("X,X,,50,,,,,\n", 2, "owned_id", "cannot hold itself"),
        (",A,,50,,,,,\n", 2, "owner_id", "is empty but required"),
        ("X,A,,50,,,,,\nX,NOPE,,50,,,,,\n", 3, "owned_id", "'NOPE' is not a known entity"),
        ("X,A,,50,,,,,\nX,A,,40,,,,,\n", 3, "owned_id", "repeats the holding of row 2"),
    ],
)
def test_bad_rows_name_row_and_field_and_write_nothing(with_entities, write, body, row, field, message):
    with pytest.raises(InputError) as err:
        load(with_entities, write("bad.csv", HEADER + body))
    problem = err.value.first
    assert (problem.row, problem.field) == (row, field)
    assert message in problem.message
    assert counts(with_entities)["holdings"] == 0
    assert rows(with_entities, "SELECT COUNT(*) FROM import_batch") == [(1,)]  # the entities import only


def test_file_without_any_share_column_is_rejected(with_entities, write):
    with pytest.raises(InputError) as err:
        load(with_entities, write("h.csv", "owner_id,owned_id\nX,A\n"))
    assert (err.value.first.row, err.value.first.field) == (1, "share")


def test_create_missing_makes_bare_entities(with_entities, write):
    result = load(with_entities, write("h.csv", HEADER + "X,NEW1,,50,,,,,\nNEW2,NEW1,,50,,,,,\n"), create_missing=True)
    assert result.created_missing == 2
    assert rows(with_entities, "SELECT id, name, kind FROM entity WHERE id LIKE 'NEW%' ORDER BY id") == [
        ("NEW1", "NEW1", "unknown"),
        ("NEW2", "NEW2", "unknown"),
    ]


def test_unknown_entities_are_all_counted(with_entities, write):
    body = "".join(f"X,MISSING{i},,1,,,,,\n" for i in range(15))
    with pytest.raises(InputError) as err:
        load(with_entities, write("h.csv", HEADER + body))
    assert err.value.total == 15
    assert "... and 5 more problem(s)" in str(err.value)


def test_shares_over_100_percent_are_imported_with_a_warning_naming_entity_and_total(with_entities, write):
    body = (
        "X,C,shareholding,60,,,,,\n"
        "A,C,shareholding,,45.5,,,,\n"  # a range: its lower bound counts
        "B,C,control,,,,,,\n"  # control adds nothing
        "X,B,shareholding,60,,,2010-01-01,2011-01-01,\n"  # ended: not in force
        "A,B,shareholding,50,,,,,\n"
    )
    result = load(with_entities, write("h.csv", HEADER + body))
    assert result.counts.inserted == 5 and counts(with_entities)["holdings"] == 5
    over = [w for w in result.warnings if "over 100%" in w]
    assert [w.rsplit("/", 1)[-1] for w in over] == [
        "h.csv: entity C (Gamma): 2 shareholdings in force total at least 105.5% (over 100%); "
        "imported as stated (registers publish overlapping ranges): check the holdings"
    ]


def test_shares_adding_up_to_exactly_100_percent_do_not_warn(with_entities, write):
    result = load(with_entities, write("h.csv", HEADER + "X,C,shareholding,60,,,,,\nA,C,shareholding,40,,,,,\nA,C,voting,,,,,,\n"))
    assert not [w for w in result.warnings if "100%" in w]
