"""BODS, UK PSC and GLEIF imports (``ownership import``) on SQLite and PostgreSQL.

Samples in ``tests/fixtures/ownership/`` (see the README there); edge cases written by hand.
"""

from __future__ import annotations

import gzip
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from partyscreen.errors import InputError
from partyscreen.shares import UNITS_PER_PERCENT as PCT
from partyscreen.store.db import transaction
from partyscreen.store.importers.ownership import guess_ownership_format, import_ownership

from .helpers import counts, rows

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "ownership"
BODS = SAMPLES / "bods"
GLEIF = SAMPLES / "gleif"
PSC = SAMPLES / "uk_psc"


def load(engine, *paths, fmt="auto"):
    with transaction(engine) as conn:
        return [import_ownership(conn, p, fmt) for p in paths]


def holdings(engine, like="%"):
    return {
        r[0]: r[1:]
        for r in rows(
            engine,
            "SELECT id, owner_id, owned_id, relation, share_min, share_max, min_exclusive, max_exclusive, start_date, end_date "
            "FROM holding WHERE id LIKE :p ORDER BY id",
            p=like,
        )
    }


def plain(row):
    """A holding row with booleans and dates as Python values (SQLite gives 0/1 and strings)."""
    owner, owned, rel, lo, hi, lo_x, hi_x, start, end = row
    as_day = lambda v: None if v is None else date.fromisoformat(str(v)[:10])  # noqa: E731
    return (owner, owned, rel, lo, hi, bool(lo_x), bool(hi_x), as_day(start), as_day(end))


def bods_statement(record_id, kind, details, status="new", day="2020-01-01", statement=None):
    return {
        "statementId": statement or f"s-{record_id}-{day}-{status}",
        "statementDate": day,
        "publicationDetails": {"publicationDate": day, "bodsVersion": "0.4", "publisher": {"name": "test"}},
        "recordId": record_id,
        "recordStatus": status,
        "recordType": kind,
        "recordDetails": details,
    }


def company(record_id, name, number):
    return bods_statement(record_id, "entity", {"isComponent": False, "entityType": {"type": "registeredEntity"},
                                                "name": name, "identifiers": [{"scheme": "GB-COH", "id": number}]})


def relationship(record_id, subject, party, interests, **kw):
    return bods_statement(record_id, "relationship", {"isComponent": False, "subject": subject,
                                                      "interestedParty": party, "interests": interests}, **kw)


def jsonl(write, name, statements):
    return write(name, "\n".join(json.dumps(s) for s in statements) + "\n")


# -- BODS ------------------------------------------------------------------------------------

def test_bods_sample_entities_identifiers_and_exclusive_bounds(engine):
    load(engine, BODS / "bods-package-entity-owning-entity.json")
    assert rows(engine, "SELECT id, name, kind FROM entity ORDER BY id") == [
        ("gb-coh:03209885", "JENEX LIMITED", "organization"),
        ("gb-coh:08150312", "MVJ LIMITED", "organization"),
    ]
    assert ("gb-coh:03209885", "gb-coh", "03209885") in rows(engine, "SELECT entity_id, scheme, value FROM identifier")
    (held,) = holdings(engine).values()
    # minimum 75 (inclusive), exclusiveMaximum 100: [75, 100)
    assert plain(held) == ("gb-coh:08150312", "gb-coh:03209885", "shareholding", 75 * PCT, 100 * PCT, False, True, None, None)
    batch = rows(engine, "SELECT kind, file_name, row_count FROM import_batch")
    assert batch == [("ownership", str(BODS / "bods-package-entity-owning-entity.json"), 3)]


