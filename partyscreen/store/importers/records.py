"""Streaming records out of register files: JSON arrays, JSON Lines, CSV; plain, gzip or zip.

Rules:
- Compression is recognised by content (gzip magic ``1f 8b``, zip magic ``PK``), not by name. A
  zip archive's members are read in order, each as a file of its own (``archive.zip:member``).
- JSON: a file whose first non-blank character is ``[`` is one array of records, numbered from 1;
  otherwise it is JSON Lines (or concatenated JSON values), each record numbered by the line it
  starts on. Records are decoded one at a time from a bounded buffer, so memory stays flat
  whatever the file size.
- CSV: a file whose first non-blank character is neither ``[`` nor ``{`` is CSV in UTF-8 (BOM
  allowed); records are dicts by header, numbered as a spreadsheet shows them (header row 1).
- A record that is not valid JSON is an ``InputError`` naming the file and its record number.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NamedTuple

import orjson

from partyscreen.errors import InputError, Problem

READ_BLOCK = 1 << 20
PEEK_BYTES = 1 << 16
_WS = " \t\r\n\ufeff"


class Record(NamedTuple):
    """One record of a register file: where it is (``number``: line for JSON Lines, position
    in the array, row for CSV) and its content. (A tuple: a million of them are made per file.)"""

    file: str
    number: int
    data: dict[str, Any]
    unit: str  # "line" | "record" | "row"

    def problem(self, field: str | None, message: str) -> Problem:
        """A problem with this record (``field`` as a path such as ``interests[0].share.exact``)."""
        return Problem(self.file, self.number, field, message, self.unit)


@dataclass(frozen=True)
class Member:
    """One readable stream of a file (the file itself, or one member of a zip archive)."""

    name: str
    opener: Any  # () -> binary IO


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(READ_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def members(path: Path, display: str | None = None) -> list[Member]:
    """The streams of a file: its decompressed content, or each file inside a zip archive."""
    name = display or str(path)
    if not path.is_file():
        raise InputError.at(name, None, None, "file not found")
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic[:2] == b"\x1f\x8b":
        return [Member(name, lambda: gzip.open(path, "rb"))]
    if magic[:2] == b"PK":
        try:
            with zipfile.ZipFile(path) as archive:
                inner = [i.filename for i in archive.infolist() if not i.is_dir()]
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise InputError.at(name, None, None, f"not a readable zip archive: {exc}") from None
        return [Member(f"{name}:{m}", _zip_opener(path, m)) for m in inner]
    return [Member(name, lambda: path.open("rb"))]


def _zip_opener(path: Path, member: str) -> Any:
    def opener() -> IO[bytes]:
        archive = zipfile.ZipFile(path)
        return archive.open(member)

    return opener


def peek(member: Member) -> bytes:
    """The first bytes of a stream (for format detection)."""
    try:
        with member.opener() as fh:
            return fh.read(PEEK_BYTES)
    except DAMAGED_ARCHIVE as exc:
        raise InputError.at(member.name, None, None, f"cannot decompress: {exc or type(exc).__name__}") from None


DAMAGED_ARCHIVE = (gzip.BadGzipFile, zipfile.BadZipFile, zlib.error, EOFError)
"""What reading a damaged or truncated gzip or zip stream raises: an input error, naming the file."""


def shape(head: bytes) -> str:
    """``json-array``, ``json-lines`` or ``csv`` from a stream's first bytes."""
    text = head.decode("utf-8", errors="replace").lstrip(_WS)
    if text.startswith("["):
        return "json-array"
    if text.startswith("{"):
        return "json-lines"
    return "csv"


def first_record(member: Member) -> dict[str, Any] | None:
    """The first record of a stream, or None (empty or unreadable), for format detection."""
    try:
        for record in read_records(member):
            return record.data
    except (InputError, UnicodeDecodeError, csv.Error):
        return None
    return None


def read_records(member: Member) -> Iterator[Record]:
    """Every record of a stream, in order (see module rules)."""
    try:
        kind = shape(peek(member))
        reader = _csv_records if kind == "csv" else _array_records if kind == "json-array" else _line_records
        yield from reader(member)
    except UnicodeDecodeError as exc:  # a file (or its header) that is not UTF-8 text: an input error, not a crash
        raise InputError.at(member.name, None, None, f"not UTF-8 text: {exc.reason} (byte 0x{exc.object[exc.start]:02x})") from None
    except DAMAGED_ARCHIVE as exc:  # a damaged or truncated archive
        raise InputError.at(member.name, None, None, f"cannot decompress: {exc or type(exc).__name__}") from None


