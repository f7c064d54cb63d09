"""Import the US Consolidated Screening List (CSL) CSV, the trade.gov bulk download.

Columns: _id, source, entity_number, type, programs, name, title, addresses,
federal_register_notice, start_date, end_date, standard_order, license_requirement,
license_policy, call_sign, vessel_type, gross_tonnage, gross_registered_tonnage, vessel_flag,
vessel_owner, remarks, source_list_url, alt_names, citizenships, dates_of_birth, nationalities,
places_of_birth, source_information_url, ids (only ``source`` and ``name`` are required).

Rules:
- Each ``source`` is its own list, by the abbreviation in its name (``Entity List (EL) - Bureau
  of Industry and Security`` is ``us-bis-entity``; see ``SOURCE_LISTS``); an unknown source
  becomes ``us-csl-<slug of its abbreviation or name>``.
- Treasury (``us-ofac-*``) rows are keyed by ``entity_number``, OFAC's ent_num, and designate the
  entity ``ofac:<ent_num>`` (the same one the OFAC SDN importer writes); other rows are keyed by
  ``_id`` (older files without it: ``h`` + a hash of source, name, addresses and notice) and
  become entities ``<list_id>:<key>``.
- type Individual is a person, Entity an organization, Vessel a vessel, anything else unknown.
- ``alt_names`` (``;``-separated) are aliases, the first in Chinese script also the Chinese name;
  ``addresses`` (``;``-separated) are kept as the address; the entry's countries are every
  address's trailing two-letter code, then the ``nationalities`` and ``citizenships`` given as
  two-letter codes, each once (its entity's country is the first); ``start_date`` is listed_on, ``end_date`` delisted_on.
- The reference is the programs as OFAC prints them (``[SDGT]``; the column separates them with
  ``;`` or ``] [``) and the Federal Register notice; the URL is the source information URL (else
  the source list URL).
- ``ids`` items (``;``-separated, each ``[country, ]number, type`` as in ``US, 80-0890696, Tax ID
  No.`` or ``IMO 9116412, Vessel Registration Identification``) give identifiers only for global
  schemes that cannot clash between registers: USCC (uscc), Legal Entity Number (lei), IMO
  (imo), SWIFT/BIC (bic); Treasury rows also get ``ofac_uid``.
- A full import (the default) replaces each list whose source the file has.
  Its as_of is the given date, else the newest start_date of the source (not after today),
  else the file's date.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from partyscreen.store.csvfile import CsvSource, check_columns, open_csv, read_chunks
from partyscreen.store.importers.common import ImportResult
from partyscreen.store.db import as_date
from partyscreen.store.importers.entries import EntryLoader, SourceFile, typed_name_rows
from partyscreen.store.validate import ProblemLog, iso_date, join_countries, require, stripped

COLUMNS = (
    "_id", "source", "entity_number", "type", "programs", "name", "title", "addresses", "federal_register_notice",
    "start_date", "end_date", "standard_order", "license_requirement", "license_policy", "call_sign", "vessel_type",
    "gross_tonnage", "gross_registered_tonnage", "vessel_flag", "vessel_owner", "remarks", "source_list_url",
    "alt_names", "citizenships", "dates_of_birth", "nationalities", "places_of_birth", "source_information_url", "ids",
)
REQUIRED = ("source", "name")
SIGNATURE = {"source", "entity_number", "programs", "alt_names", "source_information_url"}
"""Header columns that together mark a file as CSL."""

SOURCE_LISTS = {
    "EL": "us-bis-entity",
    "MEU": "us-bis-meu",
    "DPL": "us-bis-dpl",
    "UVL": "us-bis-uvl",
    "SDN": "us-ofac-sdn",
    "FSE": "us-ofac-fse",
    "SSI": "us-ofac-ssi",
    "NS-MBS": "us-ofac-ns-mbs",
    "CMIC": "us-ofac-cmic",
    "CAPTA": "us-ofac-capta",
    "NS-PLC": "us-ofac-ns-plc",
    "PLC": "us-ofac-ns-plc",
    "ISN": "us-state-isn",
    "DTC": "us-state-dtc",
}
"""The CSL source abbreviation (in parentheses in ``source``) -> our list id."""

KINDS = {"individual": "person", "entity": "organization", "vessel": "vessel"}
ID_SCHEMES = (
    ("uscc", re.compile(r"unified social credit code", re.I)),
    ("lei", re.compile(r"legal entity number|\blei\b", re.I)),
    ("imo", re.compile(r"\bimo\b|vessel registration identification", re.I)),
    ("bic", re.compile(r"swift/bic", re.I)),
)
_ABBREVIATION = re.compile(r"\(([A-Za-z][A-Za-z-]*?)(?: List)?\)")
_CJK = r"[\u3400-\u4dbf\u4e00-\u9fff]"


def is_csl_file(source: CsvSource) -> bool:
    return SIGNATURE <= set(source.columns)


def list_id_for(source: str) -> str:
    """Our list id for a CSL ``source`` (see ``SOURCE_LISTS``; unknown ones slugged)."""
    found = _ABBREVIATION.search(source)
    key = found.group(1).upper() if found else ""
    if key in SOURCE_LISTS:
        return SOURCE_LISTS[key]
    slug = re.sub(r"[^a-z0-9]+", "-", (key or source).lower()).strip("-")
    return f"us-csl-{slug or 'unknown'}"


def import_csl(
    conn: sa.Connection,
    path: str | Path,
    *,
    encoding: str | None = None,
    as_of: date | None = None,
    full: bool = True,
) -> ImportResult:
    """Validate and load a CSL file, one list per source, or raise ``InputError`` having written nothing."""
    source = open_csv(path, encoding)
    warnings = check_columns(source, REQUIRED, COLUMNS)
    log = ProblemLog(source.name)
    loader = EntryLoader(conn, SourceFile(source.name, source.checksum, source.encoding, source.path))
    rows = 0
    newest: dict[str, date] = {}
    for chunk in read_chunks(source, COLUMNS):
        rows += len(chunk)
        frame = _entries(chunk, log)
        if log:
            continue
        _note_newest(frame, newest)
        loader.stage(frame, _names(frame), _identifiers(chunk, frame))
    log.raise_if_any()
    loader.check()
    batch_id = loader.start("list")
    counts = loader.merge(rows=rows, full=full, as_of=as_of, source_dates=newest)
    return ImportResult("list entry", source.name, batch_id, rows, counts, source.encoding, warnings)


def _entries(chunk: pd.DataFrame, log: ProblemLog) -> pd.DataFrame:
    """The chunk's rows in the list contract (problems logged)."""
    sources = require(chunk, "source", log)
    names = require(chunk, "name", log)
    list_ids = sources.map(list_id_for)
    treasury = list_ids.str.startswith("us-ofac-")
    number, row_id = stripped(chunk, "entity_number"), stripped(chunk, "_id")
    row_id = row_id.where(row_id != "", _content_keys(chunk))
    entry = number.where(treasury & (number != ""), row_id)
    listed, delisted = iso_date(chunk, "start_date", log), iso_date(chunk, "end_date", log)
    backwards = (listed != "") & (delisted != "") & (delisted < listed)
    log.add_cells(chunk.loc[backwards, "_row"], "end_date", "is before start_date")
    aliases = stripped(chunk, "alt_names").map(_split)
    addresses = stripped(chunk, "addresses")
    return pd.DataFrame(
        {
            "row": chunk["_row"],
            "list_id": list_ids,
            "entry_id": entry,
            "entity_id": ("ofac:" + entry).where(treasury, list_ids + ":" + entry),
            "linked": False,
            "name": names,
            "aliases": aliases.map("; ".join),
            "name_zh": aliases.map(lambda items: next((a for a in items if re.search(_CJK, a)), "")),
            "kind": stripped(chunk, "type").str.lower().map(KINDS).fillna("unknown"),
            "country": [
                _countries(a, n, c) for a, n, c in zip(addresses, stripped(chunk, "nationalities"), stripped(chunk, "citizenships"))
            ],
            "address": addresses,
            "listed_on": listed,
            "delisted_on": delisted,
            "reference": [_reference(p, n) for p, n in zip(stripped(chunk, "programs"), stripped(chunk, "federal_register_notice"))],
            "url": stripped(chunk, "source_information_url").where(
                stripped(chunk, "source_information_url") != "", stripped(chunk, "source_list_url")
            ),
        }
    )


