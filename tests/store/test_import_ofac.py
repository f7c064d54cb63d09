"""OFAC SDN legacy CSV import (real rows in tests/fixtures/ofac) on SQLite and PostgreSQL."""

import csv
import shutil
from pathlib import Path

import pytest

from partyscreen.errors import InputError
from partyscreen.store.db import transaction
from partyscreen.store.importers import import_ofac

from .helpers import counts, rows

OFAC = Path(__file__).resolve().parents[1] / "fixtures" / "ofac"


def records(name: str) -> list[list[str]]:
    """The fixture's records read independently of the importer: '-0-' cells empty, Ctrl-Z dropped."""
    text = (OFAC / name).read_text(encoding="utf-8").replace("\x1a", "")
    return [["" if c.strip() == "-0-" else c.strip() for c in r] for r in csv.reader(text.splitlines()) if r]


@pytest.fixture
def ofac_dir(tmp_path):
    for name in ("sdn.csv", "alt.csv", "add.csv"):
        shutil.copy(OFAC / name, tmp_path / name)
    return tmp_path


def load(engine, path, **kw):
    with transaction(engine) as conn:
        return import_ofac(conn, path, **kw)


def test_every_sdn_row_is_an_entry_with_its_aliases_and_addresses(engine, ofac_dir):
    sdn, alt, add = records("sdn.csv"), records("alt.csv"), records("add.csv")
    known = {r[0] for r in sdn}
    result = load(engine, ofac_dir / "sdn.csv")
    assert result.counts.inserted == len(sdn) == 207
    assert counts(engine)["entries"] == len(sdn)
    aliases = rows(engine, "SELECT COUNT(*) FROM entity_name WHERE name_type IN ('alias', 'former')")[0][0]
    assert aliases == len({(r[0], r[3]) for r in alt if r[0] in known})
    with_address = rows(engine, "SELECT COUNT(*) FROM list_entry WHERE address IS NOT NULL")[0][0]
    assert with_address == len({r[0] for r in add if r[0] in known and any(r[2:5])})
    ids = rows(engine, "SELECT entity_id, value FROM identifier WHERE scheme = 'ofac_uid' ORDER BY entity_id")
    assert {value for _, value in ids} == known and all(eid == f"ofac:{v}" for eid, v in ids)


def test_known_facts_of_real_entries(engine, ofac_dir):
    load(engine, ofac_dir / "sdn.csv")
    bnc = rows(engine, "SELECT name, kind, country, address, reference FROM list_entry WHERE entry_id = '306'")[0]
    assert bnc[:3] == ("BANCO NACIONAL DE CUBA", "organization", "CH;ES;JP;PA")  # every address: Zurich, Madrid, Tokyo, Panama City
    assert bnc[3].split("; ")[0] == "Zweierstrasse 35, Zurich CH-8022, Switzerland"
    assert "Tokyo 103, Japan" in bnc[3] and bnc[4] == "[CUBA]"
    assert ("NATIONAL BANK OF CUBA", "alias") in rows(engine, "SELECT name, name_type FROM entity_name WHERE entity_id = 'ofac:306'")
    assert ("GESTORAS PRO-AMNISTIA", "former") in rows(engine, "SELECT name, name_type FROM entity_name WHERE entity_id = 'ofac:7219'")
    assert rows(engine, "SELECT reference, country FROM list_entry WHERE entry_id = '22685'") == [("[NPWMD] [IFSR]", "CN")]
    schemes = set(rows(engine, "SELECT entity_id, scheme, value FROM identifier WHERE scheme <> 'ofac_uid'"))
    assert ("ofac:22685", "uscc", "9113100033607322XK") in schemes
    assert ("ofac:15036", "imo", "9187629") in schemes
    assert ("ofac:12028", "bic", "HNRBBY2X") in schemes
    assert rows(engine, "SELECT kind FROM entity WHERE id = 'ofac:15036'") == [("vessel",)]