def _line_records(member: Member) -> Iterator[Record]:
    name, loads, bad = member.name, orjson.loads, orjson.JSONDecodeError
    with member.opener() as fh:
        pending: list[bytes] = []
        start = 0
        for number, raw in enumerate(fh, start=1):
            if not pending:
                try:
                    value = loads(raw)
                except bad:
                    if raw.strip():
                        pending, start = [raw], number  # maybe a record spread over several lines
                    continue
                if b"\\u0000" in raw:
                    _refuse_nul(name, number, "line", value)
                yield Record(name, number, value, "line") if type(value) is dict else _record(name, number, value, "line")
                continue
            pending.append(raw)
            joined = b"".join(pending)
            try:
                value = orjson.loads(joined)
            except orjson.JSONDecodeError:
                if len(pending) > 10_000:
                    break
                continue
            pending = []
            if b"\\u0000" in joined:
                _refuse_nul(member.name, start, "line", value)
            yield _record(member.name, start, value, "line")
        if pending:
            _bad_json(member.name, start, "line", b"".join(pending[:50]))


def _bad_json(file: str, number: int, unit: str, raw: bytes) -> None:
    try:
        json.loads(raw)
    except ValueError as exc:
        raise InputError(Problem(file, number, None, f"not valid JSON: {exc}", unit)) from None
    raise InputError(Problem(file, number, None, "not valid JSON", unit))


def _refuse_nul(file: str, number: int, unit: str, value: Any) -> None:
    """Raise ``InputError`` if a text of the record (a key or a value) holds a NUL character:
    PostgreSQL cannot store one, so neither engine takes it (JSON can only write it ``\\u0000``).
    Every record read here is checked, so the register loader stages them without the
    database-side scan of ``bulk.insert_rows``."""
    path = _nul_path(value, "")
    if path is not None:
        raise InputError(Problem(file, number, path or None, "contains a NUL character (U+0000), which the database "
                                 "cannot store: remove it from the input", unit))


def _nul_path(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if "\x00" in str(key):
                return where
            found = _nul_path(item, where)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_path(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def _record(file: str, number: int, value: Any, unit: str) -> Record:
    if type(value) is dict:
        return Record(file, number, value, unit)
    if not isinstance(value, dict):
        raise InputError(Problem(file, number, None, f"is a JSON {type(value).__name__}, expected an object", unit))
    return Record(file, number, value, unit)


def _array_records(member: Member) -> Iterator[Record]:
    """Decode the elements of one top-level JSON array, one at a time."""
    decoder = json.JSONDecoder()
    with member.opener() as raw_fh:
        fh = io.TextIOWrapper(raw_fh, encoding="utf-8-sig", errors="strict")
        buffer = fh.read(READ_BLOCK).lstrip(_WS)
        if not buffer.startswith("["):
            raise InputError.at(member.name, None, None, "expected a JSON array")
        pos, number, eof = 1, 0, False
        while True:
            while True:
                pos = _skip(buffer, pos)
                if pos < len(buffer) or eof:
                    break
                buffer, pos, eof = _refill(fh, buffer, pos)
            if pos >= len(buffer):
                raise InputError(Problem(member.name, number + 1, None, "the JSON array is not closed (file truncated?)", "record"))
            char = buffer[pos]
            if char == "]":
                return
            if char == "," and number:
                pos += 1
                continue
            number += 1
            while True:
                try:
                    value, end = decoder.raw_decode(buffer, pos)
                    break
                except json.JSONDecodeError as exc:
                    if eof:
                        raise InputError(Problem(member.name, number, None, f"not valid JSON: {exc.msg}", "record")) from None
                    buffer, pos, eof = _refill(fh, buffer, pos)
            if buffer.find("\\u0000", pos, end) >= 0:
                _refuse_nul(member.name, number, "record", value)
            yield _record(member.name, number, value, "record")
            pos = end
            pos = _skip(buffer, pos)
            if pos < len(buffer) and buffer[pos] not in ",]":
                raise InputError(Problem(member.name, number, None, "is not followed by ',' or ']'", "record"))


def _skip(buffer: str, pos: int) -> int:
    while pos < len(buffer) and buffer[pos] in _WS:
        pos += 1
    return pos


def _refill(fh: IO[str], buffer: str, pos: int) -> tuple[str, int, bool]:
    """Drop what was consumed and read one more block: (buffer, position 0, at end of file)."""
    more = fh.read(READ_BLOCK)
    return buffer[pos:] + more, 0, not more


def _csv_records(member: Member) -> Iterator[Record]:
    with member.opener() as raw_fh:
        fh = io.TextIOWrapper(raw_fh, encoding="utf-8-sig", errors="strict", newline="")
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            return
        names = [h.strip() for h in header]
        try:
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                if any("\x00" in cell for cell in row):
                    column = next(n for n, c in zip(names, row) if "\x00" in c) if len(row) <= len(names) else None
                    _refuse_nul(member.name, reader.line_num, "row", {column or "": "\x00"})
                yield Record(member.name, reader.line_num, dict(zip(names, (c.strip() for c in row))), "row")
        except UnicodeDecodeError as exc:
            raise InputError.at(member.name, reader.line_num + 1, None, f"not UTF-8: {exc.reason}") from None
        except csv.Error as exc:
            raise InputError.at(member.name, reader.line_num, None, f"malformed CSV: {exc}") from None