def test_bods_indirect_interest_beside_its_chain_is_not_counted_twice(engine):
    load(engine, BODS / "mixed-direct-and-indirect-ownership.json")
    found = {k: plain(v) for k, v in holdings(engine).items()}
    person, a, b = "bods:53508b65253f", "gb-coh:XE-08-A", "gb-coh:XE-08-B"
    assert found == {
        "bods:07f0f7024a92#000": (b, a, "shareholding", 50 * PCT, 50 * PCT, False, False, date(2017, 11, 1), None),
        "bods:acdf30ece808#000": (person, b, "shareholding", None, None, False, False, None, None),
        # the indirect 50% (interest 0) is the chain above; only the direct 50% from 2019 is a holding
        "bods:f5a45a6daf31#001": (person, a, "shareholding", 50 * PCT, 50 * PCT, False, False, date(2019, 5, 1), None),
    }


def test_bods_unspecified_owner_becomes_a_reporting_exception(engine):
    load(engine, BODS / "listed-company-exempt-from-disclosure.json")
    assert rows(engine, "SELECT entity_id, category, reason FROM reporting_exception") == [
        ("gb-coh:XE000017", "owner", "subjectExemptFromDisclosure")
    ]
    assert holdings(engine) == {}


def test_bods_later_statement_replaces_and_closed_record_ends(engine, write):
    first = jsonl(write, "a.jsonl", [
        company("c1", "Parent Ltd", "P1"), company("c2", "Child Ltd", "C2"),
        relationship("r1", "c2", "c1", [
            {"type": "shareholding", "share": {"exact": 30}},
            {"type": "votingRights", "share": {"exclusiveMinimum": 50, "maximum": 75}},
        ]),
    ])
    load(engine, first)
    assert set(holdings(engine)) == {"bods:r1#000", "bods:r1#001"}
    later = jsonl(write, "b.jsonl", [
        relationship("r1", "c2", "c1", [{"type": "shareholding", "share": {"exact": 60}}], day="2021-01-01", status="updated"),
        relationship("r1", "c2", "c1", [{"type": "shareholding", "share": {"exact": 10}}], day="2020-06-01", status="updated"),
    ])
    load(engine, later)
    # the statement of 2021 wins over the one of 2020-06 (dates, not file order); interest 1 is gone
    assert {k: plain(v)[3:5] for k, v in holdings(engine).items()} == {"bods:r1#000": (60 * PCT, 60 * PCT)}
    closing = jsonl(write, "c.jsonl", [
        bods_statement("r1", "relationship", {"isComponent": False, "subject": "c2", "interestedParty": "c1"},
                       status="closed", day="2022-03-01"),
    ])
    load(engine, closing)
    assert {k: plain(v)[3:] for k, v in holdings(engine).items()} == {
        "bods:r1#000": (60 * PCT, 60 * PCT, False, False, None, date(2022, 3, 1))
    }


def test_bods_same_file_twice_changes_nothing(engine):
    load(engine, BODS / "multiple-indirect-ownership.json")
    before = (counts(engine), holdings(engine), rows(engine, "SELECT id, name, batch_id FROM entity ORDER BY id"))
    (again,) = load(engine, BODS / "multiple-indirect-ownership.json")
    assert again.counts.inserted == 0 and again.counts.updated == 0
    after = (counts(engine), holdings(engine), rows(engine, "SELECT id, name, batch_id FROM entity ORDER BY id"))
    assert after == before


def test_bods_unknown_record_is_an_error_naming_line_and_field(engine, write):
    path = jsonl(write, "bad.jsonl", [
        company("c1", "Parent Ltd", "P1"),
        relationship("r1", "c1", "nobody", [{"type": "shareholding", "share": {"exact": 30}}]),
    ])
    before = counts(engine)
    with pytest.raises(InputError) as err:
        load(engine, path)
    assert str(err.value.first) == (
        f"{path}, line 2, field recordDetails.interestedParty: 'nobody' is not a record of this import or of an earlier one"
    )
    assert counts(engine) == before