def test_orphans_are_warnings_with_counts(engine, ofac_dir):
    known = {r[0] for r in records("sdn.csv")}
    result = load(engine, ofac_dir / "sdn.csv")
    for name in ("alt.csv", "add.csv"):
        orphans = [r for r in records(name) if r[0] not in known]
        assert orphans, f"the fixture {name} has orphan rows"
        warning = next(w for w in result.warnings if name in w)
        assert f"{len(orphans)} orphan row(s) name {len({r[0] for r in orphans})} ent_num(s)" in warning


def test_importing_twice_changes_nothing(engine, ofac_dir):
    load(engine, ofac_dir / "sdn.csv")
    snapshot = (counts(engine), rows(engine, "SELECT * FROM entity_name ORDER BY id"), rows(engine, "SELECT COUNT(*) FROM list_change"))
    again = load(engine, ofac_dir / "sdn.csv")
    assert (again.counts.inserted, again.counts.updated) == (0, 0)
    assert (counts(engine), rows(engine, "SELECT * FROM entity_name ORDER BY id"), rows(engine, "SELECT COUNT(*) FROM list_change")) == snapshot
    version = rows(engine, "SELECT added, changed, removed, entries FROM list_version WHERE batch_id = :b", b=again.batch_id)
    assert version == [(0, 0, 0, 207)]


def test_without_side_files_entries_load_with_a_warning(engine, tmp_path):
    shutil.copy(OFAC / "sdn.csv", tmp_path / "sdn.csv")
    result = load(engine, tmp_path / "sdn.csv")
    assert result.counts.inserted == 207
    assert sum("not found" in w for w in result.warnings) == 2


def test_as_of_is_given_or_the_file_date(engine, ofac_dir):
    from datetime import date
    import os

    os.utime(ofac_dir / "sdn.csv", (1714694400, 1714694400))  # 2024-05-03 00:00 UTC
    first = load(engine, ofac_dir / "sdn.csv")
    assert rows(engine, "SELECT as_of, as_of_basis FROM list_version WHERE batch_id = :b", b=first.batch_id)[0][1] == "file-date"
    assert str(rows(engine, "SELECT as_of FROM list_version WHERE batch_id = :b", b=first.batch_id)[0][0]) == "2024-05-03"
    given = load(engine, ofac_dir / "sdn.csv", as_of=date(2024, 5, 6))
    assert [tuple(map(str, r)) for r in rows(engine, "SELECT as_of, as_of_basis FROM list_version WHERE batch_id = :b", b=given.batch_id)] == [("2024-05-06", "given")]


@pytest.mark.parametrize(
    ("line", "row", "field", "message"),
    [
        ('36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"\r\n', 1, None, "expected 12 fields"),
        ('X1,"ACME",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n', 1, "ent_num", "is not a number"),
        ('36,-0- ,-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n', 1, "SDN_Name", "is empty but required"),
        ('36,"ACME","company","CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n', 1, "SDN_Type", "is not individual"),
    ],
)
def test_bad_rows_name_file_row_and_field_and_write_nothing(engine, tmp_path, line, row, field, message):
    (tmp_path / "sdn.csv").write_text(line, encoding="utf-8", newline="")
    with pytest.raises(InputError) as err:
        load(engine, tmp_path / "sdn.csv")
    assert (err.value.first.row, err.value.first.field) == (row, field)
    assert message in err.value.first.message and "sdn.csv" in err.value.first.file
    assert counts(engine)["entries"] == 0


def test_repeated_ent_num_is_an_error(engine, tmp_path):
    line = '36,"ACME",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    (tmp_path / "sdn.csv").write_text(line + line.replace("ACME", "ACME TWO"), encoding="utf-8", newline="")
    with pytest.raises(InputError) as err:
        load(engine, tmp_path / "sdn.csv")
    assert (err.value.first.row, err.value.first.field) == (2, "entry_id")


def test_windows_1252_files_are_read(engine, tmp_path):
    line = '36,"CAFÉ CUBANO S.A.",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    (tmp_path / "sdn.csv").write_bytes(line.encode("cp1252"))
    result = load(engine, tmp_path / "sdn.csv")
    assert result.encoding == "cp1252"
    assert rows(engine, "SELECT name FROM list_entry") == [("CAFÉ CUBANO S.A.",)]
