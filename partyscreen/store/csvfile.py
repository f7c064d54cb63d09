"""Reading our CSV contracts: encoding detection, checksums, headers, chunks with row numbers.

Rules:
- Encodings are decided by ``partyscreen.store.textfile`` (byte-order mark, UTF-8, else
  charset-normalizer among UTF-16/32, GB18030 and Windows-1252), or named by the caller.
- A record with more fields than the header is an error naming its row, the first record too;
  an unterminated quote names the row where the quote opens; a field over the csv module's
  limit (131,072 characters) in the header or first record is an error, not a traceback.
- Rows are numbered as a spreadsheet shows them: the header is row 1, the first record row 2.
  Blank lines keep their number and are skipped.
- Header names are compared trimmed and case-insensitively; unknown columns are reported as
  warnings and ignored; a missing required column is an error.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from partyscreen.errors import InputError
from partyscreen.store import textfile

READ_BLOCK = 1 << 20
CHUNK_ROWS = 200_000
"""Rows validated and staged at a time: bounds memory on multi-million-row files."""

@dataclass(frozen=True)
class CsvSource:
    """A CSV file whose encoding is known and whose bytes have been checksummed."""

    path: Path
    name: str
    encoding: str
    checksum: str
    columns: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())


def file_checksum(path: Path) -> str:
    """sha256 of the file's bytes (the import and screening audit trail)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(READ_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def detect_encoding(path: Path, display: str) -> str:
    """The codec to read ``path`` with (``textfile`` rules), or an InputError saying why none fits."""
    return textfile.detect_encoding(path, display).codec


def open_csv(path: str | Path, encoding: str | None = None, display: str | None = None) -> CsvSource:
    """Check that ``path`` exists and decodes, and read its header."""
    file_path = Path(path)
    shown = display or str(path)
    if not file_path.is_file():
        raise InputError.at(shown, None, None, "file not found")
    chosen = textfile.text_encoding(file_path, encoding, shown)
    header, first = read_head(file_path, chosen.codec, shown)
    columns = tuple(normalize_header(h) for h in header)
    _check_header(columns, shown)
    check_record_width(shown, len(columns), first)
    return CsvSource(file_path, shown, chosen.codec, file_checksum(file_path), columns)


