"""Reading counterparty / customer files and finding their name, country, role, id columns.

Rules:
- CSV (any encoding the importers accept, delimiter sniffed among , ; tab |), XLSX, JSON Lines
  and Parquet, chosen by extension (``.csv/.tsv/.txt``, ``.xlsx/.xlsm``, ``.jsonl/.ndjson``,
  ``.parquet``).
- Columns are found by header, case-insensitively, among common variants (``company``,
  ``counterparty``, ``end user``, ``名称``, ``国家`` …) unless named explicitly; a name column is
  required. Columns named like an identifier scheme (``lei``, ``uscc``, ``duns`` …) and an
  ``identifiers`` column (``scheme:value;…``) give the subject's identifiers.
- Countries may be codes or names in any language (``China``, ``中国``, ``CN``): they are
  reduced to ISO 3166-1 alpha-2 with rigour's territory data; unknown ones are dropped.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from partyscreen.errors import InputError, UsageError
from partyscreen.screening.countries import country_code  # noqa: F401  (re-exported)
from partyscreen.store.csvfile import detect_encoding, malformed, normalize_header

NAME_HEADERS = (
    "name", "company", "company name", "company_name", "party", "party name", "party_name", "counterparty",
    "counterparty name", "counterparty_name", "consignee", "end user", "end_user", "enduser", "customer",
    "customer name", "customer_name", "importer", "entity", "entity name", "entity_name", "organisation",
    "organization", "legal name", "legal_name", "名称", "公司名称", "企业名称", "客户名称", "名字", "单位名称",
)
COUNTRY_HEADERS = ("country", "country code", "country_code", "nation", "jurisdiction", "国家", "国家/地区", "国别")
ROLE_HEADERS = ("role", "party role", "party_role", "party type", "party_type", "角色")
ID_HEADERS = ("id", "subject_id", "customer id", "customer_id", "party id", "party_id", "record id", "record_id", "code", "编号")
IDENTIFIER_SCHEMES = ("lei", "uscc", "duns", "cage", "imo", "ofac_uid", "registration_number", "inn", "ogrn", "vat")


@dataclass(frozen=True)
class ColumnMap:
    """Which input column holds what (``None`` when absent)."""

    name: str
    country: str | None = None
    role: str | None = None
    id: str | None = None
    identifiers: tuple[str, ...] = ()


def read_subjects(path: str | Path) -> pd.DataFrame:
    """The file as a DataFrame of strings ('' for empty cells), headers kept as written."""
    file = Path(path)
    if not file.is_file():
        raise InputError.at(str(path), None, None, "file not found")
    suffix = file.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(file, dtype=str)
        elif suffix in (".jsonl", ".ndjson"):
            frame = pd.read_json(file, lines=True, dtype=False)
        elif suffix == ".parquet":
            frame = pd.read_parquet(file)
        else:
            frame = _read_csv(file)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - any reader failure is a bad input file
        raise InputError.at(str(path), None, None, f"cannot read as {suffix or 'CSV'}: {exc}") from None
    return frame.astype(object).where(frame.notna(), "").map(lambda v: v if isinstance(v, str) else str(v))


def _read_csv(file: Path) -> pd.DataFrame:
    encoding = detect_encoding(file, str(file))
    with file.open("r", encoding=encoding, newline="") as fh:
        sample = fh.read(64 * 1024)
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    try:
        return pd.read_csv(file, encoding=encoding, sep=delimiter, dtype=str, keep_default_na=False, index_col=False)
    except pd.errors.ParserError as exc:
        raise malformed(str(file), exc) from None


def find_columns(
    frame: pd.DataFrame,
    *,
    name: str | None = None,
    country: str | None = None,
    role: str | None = None,
    id: str | None = None,
    source: str = "input",
) -> ColumnMap:
    """Map the frame's columns; explicit names win, else the first header variant found."""
    by_header = {normalize_header(str(c)): str(c) for c in frame.columns}

    def pick(explicit: str | None, variants: tuple[str, ...], what: str) -> str | None:
        if explicit:
            if explicit in frame.columns:
                return explicit
            found = by_header.get(normalize_header(explicit))
            if found is None:
                raise UsageError(f"{source}: no column {explicit!r} for {what} (columns: {', '.join(map(str, frame.columns))})")
            return found
        return next((by_header[v] for v in variants if v in by_header), None)

    name_col = pick(name, NAME_HEADERS, "the name")
    if name_col is None:
        raise InputError.at(
            source, 1, "name",
            f"no name column found (looked for {', '.join(NAME_HEADERS[:8])} …); name it with --name-column",
        )
    idents = tuple(by_header[s] for s in ("identifiers", *IDENTIFIER_SCHEMES) if s in by_header)
    return ColumnMap(
        name=name_col,
        country=pick(country, COUNTRY_HEADERS, "the country"),
        role=pick(role, ROLE_HEADERS, "the role"),
        id=pick(id, ID_HEADERS, "the id"),
        identifiers=idents,
    )


def subject_identifiers(row: dict[str, str], columns: ColumnMap) -> list[tuple[str, str]]:
    """(scheme, value) pairs from the identifier columns of one row."""
    pairs: list[tuple[str, str]] = []
    for col in columns.identifiers:
        cell = str(row.get(col, "") or "").strip()
        if not cell:
            continue
        header = normalize_header(col)
        if header == "identifiers":
            for part in cell.split(";"):
                scheme, _, value = part.partition(":")
                if scheme.strip() and value.strip():
                    pairs.append((scheme.strip().lower(), value.strip()))
        else:
            pairs.append((header, cell))
    return pairs
