"""US Consolidated Screening List import on SQLite and PostgreSQL."""

import csv
import shutil
from pathlib import Path

import pytest

from partyscreen.errors import InputError
from partyscreen.store.db import transaction
from partyscreen.store.importers import import_csl
from partyscreen.store.importers.csl import list_id_for

from .helpers import counts, rows

CSL = Path(__file__).resolve().parents[1] / "fixtures" / "csl" / "consolidated.csv"


def load(engine, path, **kw):
    with transaction(engine) as conn:
        return import_csl(conn, path, **kw)


@pytest.mark.parametrize(
    ("source", "list_id"),
    [
        ("Entity List (EL) - Bureau of Industry and Security", "us-bis-entity"),
        ("Military End User (MEU) List - Bureau of Industry and Security", "us-bis-meu"),
        ("Denied Persons List (DPL) - Bureau of Industry and Security", "us-bis-dpl"),
        ("Unverified List (UVL) - Bureau of Industry and Security", "us-bis-uvl"),
        ("Specially Designated Nationals (SDN) - Treasury Department", "us-ofac-sdn"),
        ("Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department", "us-ofac-cmic"),
        ("Future Restrictions (FRX) - Example Agency", "us-csl-frx"),
        ("A list without an abbreviation", "us-csl-a-list-without-an-abbreviation"),
    ],
)
def test_sources_map_to_list_ids(source, list_id):
    assert list_id_for(source) == list_id


def test_each_source_becomes_its_own_list(engine):
    with CSL.open(encoding="utf-8", newline="") as fh:
        by_source = {}
        for r in csv.DictReader(fh):
            by_source[list_id_for(r["source"])] = by_source.get(list_id_for(r["source"]), 0) + 1
    result = load(engine, CSL)
    assert result.counts.inserted == sum(by_source.values())
    got = dict(rows(engine, "SELECT list_id, COUNT(*) FROM list_entry GROUP BY list_id"))
    assert got == by_source
    assert {"us-bis-entity", "us-bis-meu", "us-bis-dpl", "us-bis-uvl", "us-ofac-sdn", "us-state-isn", "us-csl-frx"} == set(got)


def test_entry_fields(engine):
    load(engine, CSL)
    huawei = rows(
        engine,
        "SELECT name, aliases, name_zh, country, listed_on, reference, url FROM list_entry WHERE name LIKE 'Huawei%'",
    )[0]
    assert huawei[:4] == ("Huawei Technologies Co., Ltd.", "Huawei; 华为技术有限公司", "华为技术有限公司", "CN")
    assert str(huawei[4]) == "2019-05-16" and huawei[5] == "84 FR 22963, 5/22/19" and huawei[6] == "https://www.bis.gov/entity-list"
    dpl = rows(engine, "SELECT kind, listed_on, delisted_on, country FROM list_entry WHERE list_id = 'us-bis-dpl'")[0]
    assert (dpl[0], str(dpl[1]), str(dpl[2]), dpl[3]) == ("unknown", "2017-10-18", "2020-10-15", "US")
    sdn = rows(engine, "SELECT entry_id, entity_id, reference, kind FROM list_entry WHERE list_id = 'us-ofac-sdn' ORDER BY entry_id")
    assert sdn == [("15036", "ofac:15036", "[IRAN]", "vessel"), ("22685", "ofac:22685", "[NPWMD] [IFSR]", "organization")]
    ids = set(rows(engine, "SELECT entity_id, scheme, value FROM identifier"))
    assert ("ofac:22685", "uscc", "9113100033607322XK") in ids and ("ofac:22685", "ofac_uid", "22685") in ids
    assert ("ofac:15036", "imo", "9187629") in ids
    assert not any(scheme == "registration" for _, scheme, _ in ids)  # national numbers are not imported
    names = rows(engine, "SELECT name, name_type, lang FROM entity_name WHERE name = '北京理工大学'")
    assert names == [("北京理工大学", "alias", "zh")]


def test_as_of_is_the_newest_start_date_per_list(engine):
    result = load(engine, CSL)
    got = {l: str(d) for l, d, basis in rows(engine, "SELECT list_id, as_of, as_of_basis FROM list_version WHERE batch_id = :b", b=result.batch_id) if basis == "source"}
    assert got["us-bis-entity"] == "2020-06-05" and got["us-bis-dpl"] == "2017-10-18"  # start_date, not end_date
    assert rows(engine, "SELECT as_of_basis FROM list_version WHERE list_id = 'us-ofac-sdn'") == [("file-date",)]