def normalize_header(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower()


def read_head(path: Path, encoding: str, display: str, delimiter: str = ",") -> tuple[list[str], tuple[int, list[str]] | None]:
    """The header and the first non-blank record with its row, read with the csv module.

    pandas silently drops the extra fields of the first record (it takes them for an index), so
    that record is checked here; later records are checked by pandas' tokenizer.
    """
    with path.open("r", encoding=encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise _csv_error(display, 1, exc) from None
        if header is None:
            raise InputError.at(display, 1, None, "the file is empty: expected a header row")
        row = 2
        try:
            for record in reader:
                if any(cell.strip() for cell in record):
                    return header, (row, record)
                row += 1
        except csv.Error:
            return header, None  # a field over the csv module's limit: pandas' tokenizer reads it
    return header, None


def _csv_error(display: str, row: int, exc: csv.Error) -> InputError:
    text = str(exc)
    if "field larger than field limit" in text:
        text = f"a field is longer than {csv.field_size_limit():,} characters"
    return InputError.at(display, row, None, f"malformed CSV: {text}")


def check_record_width(display: str, width: int, first: tuple[int, list[str]] | None) -> None:
    """A record with more fields than the header is an error (an unquoted comma shifts every later cell)."""
    if first is None:
        return
    row, record = first
    if len(record) > width:
        extra = ", ".join(repr(cell) for cell in record[width : width + 3])
        raise InputError.at(
            display, row, None,
            f"malformed CSV: {len(record)} fields where the header has {width} (extra: {extra}); "
            "quote cells that contain the delimiter",
        )


def _check_header(columns: tuple[str, ...], display: str) -> None:
    seen: set[str] = set()
    for col in columns:
        if col in seen:
            raise InputError.at(display, 1, col, "column appears twice in the header")
        seen.add(col)


def column_list(names: Iterable[object], limit: int = 20, width: int = 40) -> str:
    """Column names for a one-line message: at most ``limit``, each cut to ``width`` characters."""
    shown: list[str] = []
    total = 0
    for name in names:
        total += 1
        if len(shown) < limit:
            text = str(name)
            shown.append(text if len(text) <= width else text[: width - 1] + "…")
    more = f" … and {total - len(shown):,} more" if total > len(shown) else ""
    return ", ".join(shown) + more


def check_columns(
    source: CsvSource, required: tuple[str, ...], optional: tuple[str, ...]
) -> list[str]:
    """Raise for missing required columns; return warnings for the unknown ones (ignored)."""
    missing = [c for c in required if c not in source.columns]
    if missing:
        raise InputError.at(
            source.name,
            1,
            missing[0],
            f"required column missing (header has: {column_list(c for c in source.columns if c) or 'nothing'}; "
            f"required: {', '.join(required)})",
        )
    known = set(required) | set(optional)
    unknown = [c for c in source.columns if c not in known]
    if unknown:
        return [f"{source.name}: ignoring unknown column(s): {column_list(unknown)}"]
    return []


_PARSER_LINE = re.compile(r"in line (\d+)")
_PARSER_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")


def malformed(file: str, exc: pd.errors.ParserError) -> InputError:
    """pandas' tokenizer error as an InputError naming the spreadsheet row (header = row 1).

    pandas counts "line N" from 1 with the header, but "row N" of an unterminated quote from 0.
    """
    text = str(exc).strip()
    if match := _PARSER_QUOTE.search(text):
        return InputError.at(file, int(match.group(1)) + 1, None, "malformed CSV: a quote opened in this row is never closed")
    match = _PARSER_LINE.search(text)
    text = text.replace("Error tokenizing data. C error: ", "")
    return InputError.at(file, int(match.group(1)) if match else None, None, f"malformed CSV: {text}")


def _refuse_nul(file: str, chunk: pd.DataFrame, columns: list[str]) -> None:
    """A cell with a NUL character is an error on every engine (PostgreSQL cannot store one)."""
    for column in columns:
        bad = chunk[column].str.contains("\x00", regex=False)
        if bad.any():
            row = int(chunk.loc[bad.idxmax(), "_row"])
            raise InputError.at(file, row, column, "contains a NUL character (U+0000), which the database cannot store: remove it")


def read_chunks(source: CsvSource, usecols: tuple[str, ...], chunk_rows: int = CHUNK_ROWS) -> Iterator[pd.DataFrame]:
    """Yield DataFrames of string cells ('' when empty) with a ``_row`` column (header = row 1).

    Only ``usecols`` (those present in the file) are kept; blank lines are dropped. A row with
    more fields than the header is an error (an unquoted comma shifts every later cell).
    """
    import pandas as pd
    positions = sorted(source.columns.index(c) for c in usecols if c in source.columns)
    present = [source.columns[p] for p in positions]
    start = 2
    try:
        reader = pd.read_csv(
            source.path,
            encoding=source.encoding,
            header=0,
            index_col=False,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            chunksize=chunk_rows,
            engine="c",
        )
        for chunk in reader:
            chunk.columns = list(source.columns)  # every column is read so that extra fields are caught
            chunk = chunk[present].fillna("")
            chunk.insert(0, "_row", range(start, start + len(chunk)))
            start += len(chunk)
            blank = (chunk[present] == "").all(axis=1) if present else pd.Series(False, index=chunk.index)
            _refuse_nul(source.name, chunk, present)
            yield chunk[~blank].reset_index(drop=True)
    except pd.errors.ParserError as exc:
        raise malformed(source.name, exc) from None
    except UnicodeDecodeError as exc:  # only when the caller forced a wrong encoding
        raise InputError.at(source.name, None, None, f"cannot decode: {exc}") from None
