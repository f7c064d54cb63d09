"""Reading counterparty / customer files and finding their name, country, role, id columns.

Rules:
- CSV (encoding as the importers: named, or detected by ``store.textfile``; delimiter sniffed
  among , ; tab |; a row with more fields than the header is an error), XLSX, JSON Lines
  and Parquet, chosen by extension (``.csv/.tsv/.txt``, ``.xlsx/.xlsm``, ``.jsonl/.ndjson``,
  ``.parquet``).
- Columns are found by header, case-insensitively and with ``_ - . / # ° :`` read as spaces,
  among common variants (``company``, ``counterparty``, ``end user``, ``名称``, ``国家`` …; for the
  id ``customer_no``, ``client id``, ``Kundennummer``, ``numéro client``, ``客户编号`` … in several
  languages) unless named explicitly; a name column is required. A missing id column and every
  column not used are warned about (one line each, the list of names capped). Columns named like an identifier scheme (``lei``, ``uscc``, ``duns`` …) and an
  ``identifiers`` column (``scheme:value;…``) give the subject's identifiers.
- Countries may be codes or names in any language (``China``, ``中国``, ``CN``): they are
  reduced to ISO 3166-1 alpha-2 with rigour's territory data; unknown ones are dropped.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from partyscreen.errors import InputError, UsageError
from partyscreen.screening.countries import country_code  # noqa: F401  (re-exported)
from partyscreen.store.csvfile import check_record_width, column_list, malformed, normalize_header, read_head
from partyscreen.store.textfile import text_encoding

NAME_HEADERS = (
    "name", "company", "company name", "party", "party name", "counterparty",
    "counterparty name", "consignee", "end user", "enduser", "customer",
    "customer name", "importer", "entity", "entity name", "organisation",
    "organization", "legal name", "名称", "公司名称", "企业名称", "客户名称", "名字", "单位名称",
)
COUNTRY_HEADERS = ("country", "country code", "nation", "jurisdiction", "国家", "国家/地区", "国别")
ROLE_HEADERS = ("role", "party role", "party type", "角色")
_ID_WORDS = ("id", "no", "nr", "number", "code", "ref", "reference", "key", "account")
_PARTY_WORDS = (
    "", "subject", "customer", "client", "party", "counterparty", "account", "record", "vendor", "supplier",
    "partner", "business partner", "debtor", "creditor", "consignee", "end user", "importer", "buyer",
)
ID_HEADERS = (
    "id", "subject id", "customer id", "customer no", "customer number", "customer code", "client id", "client no",
    *(f"{party} {word}".strip() for party in _PARTY_WORDS for word in _ID_WORDS),
    "account number", "record number", "uid", "bp number", "our ref",
    # German, Dutch
    "kundennummer", "kunden nr", "kundennr", "kunden id", "kd nr", "kdnr", "kundenkennung", "lieferantennummer",
    "lieferanten nr", "debitorennummer", "debitor nr", "debitor", "kreditorennummer", "partnernummer",
    "geschäftspartner", "geschäftspartnernummer", "nummer", "referenz", "klantnummer", "klantnr", "klant id",
    "debiteurnummer", "relatienummer",
    # French, Spanish, Portuguese, Italian
    "numéro client", "numero client", "n client", "no client", "code client", "id client", "identifiant",
    "identifiant client", "référence client", "reference client", "référence", "numéro", "numero", "n",
    "número de cliente", "numero de cliente", "número cliente", "código cliente", "codigo cliente",
    "código de cliente", "codigo de cliente", "id cliente", "referencia", "número", "código", "codigo",
    "código do cliente", "número do cliente", "codice cliente", "numero cliente", "codice",
    # Russian, Polish, Turkish
    "номер клиента", "код клиента", "ид клиента", "номер", "код", "numer klienta", "kod klienta",
    "müşteri no", "müşteri kodu",
    # Chinese, Japanese, Korean
    "编号", "客户编号", "客户代码", "客户编码", "客户号", "客户id", "客户号码", "代码", "编码", "序号",
    "供应商编号", "供应商代码", "单位编号", "企业编号", "客戶編號", "編號", "顧客番号", "顧客コード", "取引先コード",
    "取引先番号", "番号", "コード", "고객번호", "고객코드", "번호",
)
IDENTIFIER_SCHEMES = ("lei", "uscc", "duns", "cage", "imo", "ofac_uid", "registration_number", "inn", "ogrn", "vat")
_SEPARATORS = re.compile(r"[\s_\-./#°:№]+")


def header_key(name: object) -> str:
    """A header as compared with the variants: NFKC, case-folded, ``_ - . / # ° : №`` read as spaces."""
    text = unicodedata.normalize("NFKC", normalize_header(str(name))).casefold()
    return _SEPARATORS.sub(" ", text).strip()