def _content_keys(chunk: pd.DataFrame) -> pd.Series:
    """A stable key for rows without ``_id``: a hash of what identifies the listing."""
    parts = zip(*(stripped(chunk, c) for c in ("source", "name", "addresses", "federal_register_notice")))
    return pd.Series(["h" + hashlib.sha1("|".join(p).encode()).hexdigest()[:16] for p in parts], index=chunk.index)


def _split(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(";") if item.strip()]


def _countries(addresses: str, nationalities: str, citizenships: str) -> str:
    """Every address's trailing two-letter country code, then the two-letter nationalities and
    citizenships, each once, joined with ``;`` ('' when none)."""
    found = [address.rsplit(",", 1)[-1].strip() for address in addresses.split(";")]
    found += [item.strip().upper() for cell in (nationalities, citizenships) for item in re.split(r"[;,]", cell)]
    return join_countries(code for code in found if re.fullmatch(r"[A-Z]{2}", code))


def _reference(programs: str, notice: str) -> str:
    names = [p.strip() for p in re.split(r"[\[\];]", programs) if p.strip()]
    bracketed = " ".join(f"[{p}]" for p in names)
    return "; ".join(part for part in (bracketed, notice) if part)


def _note_newest(frame: pd.DataFrame, newest: dict[str, date]) -> None:
    """Track each list's newest start_date that is not in the future (its as_of)."""
    today = date.today()
    for list_id, listed in zip(frame["list_id"], frame["listed_on"]):
        if listed:
            day = as_date(listed)
            if day <= today and (list_id not in newest or day > newest[list_id]):
                newest[list_id] = day


