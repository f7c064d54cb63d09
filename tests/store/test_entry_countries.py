"""A list entry keeps every country it gives (OFAC addresses, CSL addresses and nationalities, FtM
country properties, our list CSV), and screening compares a party's country with all of them."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from partyscreen.errors import InputError
from partyscreen.matching import Candidate, Matcher
from partyscreen.screening import Screener
from partyscreen.store.db import transaction
from partyscreen.store.importers import import_csl, import_ftm, import_list, import_ofac

from .helpers import rows

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def entry_country(engine, entry_id):
    return rows(engine, "SELECT country FROM list_entry WHERE entry_id = :e", e=entry_id)[0][0]


def entity_country(engine, entity_id):
    return rows(engine, "SELECT country FROM entity WHERE id = :e", e=entity_id)[0][0]


@pytest.fixture
def ofac(engine, tmp_path):
    for name in ("sdn.csv", "alt.csv", "add.csv"):
        shutil.copy(FIXTURES / "ofac" / name, tmp_path / name)
    with transaction(engine) as conn:
        import_ofac(conn, tmp_path / "sdn.csv", as_of=date(2024, 5, 3))
    return engine


def test_an_ofac_entry_keeps_every_addresss_country(ofac):
    assert entry_country(ofac, "306") == "CH;ES;JP;PA"  # BANCO NACIONAL DE CUBA: Zurich, Madrid, Tokyo, Panama City
    assert entity_country(ofac, "ofac:306") == "CH"  # an entity has one country: the first


def test_screening_compares_the_partys_country_with_every_country_of_the_entry(ofac):
    screener = Screener.open(ofac, policy="ofac", as_of=date(2025, 1, 1))
    madrid = screener.screen_name("Banco Nacional de Cuba", country="ES")
    assert madrid[0].entity_id == "ofac:306" and madrid[0].score == 100.0
    assert "different country" not in madrid[0].explanation
    havana = screener.screen_name("Banco Nacional de Cuba", country="CU")
    assert havana[0].score == 90.0
    assert "different country: CU vs CH, ES, JP, PA" in havana[0].explanation


def test_the_matcher_takes_one_country_or_several():
    names = ["BANCO NACIONAL DE CUBA"]
    several = Matcher([Candidate("bnc", names, country=("CH", "ES"))])
    assert several.match("Banco Nacional de Cuba", country="es")[0].score == 100.0
    assert several.match("Banco Nacional de Cuba", country="CU")[0].score == 90.0
    one = Matcher([Candidate("bnc", names, country="CH")])  # the old form still works
    assert one.match("Banco Nacional de Cuba", country="CH")[0].score == 100.0
    assert one.match("Banco Nacional de Cuba", country="ES")[0].score == 90.0
    assert Matcher([Candidate("bnc", names, country=["ch", "ES"])]).match("Banco Nacional de Cuba", country="ES")[0].score == 100.0
    assert Matcher([Candidate("bnc", names, country=())]).match("Banco Nacional de Cuba", country="ES")[0].score == 100.0


def test_a_list_csv_may_give_several_countries(engine, write):
    path = write("l.csv", "list_id,entry_id,name,country\nw,1,Alpha Trading,cn; hk;CN\nw,2,Beta,\n")
    with transaction(engine) as conn:
        import_list(conn, path)
    assert entry_country(engine, "1") == "CN;HK" and entity_country(engine, "w:1") == "CN"
    assert rows(engine, "SELECT country FROM list_entry WHERE entry_id = '2'") == [(None,)]
    with pytest.raises(InputError, match=r"l2.csv, row 2, field country: 'CN;CHINA' is not ISO 3166-1 alpha-2 country codes"):
        with transaction(engine) as conn:
            import_list(conn, write("l2.csv", "list_id,entry_id,name,country\nw,1,Alpha,CN;China\n"))


def test_csl_addresses_and_nationalities_give_every_country(engine, write):
    header = "source,name,addresses,nationalities,citizenships,_id\n"
    body = (
        'Entity List (EL) - Bureau of Industry and Security,Alpha Optics,"1 Road, Beijing, CN; 2 Street, Hong Kong, HK; 3 Way, Beijing, CN",,,a1\n'
        'Entity List (EL) - Bureau of Industry and Security,Ivan Example,"4 Street, Limassol, CY","RU","RU;BY",a2\n'
    )
    with transaction(engine) as conn:
        import_csl(conn, write("consolidated.csv", header + body))
    assert entry_country(engine, "a1") == "CN;HK"
    assert entry_country(engine, "a2") == "CY;RU;BY"
    assert entity_country(engine, "us-bis-entity:a2") == "CY"


def test_ftm_country_properties_give_every_country(engine, write):
    entity = {"id": "p1", "schema": "Person", "target": True,
              "properties": {"name": ["Ivan Example"], "country": ["cy", "ru"], "nationality": ["ru", "by"]}}
    with transaction(engine) as conn:
        import_ftm(conn, write("e.ftm.json", json.dumps(entity) + "\n"))
    assert entry_country(engine, "p1") == "CY;RU;BY"
    assert entity_country(engine, "opensanctions:p1") == "CY"