@dataclass(frozen=True)
class ColumnMap:
    """Which input column holds what (``None`` when absent)."""

    name: str
    country: str | None = None
    role: str | None = None
    id: str | None = None
    identifiers: tuple[str, ...] = ()


ENCODING_ATTR = "partyscreen_encoding"
"""``frame.attrs`` key of the encoding a CSV input was read with (e.g. ``cp1252 (detected)``)."""
ROWS_ATTR = "partyscreen_rows"
"""``frame.attrs`` flag: the frame's index (named ``row``) is each row's spreadsheet row (header = 1),
so blank lines, which are dropped, keep their numbers (the flag is honoured while the index is named ``row``)."""


def read_subjects(path: str | Path, encoding: str | None = None) -> pd.DataFrame:
    """The file as a DataFrame of strings ('' for empty cells), headers kept as written.

    A CSV's encoding is ``encoding`` if given, else detected (``partyscreen.store.textfile``);
    it is kept in ``frame.attrs[ENCODING_ATTR]``. Errors end with "Nothing was screened."
    """
    file = Path(path)
    if not file.is_file():
        raise InputError.at(str(path), None, None, "file not found", outcome=InputError.SCREENED)
    suffix = file.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(file, dtype=str)
        elif suffix in (".jsonl", ".ndjson"):
            frame = pd.read_json(file, lines=True, dtype=False)
        elif suffix == ".parquet":
            frame = pd.read_parquet(file)
        else:
            frame = _read_csv(file, encoding)
    except InputError as exc:
        raise exc.reworded(InputError.SCREENED) from None
    except Exception as exc:  # noqa: BLE001 - any reader failure is a bad input file
        raise InputError.at(
            str(path), None, None, f"cannot read as {suffix or 'CSV'}: {exc}", outcome=InputError.SCREENED
        ) from None
    attrs = dict(frame.attrs)
    frame = frame.astype(object).where(frame.notna(), "").map(lambda v: v if isinstance(v, str) else str(v))
    frame.attrs.update(attrs)
    return frame


def _read_csv(file: Path, encoding: str | None) -> pd.DataFrame:
    chosen = text_encoding(file, encoding, str(file))
    with file.open("r", encoding=chosen.codec, newline="") as fh:
        sample = fh.read(64 * 1024)
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    header, first = read_head(file, chosen.codec, str(file), delimiter)
    check_record_width(str(file), len(header), first)
    try:
        frame = pd.read_csv(
            file, encoding=chosen.codec, sep=delimiter, dtype=str, keep_default_na=False, index_col=False,
            skip_blank_lines=False,
        )
    except pd.errors.ParserError as exc:
        raise malformed(str(file), exc) from None
    blank = (frame.fillna("") == "").all(axis=1) if len(frame.columns) else pd.Series(True, index=frame.index)
    frame = frame[~blank]  # blank lines keep their number and are skipped
    frame.index = pd.Index(frame.index + 2, name="row")
    frame.attrs[ROWS_ATTR] = True
    frame.attrs[ENCODING_ATTR] = str(chosen)
    return frame


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
    by_header: dict[str, str] = {}
    for c in frame.columns:
        by_header.setdefault(normalize_header(str(c)), str(c))
        by_header.setdefault(header_key(c), str(c))

    def pick(explicit: str | None, variants: tuple[str, ...], what: str) -> str | None:
        if explicit:
            if explicit in frame.columns:
                return explicit
            found = by_header.get(normalize_header(explicit))
            if found is None:
                raise UsageError(f"{source}: no column {explicit!r} for {what} (columns: {', '.join(map(str, frame.columns))})")
            return found
        return next((by_header[header_key(v)] for v in variants if header_key(v) in by_header), None)

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


def column_warnings(frame: pd.DataFrame, columns: ColumnMap, source: str = "input") -> list[str]:
    """One line about an id column not found, and one naming (capped) every column that was not used."""
    warnings = []
    if columns.id is None:
        warnings.append(
            f"{source}: no id column found (looked for id, customer_no, client id, Kundennummer, 客户编号 …): "
            "results name rows by number; name it with --id-column"
        )
    used = {columns.name, columns.country, columns.role, columns.id, *columns.identifiers}
    unused = [c for c in map(str, frame.columns) if c not in used]
    if unused:
        warnings.append(f"{source}: {len(unused):,} column(s) not used: {column_list(unused)}")
    return warnings


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