def test_bods_malformed_share_and_date_are_errors_and_nothing_is_written(engine, write):
    path = jsonl(write, "bad.jsonl", [
        company("c1", "Parent Ltd", "P1"), company("c2", "Child Ltd", "C2"),
        relationship("r1", "c2", "c1", [{"type": "shareholding", "share": {"exact": 150}}]),
        relationship("r2", "c2", "c1", [{"type": "shareholding", "share": {"minimum": 60, "maximum": 40}}]),
        relationship("r3", "c2", "c1", [{"type": "shareholding", "startDate": "last year"}]),
    ])
    with pytest.raises(InputError) as err:
        load(engine, path)
    messages = [str(p) for p in err.value.problems]
    assert messages == [
        f"{path}, line 3, field recordDetails.interests[0].share: '150' is outside [0, 100]",
        f"{path}, line 4, field recordDetails.interests[0].share: the share range is empty (minimum above maximum)",
        f"{path}, line 5, field recordDetails.interests[0].startDate: 'last year' is not an ISO 8601 date",
    ]
    assert counts(engine)["entities"] == 0 and counts(engine)["holdings"] == 0


def test_bods_array_record_number_and_invalid_json(engine, write):
    bad = write("bad.json", '[{"statementId": "x", "recordType": "entity", "recordId": "c1", "recordDetails": {}},\n {"broken": ]')
    with pytest.raises(InputError) as err:
        load(engine, bad, fmt="bods")
    assert str(err.value.first).startswith(f"{bad}, record 2: not valid JSON")


def test_bods_0_2_statements_and_replaces_statements(engine, write):
    statements = [
        {"statementID": "e1", "statementType": "entityStatement", "statementDate": "2019-01-01", "name": "Owner SA",
         "identifiers": [{"scheme": "XI-LEI", "id": "529900T8BM49AURSDO55"}], "incorporatedInJurisdiction": {"code": "FR"}},
        {"statementID": "e2", "statementType": "entityStatement", "statementDate": "2019-01-01", "name": "Target SARL"},
        {"statementID": "o1", "statementType": "ownershipOrControlStatement", "statementDate": "2019-01-01",
         "subject": {"describedByEntityStatement": "e2"}, "interestedParty": {"describedByEntityStatement": "e1"},
         "interests": [{"type": "shareholding", "interestLevel": "direct",
                        "share": {"minimum": 25, "maximum": 50, "exclusiveMinimum": True, "exclusiveMaximum": False}}]},
        {"statementID": "o2", "statementType": "ownershipOrControlStatement", "statementDate": "2020-01-01",
         "replacesStatements": ["o1"], "subject": {"describedByEntityStatement": "e2"},
         "interestedParty": {"describedByEntityStatement": "e1"},
         "interests": [{"type": "voting-rights", "share": {"exact": 51}, "startDate": "2020-01-01"}]},
    ]
    path = write("v02.json", json.dumps(statements))
    assert guess_ownership_format(path) == "bods"
    load(engine, path)
    assert rows(engine, "SELECT id, country FROM entity ORDER BY id") == [("bods:e2", None), ("lei:529900T8BM49AURSDO55", "FR")]
    assert {k: plain(v) for k, v in holdings(engine).items()} == {
        "bods:o1#000": ("lei:529900T8BM49AURSDO55", "bods:e2", "voting", 51 * PCT, 51 * PCT, False, False, date(2020, 1, 1), None)
    }


def test_bods_gzip_and_zip_are_read(engine, tmp_path):
    text = (BODS / "joint-ownership.json").read_bytes()
    gz = tmp_path / "joint.json.gz"
    gz.write_bytes(gzip.compress(text))
    zipped = tmp_path / "joint.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("inner/joint.json", text)
    assert guess_ownership_format(gz) == "bods" and guess_ownership_format(zipped) == "bods"
    load(engine, gz)
    first = holdings(engine)
    (again,) = load(engine, zipped)
    assert again.counts.inserted == 0 and holdings(engine) == first and len(first) == 3


# -- UK PSC ----------------------------------------------------------------------------------

def psc_line(company_number, natures, kind="individual-person-with-significant-control", **data):
    body = {"kind": kind, "name": data.pop("name", "Jane Doe"), "natures_of_control": natures,
            "links": {"self": f"/company/{company_number}/persons-with-significant-control/individual/{data.pop('psc', 'p1')}"},
            "notified_on": "2016-04-06", **data}
    return {"company_number": company_number, "data": body}


