"""OpenSanctions FollowTheMoney JSON lines import on SQLite and PostgreSQL."""

import json
from datetime import date
from pathlib import Path

import pytest

from partyscreen.errors import InputError
from partyscreen.shares import parse_percent
from partyscreen.store.db import transaction
from partyscreen.store.importers import import_ftm

from .helpers import counts, rows

FTM = Path(__file__).resolve().parents[1] / "fixtures" / "ftm" / "entities.ftm.json"
COMPANY = "NK-3vX9aPq2LmRt8sWb7cYd4e"
PERSON = "NK-8hJ2kLm4NpQr6StUv9WxYz"
SUBSIDIARY = "NK-9aB1cD3eF5gH7jK9mN1pQr"
GRANDCHILD = "NK-7qW2eR4tY6uI8oP0aS2dF4"


def fixture_entities():
    return [json.loads(line) for line in FTM.read_text(encoding="utf-8").splitlines() if line.strip()]


def load(engine, path=FTM, **kw):
    with transaction(engine) as conn:
        return import_ftm(conn, path, **kw)


def test_targets_are_entries_and_other_parties_entities(engine):
    targets = {e["id"] for e in fixture_entities() if e.get("target") and e["schema"] in ("Company", "Person", "Vessel")}
    load(engine, list_id="os-test")
    assert {r[0] for r in rows(engine, "SELECT entry_id FROM list_entry WHERE list_id = 'os-test'")} == targets
    assert {r[0] for r in rows(engine, "SELECT id FROM entity")} == {f"os-test:{i}" for i in targets | {SUBSIDIARY, GRANDCHILD}}


def test_names_identifiers_country_and_listing(engine):
    load(engine)
    entry = rows(
        engine,
        "SELECT name, name_zh, country, listed_on, reference, url, kind FROM list_entry WHERE entry_id = :e",
        e=COMPANY,
    )[0]
    assert entry[:3] == ("Beijing Example Optronics Co., Ltd.", "北京示例光电有限公司", "CN")
    assert str(entry[3]) == "2024-05-09"
    assert entry[4] == "Entity List (topics: sanction, export.control)"
    assert entry[5] == "https://www.federalregister.gov/d/2024-10155" and entry[6] == "organization"
    ids = set(rows(engine, "SELECT entity_id, scheme, value FROM identifier"))
    assert (f"opensanctions:{COMPANY}", "uscc", "91110108MA01ABCD2X") in ids
    assert (f"opensanctions:{COMPANY}", "lei", "300300C1234567890123") in ids
    assert (f"opensanctions:{PERSON}", "inn", "770123456789") in ids
    assert (f"opensanctions:{SUBSIDIARY}", "registration-hk", "2765432") in ids
    names = set(rows(engine, "SELECT name, name_type FROM entity_name WHERE entity_id = :e", e=f"opensanctions:{PERSON}"))
    assert names == {("Ivan Petrovich EXAMPLEV", "primary"), ("Ivan EXAMPLEV", "alias"), ("Ivan SAMPLOV", "former")}


def test_ownerships_become_holdings(engine):
    result = load(engine)
    got = rows(engine, "SELECT id, owner_id, owned_id, share_min, share_max, start_date, end_date FROM holding ORDER BY id")
    assert [(r[0], r[1], r[2], r[3], r[4], str(r[5]), str(r[6])) for r in got] == [
        ("opensanctions:own-1", f"opensanctions:{COMPANY}", f"opensanctions:{SUBSIDIARY}", parse_percent("60"),
         parse_percent("60"), "2019-01-01", "None"),
        ("opensanctions:own-2", f"opensanctions:{SUBSIDIARY}", f"opensanctions:{GRANDCHILD}", None, None,
         "2021-03-01", "2025-07-01"),
    ]
    assert any("1 ownership(s) name a party that is not in the file" in w for w in result.warnings)
    assert any("'majority'" in w for w in result.warnings)


def test_as_of_is_the_newest_last_seen(engine):
    result = load(engine)
    got = rows(engine, "SELECT as_of, as_of_basis FROM list_version WHERE batch_id = :b", b=result.batch_id)
    assert [(str(a), b) for a, b in got] == [("2026-11-21", "source")]
    again = load(engine, as_of=date(2026, 11, 25))
    assert (again.counts.inserted, again.counts.updated) == (0, 0)


def test_reimport_changes_nothing_and_a_smaller_file_removes(engine, tmp_path):
    load(engine)
    before = counts(engine)
    load(engine)
    assert counts(engine) == before
    kept = [e for e in fixture_entities() if e["id"] not in (PERSON, "own-1")]
    (tmp_path / "smaller.json").write_text("\n".join(json.dumps(e) for e in kept) + "\n", encoding="utf-8")
    third = load(engine, tmp_path / "smaller.json")
    assert rows(engine, "SELECT removed FROM list_version WHERE batch_id = :b", b=third.batch_id) == [(1,)]
    assert rows(engine, "SELECT id FROM holding ORDER BY id") == [("opensanctions:own-2",)]
    assert rows(engine, "SELECT delisted_on IS NOT NULL FROM list_entry WHERE entry_id = :e", e=PERSON) == [(True,)]


def test_without_target_flags_every_party_is_an_entry(engine, tmp_path):
    lines = [{"id": "a1", "schema": "Company", "properties": {"name": ["Acme Ltd"]}},
             {"id": "p1", "schema": "Person", "properties": {"name": ["John Roe"]}}]
    (tmp_path / "plain.json").write_text("\n".join(json.dumps(e) for e in lines), encoding="utf-8")
    load(engine, tmp_path / "plain.json", list_id="plain")
    assert rows(engine, "SELECT entry_id, kind FROM list_entry ORDER BY entry_id") == [("a1", "organization"), ("p1", "person")]


@pytest.mark.parametrize(
    ("content", "row", "message"),
    [
        ('{"id": "a1", "schema": "Company", "properties": {}}\n{not json}\n', 2, "not valid JSON"),
        ('{"schema": "Company", "properties": {}}\n', 1, "needs an id and a schema"),
    ],
)
def test_bad_lines_are_errors_naming_the_line(engine, tmp_path, content, row, message):
    (tmp_path / "bad.json").write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load(engine, tmp_path / "bad.json")
    assert err.value.first.row == row and message in err.value.first.message
    assert counts(engine)["entities"] == 0
