"""Import the OFAC SDN list in its legacy CSV format: ``sdn.csv`` with ``alt.csv`` and ``add.csv`` beside it.

Format (no header row; a cell ``-0-`` is empty; the files may end with a Ctrl-Z byte):
- ``sdn.csv``: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
  Vess_flag, Vess_owner, Remarks
- ``alt.csv``: ent_num, alt_num, alt_type, alt_name, alt_remarks
- ``add.csv``: ent_num, add_num, address, city/state/postal, country, add_remarks

Rules:
- Every ``sdn.csv`` row is an entry of list ``us-ofac-sdn`` with entry id ``ent_num`` and its own
  entity ``ofac:<ent_num>``, identifier ``ofac_uid:<ent_num>``. SDN_Type individual is a
  person, vessel a vessel, aircraft unknown, empty an organization.
- The programs are kept as the entry's reference, as OFAC prints them: ``[SDGT] [IRGC]``.
- Names: SDN_Name is primary; alt_type ``aka``/``nka`` are aliases, ``fka`` former names.
  Addresses are joined in add_num order with ``; ``; the entry's countries are every address's
  country, in add_num order, each once (``partyscreen.store.importers.countries``); its entity's
  country is the first.
- Remarks give identifiers when OFAC writes them in its fixed phrasing: ``Unified Social
  Credit Code (USCC) …`` (uscc), ``Legal Entity Number …`` (lei), ``IMO …`` (imo),
  ``SWIFT/BIC …`` (bic).
- ``alt.csv``/``add.csv`` rows whose ent_num is not in ``sdn.csv`` are orphans: counted and
  reported as warnings, not imported. A missing ``alt.csv`` or ``add.csv`` is a warning.
- Row numbers in messages are line numbers (there is no header: the first record is row 1).
- The import is full: SDN entries not in ``sdn.csv`` are removed (see ``importers.entries``).
  Its as_of is the given date, else ``sdn.csv``'s modification date (the file states none).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from partyscreen.errors import InputError
from partyscreen.store.importers.common import ImportResult
from partyscreen.store.importers.countries import country_code
from partyscreen.store.importers.entries import EntryLoader, SourceFile, typed_name_rows
from partyscreen.store.validate import ProblemLog, join_countries

LIST_ID = "us-ofac-sdn"
SOURCE = f"list:{LIST_ID}"
EMPTY = "-0-"
DETAILS_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={}"

SDN_COLUMNS = ("ent_num", "sdn_name", "sdn_type", "program", "title", "call_sign", "vess_type", "tonnage", "grt",
               "vess_flag", "vess_owner", "remarks")
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
ADD_COLUMNS = ("ent_num", "add_num", "address", "city", "country", "add_remarks")

KINDS = {"": "organization", "individual": "person", "vessel": "vessel", "aircraft": "unknown"}
ALT_TYPES = {"aka": "alias", "nka": "alias", "fka": "former", "": "alias"}
REMARK_IDENTIFIERS = (
    ("uscc", re.compile(r"Unified Social Credit Code \(USCC\) ([0-9A-Z]{18})\b")),
    ("lei", re.compile(r"Legal Entity Number ([0-9A-Z]{20})\b")),
    ("imo", re.compile(r"\bIMO (\d{7})\b")),
    ("bic", re.compile(r"SWIFT/BIC ([0-9A-Z]{8}(?:[0-9A-Z]{3})?)\b")),
)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True)
class LegacyFile:
    """One of the three legacy files, decoded: its rows as (line number, stripped cells)."""

    name: str
    data: bytes
    frame: pd.DataFrame
    encoding: str


def is_ofac_file(path: Path) -> bool:
    """True for an ``sdn.csv`` (by name, or by a first line shaped like an SDN record)."""
    if path.name.lower() == "sdn.csv":
        return True
    with path.open("rb") as fh:
        first = fh.readline().decode("utf-8", "replace")
    cells = next(csv.reader([first]), [])
    return len(cells) == len(SDN_COLUMNS) and cells[0].strip().isdigit() and EMPTY in first


def import_ofac(
    conn: sa.Connection, path: str | Path, *, encoding: str | None = None, as_of: date | None = None
) -> ImportResult:
    """Import ``sdn.csv`` and the ``alt.csv``/``add.csv`` beside it, or raise ``InputError`` having written nothing."""
    sdn_path = Path(path)
    warnings: list[str] = []
    sdn = _read(sdn_path, str(path), SDN_COLUMNS, encoding)
    if sdn is None:
        raise InputError.at(str(path), None, None, "file not found")
    log = ProblemLog(sdn.name)
    entries = _validate_sdn(sdn, log)
    log.raise_if_any()
    extra = [_read(sdn_path.with_name(n), str(sdn_path.with_name(n)), cols, encoding) for n, cols in
             (("alt.csv", ALT_COLUMNS), ("add.csv", ADD_COLUMNS))]
    alt, add = extra
    for name, found in (("alt.csv", alt), ("add.csv", add)):
        if found is None:
            warnings.append(f"{sdn_path.with_name(name)} not found: entries imported without its data")
    known = set(entries["ent_num"])
    alt_frame = _validate_extra(alt, known, "alt_name", warnings)
    add_frame = _validate_extra(add, known, "", warnings)
    frame = _entries(entries, alt_frame, add_frame)
    source = _source_file(sdn_path, [f for f in (sdn, alt, add) if f is not None])
    loader = EntryLoader(conn, source)
    loader.stage(frame, _names(entries, alt_frame), _identifiers(entries))
    loader.check()
    batch_id = loader.start("list")
    counts = loader.merge(rows=len(entries), full=True, as_of=as_of, source_dates={})
    return ImportResult("list entry", source.name, batch_id, len(entries), counts, source.encoding, warnings)


def _decode(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    """(text, encoding): the given encoding, else UTF-8 (BOM allowed), else Windows-1252 (older OFAC files)."""
    candidates = [encoding] if encoding else ["utf-8-sig", "cp1252"]
    for codec in candidates:
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputError.at(name, None, None, f"cannot decode the file as {' or '.join(candidates)}")


def _read(path: Path, display: str, columns: tuple[str, ...], encoding: str | None) -> LegacyFile | None:
    """Rows of a legacy file with their line numbers; a row of the wrong width is an error."""
    if not path.is_file():
        return None
    data = path.read_bytes()
    text, codec = _decode(data, display, encoding)
    records: list[list[object]] = []
    problems = ProblemLog(display)
    reader = csv.reader(io.StringIO(text.rstrip("\x1a\r\n \t"), newline=""))  # \r, \n, \r\n all end a line
    try:
        for cells in reader:
            line = reader.line_num
            if not cells or all(c.strip() in ("", EMPTY) for c in cells):
                continue
            if len(cells) != len(columns):
                problems.add(line, None, f"expected {len(columns)} fields ({', '.join(columns)}), found {len(cells)}")
                continue
            records.append([line, *("" if c.strip() == EMPTY else c.strip() for c in cells)])
    except csv.Error as exc:  # e.g. a quote left open: one input error naming the line, not a crash
        problems.add(reader.line_num, None, f"malformed CSV: {exc}")
    problems.raise_if_any()
    return LegacyFile(display, data, pd.DataFrame(records, columns=["_row", *columns]), codec.replace("utf-8-sig", "utf-8"))


def _validate_sdn(sdn: LegacyFile, log: ProblemLog) -> pd.DataFrame:
    frame = sdn.frame
    bad_num = ~frame["ent_num"].str.fullmatch(r"\d+")
    log.add_cells(frame.loc[bad_num, "_row"], "ent_num", frame.loc[bad_num, "ent_num"].map(lambda v: f"{v!r} is not a number"))
    log.add_cells(frame.loc[frame["sdn_name"] == "", "_row"], "SDN_Name", "is empty but required")
    types = frame["sdn_type"].str.lower()
    bad_type = ~types.isin(KINDS)
    log.add_cells(frame.loc[bad_type, "_row"], "SDN_Type", types[bad_type].map(lambda v: f"{v!r} is not individual, vessel, aircraft or empty"))
    return frame.assign(kind=types.map(KINDS))


def _validate_extra(extra: LegacyFile | None, known: set[str], required: str, warnings: list[str]) -> pd.DataFrame:
    """The rows of alt.csv/add.csv that belong to known entries; orphans become one warning."""
    if extra is None:
        return pd.DataFrame(columns=["_row", "ent_num", "alt_num", "add_num", "alt_type", "alt_name", "address", "city", "country"])
    log = ProblemLog(extra.name)
    frame = extra.frame
    bad = ~frame["ent_num"].str.fullmatch(r"\d+")
    log.add_cells(frame.loc[bad, "_row"], "ent_num", frame.loc[bad, "ent_num"].map(lambda v: f"{v!r} is not a number"))
    if required:
        log.add_cells(frame.loc[frame[required] == "", "_row"], required, "is empty but required")
    if "alt_type" in frame:
        unknown = ~frame["alt_type"].str.lower().isin(ALT_TYPES)
        log.add_cells(frame.loc[unknown, "_row"], "alt_type", frame.loc[unknown, "alt_type"].map(lambda v: f"{v!r} is not aka, fka or nka"))
    log.raise_if_any()
    orphan = ~frame["ent_num"].isin(known)
    if orphan.any():
        nums = sorted(set(frame.loc[orphan, "ent_num"]), key=int)
        warnings.append(
            f"{extra.name}: {int(orphan.sum()):,} orphan row(s) name {len(nums):,} ent_num(s) not in sdn.csv "
            f"and were skipped (e.g. {', '.join(nums[:5])})"
        )
    return frame[~orphan]


def _entries(sdn: pd.DataFrame, alt: pd.DataFrame, add: pd.DataFrame) -> pd.DataFrame:
    """One row per SDN entry in the list contract."""
    alt = alt.assign(order=pd.to_numeric(alt["alt_num"], errors="coerce")).sort_values(["ent_num", "order"])
    aliases = alt.groupby("ent_num")["alt_name"].agg("; ".join)
    name_zh = alt[alt["alt_name"].str.contains(_CJK.pattern, regex=True)].groupby("ent_num")["alt_name"].first()
    add = add.assign(order=pd.to_numeric(add["add_num"], errors="coerce")).sort_values(["ent_num", "order"])
    lines = [", ".join(v for v in parts if v) for parts in zip(add["address"], add["city"], add["country"])]
    addresses = add.assign(line=lines)[lambda f: f["line"] != ""].groupby("ent_num")["line"].agg("; ".join)
    countries = add.assign(code=add["country"].map(country_code))[lambda f: f["code"] != ""].groupby("ent_num")["code"].agg(join_countries)
    num = sdn["ent_num"]
    return pd.DataFrame(
        {
            "row": sdn["_row"],
            "list_id": LIST_ID,
            "entry_id": num,
            "entity_id": "ofac:" + num,
            "linked": False,
            "name": sdn["sdn_name"],
            "aliases": _lookup(num, aliases),
            "name_zh": _lookup(num, name_zh),
            "kind": sdn["kind"],
            "country": _lookup(num, countries),
            "address": _lookup(num, addresses),
            "listed_on": "",
            "delisted_on": "",
            "reference": sdn["program"].map(lambda p: f"[{p}]" if p else ""),
            "url": num.map(DETAILS_URL.format),
        }
    )


def _lookup(keys: pd.Series, values: pd.Series) -> pd.Series:
    """``values[key]`` for each key, '' where there is none."""
    found = keys.map(values).astype(object)
    return found.where(found.notna(), "")


def _names(sdn: pd.DataFrame, alt: pd.DataFrame) -> list[tuple[object, ...]]:
    primary = pd.DataFrame({"entity_id": "ofac:" + sdn["ent_num"], "name": sdn["sdn_name"], "name_type": "primary"})
    others = pd.DataFrame(
        {
            "entity_id": "ofac:" + alt["ent_num"],
            "name": alt["alt_name"],
            "name_type": alt["alt_type"].str.lower().map(ALT_TYPES),
        }
    )
    return typed_name_rows(pd.concat([primary, others], ignore_index=True).assign(source=SOURCE))


def _identifiers(sdn: pd.DataFrame) -> list[tuple[object, ...]]:
    """``ofac_uid`` for every entry, plus the identifiers its remarks state in OFAC's fixed phrasing."""
    rows: set[tuple[object, ...]] = set()
    for num, remarks in zip(sdn["ent_num"].tolist(), sdn["remarks"].tolist()):
        entity = f"ofac:{num}"
        rows.add((entity, "ofac_uid", num, SOURCE))
        for scheme, pattern in REMARK_IDENTIFIERS:
            for match in pattern.finditer(remarks):
                rows.add((entity, scheme, match.group(1), SOURCE))
    return sorted(rows)  # type: ignore[arg-type]


def _source_file(sdn_path: Path, files: list[LegacyFile]) -> SourceFile:
    """The audit record's file: sdn.csv's name (plus the side files read) and one checksum of all their bytes."""
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.data)
    side = "+".join(Path(f.name).name for f in files[1:])
    name = files[0].name + (f" (+{side})" if side else "")
    return SourceFile(name, digest.hexdigest(), files[0].encoding, sdn_path)