def test_psc_bands_have_the_statutory_bounds(engine, write):
    lines = [
        psc_line("00000001", ["ownership-of-shares-25-to-50-percent", "voting-rights-50-to-75-percent"], psc="a"),
        psc_line("00000002", ["ownership-of-shares-75-to-100-percent-as-trust", "right-to-appoint-and-remove-directors"], psc="b"),
        psc_line("00000003", ["ownership-of-shares-50-to-75-percent-as-firm", "significant-influence-or-control"],
                 psc="c", ceased_on="2020-02-01"),
    ]
    path = jsonl(write, "psc.jsonl", lines)
    assert guess_ownership_format(path) == "uk-psc"
    load(engine, path)
    found = {k.rsplit("/", 1)[1]: plain(v)[2:] for k, v in holdings(engine).items()}
    start = date(2016, 4, 6)
    assert found == {
        "a#000": ("shareholding", 25 * PCT, 50 * PCT, True, False, start, None),  # more than 25, at most 50
        "a#001": ("voting", 50 * PCT, 75 * PCT, True, True, start, None),  # more than 50, less than 75
        "b#000": ("shareholding", 75 * PCT, 100 * PCT, False, False, start, None),  # at least 75
        "b#002": ("control", None, None, False, False, start, None),
        "c#000": ("shareholding", 50 * PCT, 75 * PCT, True, True, start, date(2020, 2, 1)),
        "c#002": ("control", None, None, False, False, start, date(2020, 2, 1)),
    }
    assert {r[0] for r in rows(engine, "SELECT owned_id FROM holding")} == {"gb-coh:00000001", "gb-coh:00000002", "gb-coh:00000003"}


def test_psc_corporate_owner_is_linked_by_registration_number(engine):
    load(engine, PSC / "psc-data-8.json")
    owners = rows(engine, "SELECT DISTINCT owner_id, owned_id FROM holding WHERE owned_id = 'gb-coh:04120481'")
    assert owners == [("gb-coh:03530981", "gb-coh:04120481")]
    assert rows(engine, "SELECT name, kind FROM entity WHERE id = 'gb-coh:03530981'") == [("Clientlogic Holding Limited", "organization")]
    # the company itself is known only by its number until another import names it
    assert rows(engine, "SELECT name FROM entity WHERE id = 'gb-coh:04120481'") == [("04120481",)]


def test_psc_unknown_nature_and_missing_company_are_errors(engine, write):
    path = jsonl(write, "psc.jsonl", [
        psc_line("00000001", ["ownership-of-shares-25-to-50-percent"]),
        psc_line("00000002", ["ownership-of-bananas"], psc="x"),
        {"data": {"kind": "individual-person-with-significant-control", "name": "X", "natures_of_control": []}},
    ])
    with pytest.raises(InputError) as err:
        load(engine, path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}, line 2, field data.natures_of_control[0]: 'ownership-of-bananas' is not a known nature of control",
        f"{path}, line 3, field company_number: is empty but required",
    ]
    assert counts(engine)["entities"] == 0


def test_psc_statement_is_a_reporting_exception(engine, write):
    path = jsonl(write, "psc.jsonl", [
        {"company_number": "00000009", "data": {"kind": "persons-with-significant-control-statement",
                                                "statement": "no-individual-or-entity-with-signficant-control",
                                                "links": {"self": "/company/00000009/persons-with-significant-control-statements/z"},
                                                "notified_on": "2016-09-11"}},
    ])
    load(engine, path)
    assert rows(engine, "SELECT entity_id, reason FROM reporting_exception") == [
        ("gb-coh:00000009", "no-individual-or-entity-with-signficant-control")
    ]


# -- GLEIF -----------------------------------------------------------------------------------

