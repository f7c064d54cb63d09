"""Reading our CSV contracts: encoding detection, checksums, headers, chunks with row numbers.

Rules:
- Accepted encodings: UTF-8 (with or without BOM), UTF-16 with BOM, and GB18030 (a superset
  of GBK and GB2312) when the bytes are not valid UTF-8. Anything else is an error naming the
  first undecodable byte's row, unless the caller names the encoding.
- Rows are numbered as a spreadsheet shows them: the header is row 1, the first record row 2.
  Blank lines keep their number and are skipped.
- Header names are compared trimmed and case-insensitively; unknown columns are reported as
  warnings and ignored; a missing required column is an error.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from partyscreen.errors import InputError

READ_BLOCK = 1 << 20
CHUNK_ROWS = 200_000
"""Rows validated and staged at a time: bounds memory on multi-million-row files."""

SUPPORTED_ENCODINGS = "UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK"


@dataclass(frozen=True)
class CsvSource:
    """A CSV file whose encoding is known and whose bytes have been checksummed."""

    path: Path
    name: str
    encoding: str
    checksum: str
    columns: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())


def _bom_encoding(head: bytes) -> str | None:
    if head.startswith(codecs.BOM_UTF32_LE) or head.startswith(codecs.BOM_UTF32_BE):
        return "utf-32"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    return None


def _first_undecodable(path: Path, encoding: str) -> tuple[int, int] | None:
    """(byte offset, row) of the first byte ``encoding`` cannot decode, or None if all decode."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    newlines = 0
    with path.open("rb") as fh:
        while block := fh.read(READ_BLOCK):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                bad = offset + max(exc.start, 0)
                newlines += block[: max(exc.start, 0)].count(b"\n")
                return bad, newlines + 1
            offset += len(block)
            newlines += block.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return offset, newlines + 1
    return None


def file_checksum(path: Path) -> str:
    """sha256 of the file's bytes (the import and screening audit trail)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(READ_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def detect_encoding(path: Path, display: str) -> str:
    """The codec to read ``path`` with, or an InputError saying why none fits."""
    with path.open("rb") as fh:
        head = fh.read(4)
    bom = _bom_encoding(head)
    if bom == "utf-32":
        raise InputError.at(display, None, None, f"UTF-32 is not supported; re-save as UTF-8 ({SUPPORTED_ENCODINGS})")
    if bom is not None:
        failure = _first_undecodable(path, bom)
        if failure is None:
            return bom
        raise InputError.at(
            display, failure[1], None, f"has a {bom} byte-order mark but byte {failure[0]} is not valid {bom}"
        )
    utf8_failure = _first_undecodable(path, "utf-8")
    if utf8_failure is None:
        return "utf-8"
    if _first_undecodable(path, "gb18030") is None:
        return "gb18030"
    offset, row = utf8_failure
    raise InputError.at(
        display,
        row,
        None,
        f"cannot decode byte {offset} as UTF-8 nor the file as GB18030; "
        f"re-save it as UTF-8 or name its encoding with --encoding (accepted: {SUPPORTED_ENCODINGS})",
    )


def open_csv(path: str | Path, encoding: str | None = None, display: str | None = None) -> CsvSource:
    """Check that ``path`` exists and decodes, and read its header."""
    file_path = Path(path)
    shown = display or str(path)
    if not file_path.is_file():
        raise InputError.at(shown, None, None, "file not found")
    if encoding is None:
        encoding = detect_encoding(file_path, shown)
    else:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError.at(shown, None, None, f"unknown encoding {encoding!r}") from None
        failure = _first_undecodable(file_path, encoding)
        if failure is not None:
            raise InputError.at(shown, failure[1], None, f"byte {failure[0]} is not valid {encoding}")
    columns = _read_header(file_path, encoding, shown)
    return CsvSource(file_path, shown, encoding, file_checksum(file_path), columns)


def normalize_header(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower()


def _read_header(path: Path, encoding: str, display: str) -> tuple[str, ...]:
    with path.open("r", encoding=encoding, newline="") as fh:
        try:
            header = next(csv.reader(fh))
        except StopIteration:
            raise InputError.at(display, 1, None, "the file is empty: expected a header row") from None
    columns = tuple(normalize_header(h) for h in header)
    seen: set[str] = set()
    for col in columns:
        if col in seen:
            raise InputError.at(display, 1, col, "column appears twice in the header")
        seen.add(col)
    return columns


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
            f"required column missing (header has: {', '.join(c for c in source.columns if c) or 'nothing'}; "
            f"required: {', '.join(required)})",
        )
    known = set(required) | set(optional)
    unknown = [c for c in source.columns if c not in known]
    if unknown:
        return [f"{source.name}: ignoring unknown column(s): {', '.join(unknown)}"]
    return []


_PARSER_LINE = re.compile(r"line (\d+)")


def malformed(file: str, exc: pd.errors.ParserError) -> InputError:
    """pandas' tokenizer error as an InputError naming the line it reports."""
    match = _PARSER_LINE.search(str(exc))
    return InputError.at(file, int(match.group(1)) if match else None, None, f"malformed CSV: {exc}")


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
    positions = sorted(source.columns.index(c) for c in usecols if c in source.columns)
    present = [source.columns[p] for p in positions]
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
    start = 2
    try:
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