def _names(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    source = "list:" + frame["list_id"]
    primary = pd.DataFrame({"entity_id": frame["entity_id"], "name": frame["name"], "name_type": "primary", "source": source})
    aliases = frame.assign(source=source)[["entity_id", "aliases", "source"]]
    aliases = aliases.assign(name=aliases["aliases"].str.split("; ")).explode("name").dropna(subset=["name"])
    return typed_name_rows(pd.concat([primary, aliases.assign(name_type="alias")[["entity_id", "name", "name_type", "source"]]]))


def _identifiers(chunk: pd.DataFrame, frame: pd.DataFrame) -> list[tuple[object, ...]]:
    """Identifiers of global schemes from ``ids``, and ``ofac_uid`` for Treasury rows."""
    rows: set[tuple[object, ...]] = set()
    for entity, list_id, entry, cell in zip(frame["entity_id"], frame["list_id"], frame["entry_id"], stripped(chunk, "ids")):
        source = f"list:{list_id}"
        if list_id.startswith("us-ofac-"):
            rows.add((entity, "ofac_uid", entry, source))
        for item in _split(cell):
            parts = [p.strip() for p in item.split(",")]
            if len(parts) < 2 or not parts[-2]:
                continue
            id_type, number = parts[-1], parts[-2]
            for scheme, pattern in ID_SCHEMES:
                if pattern.search(id_type):
                    value = re.sub(r"^IMO\s*", "", number, flags=re.I) if scheme == "imo" else number
                    rows.add((entity, scheme, value, source))
                    break
    return sorted(rows)  # type: ignore[arg-type]
