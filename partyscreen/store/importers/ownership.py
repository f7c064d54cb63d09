"""``ownership import``: one entry point for every ownership format.

Formats: ``bods``, ``gleif-l1`` / ``gleif-rr`` / ``gleif-repex`` (one GLEIF importer: each
record's shape says what it is, so a file mixing them is fine), ``uk-psc``, ``ftm``
(FollowTheMoney entities with ``Ownership`` links), ``csv`` (our ``entities.csv`` or
``holdings.csv``, told apart by their header). ``auto`` guesses from the content: the first
record's fields for JSON (plain, gzip or zip), the header for CSV.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from partyscreen.errors import InputError
from partyscreen.store.importers.bods import SOURCE as BODS_SOURCE, BodsReader, is_bods
from partyscreen.store.importers.result import ImportResult
from partyscreen.store.importers.gleif import SOURCE as GLEIF_SOURCE, GleifReader, is_gleif
from partyscreen.store.importers.psc import SOURCE as PSC_SOURCE, PscReader, is_psc
from partyscreen.store.importers.records import first_record, members, peek, shape
from partyscreen.store.importers.registry import RegistryLoader

OWNERSHIP_FORMATS = ("auto", "bods", "gleif-l1", "gleif-rr", "gleif-repex", "uk-psc", "ftm", "csv")
READERS: dict[str, tuple[str, Callable[[RegistryLoader], Any], bool]] = {
    "bods": (BODS_SOURCE, BodsReader, True),
    "gleif": (GLEIF_SOURCE, GleifReader, False),
    "uk-psc": (PSC_SOURCE, PscReader, False),
}


def guess_ownership_format(path: str | Path) -> str:
    """The format of an ownership file, from its content (see module rules)."""
    file = Path(path)
    parts = members(file)
    if not parts:
        raise InputError.at(str(path), None, None, "the archive holds no file")
    first = first_record(parts[0])
    if shape(peek(parts[0])) == "csv":
        header = set(first or {})
        if is_gleif(first or {}):
            return "gleif-rr" if "Relationship.StartNode.NodeID" in header else "gleif-l1"
        return "csv"
    if first is None:
        raise InputError.at(str(path), None, None, "cannot tell the format: no JSON record found (give --format)")
    if is_bods(first):
        return "bods"
    if is_gleif(first):
        return "gleif-rr" if "Relationship" in first else "gleif-l1"
    if is_psc(first):
        return "uk-psc"
    if "schema" in first and "id" in first:
        return "ftm"
    raise InputError.at(str(path), 1, None, "cannot tell the format of this file: not BODS, GLEIF, UK PSC or FtM (give --format)")


def import_ownership(
    conn: sa.Connection,
    path: str | Path,
    fmt: str = "auto",
    *,
    encoding: str | None = None,
    create_missing: bool = False,
    id_prefix: str = "opensanctions",
) -> ImportResult:
    """Import one ownership file in the caller's transaction, or raise ``InputError`` having written nothing."""
    if fmt not in OWNERSHIP_FORMATS:
        raise InputError.at(str(path), None, None, f"unknown format {fmt!r}; expected one of {', '.join(OWNERSHIP_FORMATS)}")
    if fmt == "auto":
        fmt = guess_ownership_format(path)
    if fmt == "csv":
        return _import_csv(conn, Path(path), encoding, create_missing)
    if fmt == "ftm":
        from partyscreen.store.importers.ftm_ownership import import_ftm_ownership

        return import_ftm_ownership(conn, path, id_prefix=id_prefix)
    family = "gleif" if fmt.startswith("gleif") else fmt
    return import_register(conn, Path(path), family)


def import_register(conn: sa.Connection, path: Path, family: str) -> ImportResult:
    """Stream a BODS, GLEIF or UK PSC file record by record into one staged merge (a large file is
    read in a worker process while this one writes: ``pipeline``)."""
    from partyscreen.store.importers.pipeline import read_file

    source, reader_class, resolve = READERS[family]
    loader = RegistryLoader(conn, source, resolve_records=resolve)
    checksum = read_file(loader, path, reader_class)
    return loader.finish(str(path), checksum)


def _import_csv(conn: sa.Connection, path: Path, encoding: str | None, create_missing: bool) -> ImportResult:
    from partyscreen.store.csvfile import open_csv
    from partyscreen.store.importers.entities import import_entities
    from partyscreen.store.importers.holdings import import_holdings

    columns = set(open_csv(path, encoding).columns)
    if {"owner_id", "owned_id"} & columns:
        return import_holdings(conn, path, encoding=encoding, create_missing=create_missing)
    return import_entities(conn, path, encoding=encoding)


def import_many(
    conn: sa.Connection, paths: Sequence[str | Path], fmt: str = "auto", **options: Any
) -> list[ImportResult]:
    """Import files in order, in the caller's one transaction."""
    return [import_ownership(conn, p, fmt, **options) for p in paths]


__all__ = ["OWNERSHIP_FORMATS", "guess_ownership_format", "import_many", "import_ownership", "import_register"]