def test_gleif_l1_names_country_status(engine):
    load(engine, GLEIF / "lei-data.json")
    assert rows(engine, "SELECT name, country FROM entity WHERE id = 'lei:001GPB6A9XPE8XJICC14'") == [
        ("Fidelity Advisor Leveraged Company Stock Fund", "US")
    ]
    names = set(rows(engine, "SELECT name, name_type FROM entity_name WHERE entity_id = 'lei:001GPB6A9XPE8XJICC14'"))
    assert ("FIDELITY ADVISOR SERIES I - Fidelity Advisor Leveraged Company Stock Fund", "former") in names
    assert rows(engine, "SELECT status FROM source_record WHERE record_id = '001GPB6A9XPE8XJICC14'") == [("ACTIVE/ISSUED",)]
    assert ("lei:001GPB6A9XPE8XJICC14", "lei", "001GPB6A9XPE8XJICC14") in rows(engine, "SELECT entity_id, scheme, value FROM identifier")


def test_gleif_relationships_quantifier_consolidation_and_ultimate(engine):
    load(engine, GLEIF / "rr-updates-data2.json")
    found = {k.split(">")[0].removeprefix("gleif:"): plain(v) for k, v in holdings(engine).items()}
    assert found["2138002YAB7Z9KO21397"] == (
        "lei:984500501A1B1045PB30", "lei:2138002YAB7Z9KO21397", "shareholding", 100 * PCT, 100 * PCT, False, False,
        date(2019, 6, 30), None,
    )
    # no quantifier: control by consolidation
    assert found["98450051BS9C610A8T78"][2:5] == ("control", None, None)
    # IS_ULTIMATELY_CONSOLIDATED_BY is not a holding; fund relationships neither
    assert all("IS_DIRECTLY_CONSOLIDATED_BY" in k for k in holdings(engine))
    assert len(found) == 4
    # parents without an LEI record become placeholders named by their LEI
    assert rows(engine, "SELECT name FROM entity WHERE id = 'lei:984500501A1B1045PB30'") == [("984500501A1B1045PB30",)]


def test_gleif_golden_copy_csv_inactive_and_branch(engine, write):
    header = ("Relationship.StartNode.NodeID,Relationship.StartNode.NodeIDType,Relationship.EndNode.NodeID,"
              "Relationship.EndNode.NodeIDType,Relationship.RelationshipType,Relationship.RelationshipStatus,"
              "Relationship.Period.1.startDate,Relationship.Period.1.endDate,Relationship.Period.1.periodType,"
              "Relationship.Quantifiers.1.MeasurementMethod,Relationship.Quantifiers.1.QuantifierAmount,"
              "Relationship.Quantifiers.1.QuantifierUnits,Registration.LastUpdateDate,Registration.RegistrationStatus")
    lines = [
        header,
        "AAAAAAAAAAAAAAAAAA11,LEI,BBBBBBBBBBBBBBBBBB22,LEI,IS_DIRECTLY_CONSOLIDATED_BY,ACTIVE,2015-01-01T00:00:00Z,,RELATIONSHIP_PERIOD,ACCOUNTING_CONSOLIDATION,60.5,PERCENTAGE,2023-01-01T00:00:00Z,PUBLISHED",
        "CCCCCCCCCCCCCCCCCC33,LEI,BBBBBBBBBBBBBBBBBB22,LEI,IS_DIRECTLY_CONSOLIDATED_BY,INACTIVE,2015-01-01T00:00:00Z,,RELATIONSHIP_PERIOD,,,,2021-07-01T10:00:00Z,PUBLISHED",
        "DDDDDDDDDDDDDDDDDD44,LEI,BBBBBBBBBBBBBBBBBB22,LEI,IS_INTERNATIONAL_BRANCH_OF,ACTIVE,,,,,,,,PUBLISHED",
    ]
    path = write("rr.csv", "\n".join(lines) + "\n")
    assert guess_ownership_format(path) == "gleif-rr"
    load(engine, path)
    found = {k.split(">")[0].removeprefix("gleif:"): plain(v)[2:] for k, v in holdings(engine).items()}
    assert found == {
        "AAAAAAAAAAAAAAAAAA11": ("shareholding", 60_500_000, 60_500_000, False, False, date(2015, 1, 1), None),
        "CCCCCCCCCCCCCCCCCC33": ("control", None, None, False, False, date(2015, 1, 1), date(2021, 7, 1)),
        "DDDDDDDDDDDDDDDDDD44": ("branch", None, None, False, False, None, None),
    }