def test_reimport_changes_nothing_and_a_source_left_out_is_not_touched(engine, tmp_path):
    load(engine, CSL)
    before = counts(engine)
    again = load(engine, CSL)
    assert (again.counts.inserted, again.counts.updated) == (0, 0) and counts(engine) == before
    lines = CSL.read_text(encoding="utf-8").splitlines(keepends=True)
    only_el = [lines[0]] + [l for l in lines[1:] if "(EL)" in l][:1]
    (tmp_path / "el.csv").write_text("".join(only_el), encoding="utf-8")
    third = load(engine, tmp_path / "el.csv")
    removed = rows(engine, "SELECT list_id, removed FROM list_version WHERE batch_id = :b", b=third.batch_id)
    assert removed == [("us-bis-entity", 1)]
    assert rows(engine, "SELECT COUNT(*) FROM list_entry WHERE delisted_on IS NULL AND list_id = 'us-bis-meu'") == [(1,)]


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("x1,Entity List (EL) - Bureau of Industry and Security,,,,,,,,,,,,,,,,,,,,,,,,,,,", "name", "is empty but required"),
        ("x1,Entity List (EL) - Bureau of Industry and Security,,,,Acme,,,,2019/05/16,,,,,,,,,,,,,,,,,,,", "start_date", "is not a date"),
        ("x1,Entity List (EL) - Bureau of Industry and Security,,,,Acme,,,,2020-01-02,2019-01-01,,,,,,,,,,,,,,,,,,", "end_date", "is before start_date"),
    ],
)
def test_bad_rows(engine, tmp_path, row, field, message):
    header = CSL.read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "c.csv").write_text(header + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load(engine, tmp_path / "c.csv")
    assert (err.value.first.row, err.value.first.field) == (2, field)
    assert message in err.value.first.message
    assert counts(engine)["entries"] == 0


def test_file_and_ofac_import_share_the_sdn_entities(engine, tmp_path):
    shutil.copy(CSL, tmp_path / "c.csv")
    load(engine, tmp_path / "c.csv")
    assert rows(engine, "SELECT COUNT(*) FROM entity WHERE id LIKE 'ofac:%'") == [(2,)]


OLD_FORMAT = (  # the header and two rows as published before the _id column was added
    "source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,"
    "standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,"
    "vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,"
    "places_of_birth,source_information_url,ids\n"
    "Entity List (EL) - Bureau of Industry and Security,,,,32 Group China Ltd.,,\"Room 1905, 148 Wing Lok Street, "
    "Sheung Wang, HK\",80 FR 69852,2015-11-12,,,For all items subject to the EAR.,Presumption of denial.,,,,,,,,"
    "http://bit.ly/1L47xrV,\"\",,,,,http://bit.ly/1L47xrV,\n"
    "Specially Designated Nationals (SDN) - Treasury Department,20264,Entity,SDNTK; IFSR,200G PSA HOLDINGS LLC,,"
    "\"80 SW 8th Street Suite 2000, Miami, FL, 33130, US\",,,,,,,,,,,,,,http://bit.ly/1I7ipyR,\"\",\"\",\"\",\"\",\"\","
    "http://bit.ly/1MLgpye,\"US, 80-0890696, Tax ID No.\"\n"
)


def test_files_without_the_id_column_get_stable_content_keys(engine, tmp_path):
    from partyscreen.store.csvfile import open_csv
    from partyscreen.store.importers import guess_format

    (tmp_path / "old.csv").write_text(OLD_FORMAT, encoding="utf-8")
    assert guess_format(tmp_path / "old.csv") == "csl"
    load(engine, tmp_path / "old.csv")
    first = rows(engine, "SELECT entry_id, country FROM list_entry WHERE list_id = 'us-bis-entity'")
    assert len(first) == 1 and first[0][0].startswith("h") and first[0][1] == "HK"
    assert rows(engine, "SELECT reference, country FROM list_entry WHERE entry_id = '20264'") == [("[SDNTK] [IFSR]", "US")]
    assert rows(engine, "SELECT scheme FROM identifier WHERE entity_id = 'ofac:20264'") == [("ofac_uid",)]  # a tax number is national
    again = load(engine, tmp_path / "old.csv")
    assert (again.counts.inserted, again.counts.updated) == (0, 0)
    assert open_csv(tmp_path / "old.csv").columns[0] == "source"