def test_gleif_repex_csv_and_bad_lei(engine, write):
    path = write("repex.csv", "LEI,Exception.Category,Exception.Reason.1,Exception.Reference.1\n"
                              "AAAAAAAAAAAAAAAAAA11,DIRECT_ACCOUNTING_CONSOLIDATION_PARENT,NATURAL_PERSONS,\n")
    load(engine, path, fmt="gleif-repex")
    assert rows(engine, "SELECT entity_id, category, reason FROM reporting_exception") == [
        ("lei:AAAAAAAAAAAAAAAAAA11", "DIRECT_ACCOUNTING_CONSOLIDATION_PARENT", "NATURAL_PERSONS")
    ]
    bad = write("bad.json", json.dumps([{"LEI": "SHORT", "ExceptionCategory": "X", "ExceptionReason": "Y"}]))
    with pytest.raises(InputError) as err:
        load(engine, bad)
    assert str(err.value.first) == f"{bad}, record 1, field LEI: 'SHORT' is not an LEI (20 characters, 2 check digits)"


def test_ftm_ownership_still_imports_through_ownership_import(engine):
    ftm = SAMPLES.parent / "ftm" / "entities.ftm.json"
    assert guess_ownership_format(ftm) == "ftm"
    (result,) = load(engine, ftm)
    assert counts(engine)["holdings"] > 0 and counts(engine)["entries"] == 0
    assert result.batch_id > 0


def test_nul_character_in_a_register_file_is_refused_naming_record_and_field(engine, write):
    """PostgreSQL cannot store U+0000, so neither engine takes it: JSON Lines, JSON arrays and
    golden-copy CSV name the record and field; nothing is written."""
    lines = jsonl(write, "nul.jsonl", [company("c1", "Parent Ltd", "P1"), company("c2", "Child\u0000 Ltd", "C2")])
    array = write("nul.json", json.dumps([company("c1", "Parent Ltd", "P1"), company("c2", "Child\u0000 Ltd", "C2")]))
    escaped = jsonl(write, "escaped.jsonl", [company("c1", "Parent \\u0000 Ltd", "P1")])  # a backslash, then text
    csv_file = write("nul.csv", "LEI,Entity.LegalName,Entity.LegalAddress.Country\n"
                                "5493001KJTIIGC8Y1R12,Good Name,DE\n529900T8BM49AURSDO55,Bad\x00Name,DE\n")
    before = counts(engine)
    expected = {lines: "line 2, field recordDetails.name", array: "record 2, field recordDetails.name",
                csv_file: "row 3, field Entity.LegalName"}
    for path, where in expected.items():
        with pytest.raises(InputError) as err:
            load(engine, path)
        assert str(err.value.first).startswith(f"{path}, {where}: contains a NUL character (U+0000)")
        assert counts(engine) == before
    load(engine, escaped)
    assert rows(engine, "SELECT name FROM entity") == [("Parent \\u0000 Ltd",)]


def test_bods_latest_statement_gives_names_and_identifiers_and_a_reimport_replaces_only_the_registers(engine, write):
    def entity(day, name, aliases, idents):
        return bods_statement("c1", "entity", {"entityType": {"type": "registeredEntity"}, "name": name,
                                               "alternateNames": aliases, "identifiers": idents}, day=day)

    coh = {"scheme": "GB-COH", "id": "111"}
    later_first = jsonl(write, "v1.jsonl", [  # the later statement comes first in the file: its date decides
        entity("2021-01-01", "New Name Ltd", ["New Alias"], [coh, {"scheme": "DK-CVR", "id": "999"}]),
        entity("2020-01-01", "Old Name Ltd", ["Old Alias"], [coh, {"scheme": "DK-CVR", "id": "555"}]),
    ])
    load(engine, later_first)
    names = "SELECT name, name_type, source FROM entity_name WHERE entity_id = 'gb-coh:111' ORDER BY name"
    idents = "SELECT scheme, value FROM identifier WHERE entity_id = 'gb-coh:111' ORDER BY scheme"
    assert rows(engine, "SELECT name FROM entity WHERE id = 'gb-coh:111'") == [("New Name Ltd",)]
    assert rows(engine, names) == [("New Alias", "alias", "bods"), ("New Name Ltd", "primary", "bods")]
    assert rows(engine, idents) == [("dk-cvr", "999"), ("gb-coh", "111")]
    assert rows(engine, "SELECT record_id, entity_id FROM source_record") == [("c1", "gb-coh:111")]
    with transaction(engine) as conn:  # a name a list gave the same entity
        conn.exec_driver_sql("INSERT INTO entity_name (entity_id, name, normalized, name_type, source) "
                             "VALUES ('gb-coh:111', 'NNL', 'nnl', 'alias', 'list:x')")
    (again,) = load(engine, jsonl(write, "v2.jsonl", [entity("2022-01-01", "Newer Name Ltd", [], [coh])]))
    assert (again.counts.inserted, again.counts.updated) == (0, 1)
    assert rows(engine, names) == [("NNL", "alias", "list:x"), ("Newer Name Ltd", "primary", "bods")]
    assert rows(engine, idents) == [("gb-coh", "111")]
    retired = set(rows(engine, "SELECT name FROM entity_name_history WHERE retired_by = :b", b=again.batch_id))
    assert retired == {("New Alias",), ("New Name Ltd",)}
    assert rows(engine, "SELECT value FROM identifier_history WHERE retired_by = :b", b=again.batch_id) == [("999",)]


def test_bods_malformed_identifier_names_its_field_in_the_record_details(engine, write):
    statement = company("c1", "Parent Ltd", "P1")
    statement["recordDetails"]["identifiers"].append("GB-COH 123")
    path = jsonl(write, "bad.jsonl", [statement])
    with pytest.raises(InputError) as err:
        load(engine, path)
    assert str(err.value.first) == f"{path}, line 1, field recordDetails.identifiers[1]: must be an object"
    assert counts(engine)["entities"] == 0


def test_stakes_over_100_percent_are_imported_with_a_warning_naming_entity_and_total(engine, write):
    statements = [company("c1", "Target Ltd", "00000009"), company("c2", "Owner A Ltd", "00000010"),
                  company("c3", "Owner B Ltd", "00000011"), company("c4", "Owner C Ltd", "00000012")]
    statements += [relationship(f"r{k}", "c1", party, [{"type": "shareholding", "directOrIndirect": "direct", "share": {"exact": share}}])
                   for k, (party, share) in enumerate((("c2", 40), ("c3", 40.5), ("c4", 30)))]
    [result] = load(engine, jsonl(write, "bods.jsonl", statements))
    over = [w for w in result.warnings if "over 100%" in w]
    assert len(over) == 1 and "bods.jsonl: entity gb-coh:00000009 (Target Ltd): 3 shareholdings in force total at least 110.5%" in over[0]
    assert len(holdings(engine)) == 3  # accepted as stated


def test_overlapping_psc_bands_over_100_percent_warn_and_a_later_file_is_checked_against_the_database(engine, write):
    first = [psc_line("00000001", ["ownership-of-shares-25-to-50-percent"], psc=p) for p in ("a", "b", "c")]
    [ok] = load(engine, jsonl(write, "psc1.jsonl", first))
    assert not [w for w in ok.warnings if "over 100%" in w]  # more than 75% in all: possible
    [later] = load(engine, jsonl(write, "psc2.jsonl", [psc_line("00000001", ["ownership-of-shares-25-to-50-percent"], psc="d")]))
    over = [w for w in later.warnings if "over 100%" in w]
    assert len(over) == 1 and "entity gb-coh:00000001" in over[0] and "4 shareholdings in force total more than 100%" in over[0]
    assert len(holdings(engine)) == 4
