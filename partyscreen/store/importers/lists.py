"""Import list CSV files and list measure periods.

List CSV: ``list_id,entry_id,name,aliases,name_zh,kind,country,address,listed_on,delisted_on,reference,url,entity_id``.
Rules: ``entry_id`` and ``name`` are required and (list_id, entry_id) is unique in the file;
``list_id`` comes from the column or, when the file has none, from the caller (``--list``).
An entry with ``entity_id`` designates that entity of the ownership data (which must exist,
unless ``create_missing``); otherwise the entry becomes its own entity ``<list_id>:<entry_id>``.
``country`` may give several ISO codes separated by ``;`` (every country the party is known in);
the entry keeps them all, its own entity the first.
The entry's names (English, aliases, Chinese) are attached to its entity as the list's names,
replacing what an earlier import of the same list gave it. Entries are upserted.

A list import is full by default: entries of its lists that the file lacks are removed
(marked delisted, see ``partyscreen.store.importers.entries``).

Measures CSV: ``list_id,reference,entry_id,status,start_date,end_date,announced_on,url,note``.
Rules: ``status`` is suspended or ended; a row names an ``entry_id`` or a ``reference`` (every
entry of the list published by that announcement); the list must already be imported; dates
ISO 8601 with start < end. Rows are upserted by list, reference, entry, status and start (one
unambiguous key, ``partyscreen.store.keys.field_key``). A
measures file is full by default too: measures of the lists it names that it lacks are deleted
(they were corrections of our data; the history keeps them). Every import records its changes
and a new version of each list (``partyscreen.store.history``).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from partyscreen.errors import InputError, Problem
from partyscreen.store import bulk, history
from partyscreen.store.bulk import Stage
from partyscreen.store.csvfile import CsvSource, check_columns, open_csv, read_chunks
from partyscreen.store.importers.common import ImportResult
from partyscreen.store.keys import field_key
from partyscreen.store.db import as_date
from partyscreen.store.importers.entries import ENTRY_STAGE, ENTRY_VALUES, EntryLoader, SourceFile  # noqa: F401  (stages re-exported from their old home)
from partyscreen.store.models import ENTITY_KINDS, MEASURE_STATUSES
from partyscreen.store.validate import ProblemLog, choice, countries, iso_date, name_length, nullable, require, stripped

LIST_COLUMNS = ("list_id", "entry_id", *history.ENTRY_FIELDS)
MEASURE_COLUMNS = ("list_id", *history.MEASURE_FIELDS)
_LIST_ID = r"[a-z0-9][a-z0-9._-]*"

def is_measures_file(source: CsvSource) -> bool:
    return "status" in source.columns and "name" not in source.columns


def import_list(
    conn: sa.Connection,
    path: str | Path,
    *,
    list_id: str | None = None,
    encoding: str | None = None,
    create_missing: bool = False,
    full: bool = True,
    as_of: date | None = None,
) -> ImportResult:
    """Validate and upsert a list CSV, or raise ``InputError`` having written nothing.

    ``full`` (the default): the file is the whole of each list it names, so entries of those
    lists it lacks are recorded as removed (see ``partyscreen.store.importers.entries``).
    """
    source = open_csv(path, encoding)
    required = ("entry_id", "name") if "list_id" not in source.columns and list_id else ("list_id", "entry_id", "name")
    if "list_id" not in source.columns and not list_id:
        raise InputError.at(source.name, 1, "list_id", "required column missing: add a list_id column or pass --list ID")
    warnings = check_columns(source, required, LIST_COLUMNS)
    log = ProblemLog(source.name)
    loader = EntryLoader(conn, SourceFile(source.name, source.checksum, source.encoding, source.path))
    rows = 0
    for chunk in read_chunks(source, LIST_COLUMNS):
        rows += len(chunk)
        staged = _validate_entries(chunk, list_id, log)
        if not log:
            loader.stage(staged)
    log.raise_if_any()
    loader.check(create_missing)
    batch_id = loader.start("list")
    counts = loader.merge(rows=rows, full=full, as_of=as_of, create_missing=create_missing)
    return ImportResult("list entry", source.name, batch_id, rows, counts, source.encoding, warnings)


def _validate_entries(chunk: pd.DataFrame, list_id: str | None, log: ProblemLog) -> pd.DataFrame:
    if "list_id" in chunk.columns:
        lists = require(chunk, "list_id", log).str.lower()
        if list_id:
            other = (lists != list_id) & (lists != "")
            log.add_cells(chunk.loc[other, "_row"], "list_id", f"differs from --list {list_id}")
    else:
        lists = pd.Series(list_id, index=chunk.index)
    bad_id = (lists != "") & ~lists.str.fullmatch(_LIST_ID)
    log.add_cells(chunk.loc[bad_id, "_row"], "list_id", "must be lower-case letters, digits, '.', '_' or '-'")
    entry = require(chunk, "entry_id", log)
    name = require(chunk, "name", log)
    for column, sep in (("name", None), ("aliases", ";"), ("name_zh", None)):
        name_length(chunk, column, log, sep)
    listed = iso_date(chunk, "listed_on", log)
    delisted = iso_date(chunk, "delisted_on", log)
    backwards = (listed != "") & (delisted != "") & (delisted < listed)
    log.add_cells(chunk.loc[backwards, "_row"], "delisted_on", "is before listed_on")
    linked_to = stripped(chunk, "entity_id")
    frame = pd.DataFrame(
        {
            "row": chunk["_row"],
            "list_id": lists,
            "entry_id": entry,
            "entity_id": linked_to.where(linked_to != "", lists + ":" + entry),
            "linked": linked_to != "",
            "name": name,
            "aliases": stripped(chunk, "aliases"),
            "name_zh": stripped(chunk, "name_zh"),
            "kind": choice(chunk, "kind", ENTITY_KINDS, "unknown", log),
            "country": countries(chunk, "country", log),
            "address": stripped(chunk, "address"),
            "listed_on": listed,
            "delisted_on": delisted,
            "reference": stripped(chunk, "reference"),
            "url": stripped(chunk, "url"),
        }
    )
    return frame


# --- measures ---------------------------------------------------------------------------------

MEASURE_STAGE = Stage(
    "stage_measure",
    (
        ("row", "INTEGER"),
        ("id", "TEXT"),
        ("list_id", "TEXT"),
        ("reference", "TEXT"),
        ("entry_id", "TEXT"),
        ("status", "TEXT"),
        ("start_date", "DATE"),
        ("end_date", "DATE"),
        ("announced_on", "DATE"),
        ("url", "TEXT"),
        ("note", "TEXT"),
    ),
)
MEASURE_VALUES = [c for c, _ in MEASURE_STAGE.columns if c not in ("row", "id")]


def import_measures(
    conn: sa.Connection, path: str | Path, *, encoding: str | None = None, full: bool = True
) -> ImportResult:
    """Validate and upsert a list-measures file, or raise ``InputError`` having written nothing."""
    source = open_csv(path, encoding)
    warnings = check_columns(source, ("list_id", "status"), MEASURE_COLUMNS)
    if "reference" not in source.columns and "entry_id" not in source.columns:
        raise InputError.at(source.name, 1, "reference", "required column missing: give reference or entry_id")
    log = ProblemLog(source.name)
    bulk.create_stage(conn, MEASURE_STAGE)
    history.create_content_stage(conn)
    rows = 0
    for chunk in read_chunks(source, MEASURE_COLUMNS):
        rows += len(chunk)
        frame = _validate_measures(chunk, log)
        if not log:
            cols = list(MEASURE_STAGE.column_names)
            bulk.load_stage(conn, MEASURE_STAGE, nullable(frame[cols]).itertuples(index=False, name=None))
            _stage_measure_contents(conn, frame)
    log.raise_if_any()
    dupes = bulk.duplicate_keys(conn, MEASURE_STAGE, ["id"])
    if dupes:
        raise InputError([Problem(source.name, b, "status", f"repeats the measure of row {a}") for a, b, _ in dupes])
    unknown = conn.exec_driver_sql(
        f"SELECT s.row, s.list_id FROM {MEASURE_STAGE.name} s WHERE NOT EXISTS "
        "(SELECT 1 FROM list l WHERE l.id = s.list_id) ORDER BY s.row LIMIT 100"
    ).fetchall()
    if unknown:
        raise InputError(
            [Problem(source.name, r, "list_id", f"{lst!r} is not an imported list (import the list first)") for r, lst in unknown]
        )
    batch_id = bulk.start_batch(conn, "measures", source.name, source.checksum, source.encoding)
    removed = _record_measure_versions(conn, batch_id, full)  # before the upsert: new measures must not look like a baseline
    counts = bulk.upsert_from_stage(conn, "list_measure", MEASURE_STAGE, ["id"], MEASURE_VALUES, batch_id)
    bulk.finish_batch(conn, batch_id, rows, counts)
    bulk.drop_stage(conn, MEASURE_STAGE)
    unmatched = _measures_matching_nothing(conn, batch_id)
    warnings += [f"{source.name}: measure {m} matches no list entry" for m in unmatched]
    if removed:
        warnings.append(_removed_warning(source.name, removed))
    return ImportResult("measure", source.name, batch_id, rows, counts, source.encoding, warnings, removed=len(removed))


def _removed_warning(file: str, removed: list[tuple[str, str]]) -> str:
    """Say which measures a full measures file removed (the lists it names had them, it lacks them)."""
    shown = ", ".join(f"{list_id} {measure}" for list_id, measure in removed[:5])
    more = f" and {len(removed) - 5} more" if len(removed) > 5 else ""
    return (
        f"{file}: {len(removed)} measure(s) of the lists it names are not in the file and were removed "
        f"({shown}{more}); the history keeps them. Use --partial to add or update measures only"
    )


def _validate_measures(chunk: pd.DataFrame, log: ProblemLog) -> pd.DataFrame:
    lists = require(chunk, "list_id", log).str.lower()
    reference = stripped(chunk, "reference")
    entry = stripped(chunk, "entry_id")
    neither = (reference == "") & (entry == "")
    log.add_cells(chunk.loc[neither, "_row"], "reference", "give a reference (announcement) or an entry_id")
    status = choice(chunk, "status", MEASURE_STATUSES, "", log)
    start = iso_date(chunk, "start_date", log)
    end = iso_date(chunk, "end_date", log)
    backwards = (start != "") & (end != "") & (start >= end)
    log.add_cells(chunk.loc[backwards, "_row"], "end_date", "must be after start_date")
    key = field_key(lists, reference, entry, status, start)
    return pd.DataFrame(
        {
            "row": chunk["_row"],
            "id": key,
            "list_id": lists,
            "reference": reference,
            "entry_id": entry,
            "status": status,
            "start_date": start,
            "end_date": end,
            "announced_on": iso_date(chunk, "announced_on", log),
            "url": stripped(chunk, "url"),
            "note": stripped(chunk, "note"),
        }
    )


def _measures_matching_nothing(conn: sa.Connection, batch_id: int) -> list[str]:
    rows = conn.execute(
        sa.text(
            "SELECT m.id FROM list_measure m WHERE m.batch_id = :batch AND NOT EXISTS ("
            "SELECT 1 FROM list_entry e WHERE e.list_id = m.list_id AND "
            "(e.entry_id = m.entry_id OR (m.entry_id IS NULL AND e.reference = m.reference)))"
        ),
        {"batch": batch_id},
    )
    return [r[0] for r in rows]


def _stage_measure_contents(conn: sa.Connection, frame: pd.DataFrame) -> None:
    records = frame.to_dict("records")
    history.stage_contents(
        conn, [(r["list_id"], r["id"], history.content_json(r, history.MEASURE_FIELDS)) for r in records]
    )


def _record_measure_versions(conn: sa.Connection, batch_id: int, full: bool) -> list[tuple[str, str]]:
    """Record measure changes and a new version of each list named (as_of: newest announcement, if
    later); the (list, measure) keys a full import removed."""
    stated = {
        list_id: as_date(newest) if newest is not None else None
        for list_id, newest in conn.exec_driver_sql(
            f"SELECT list_id, MAX(announced_on) FROM {MEASURE_STAGE.name} GROUP BY list_id"
        )
    }
    list_ids = sorted(stated)
    changes = history.record_changes(conn, batch_id, "measure", list_ids, full)
    history.delete_removed_measures(conn, changes.removed, batch_id)
    present = history.present_entries(conn, list_ids)
    versions = []
    current = history.current_as_of(conn, list_ids)
    for list_id in list_ids:
        previous = current.get(list_id)
        as_of, basis = previous if previous is not None else (None, "source")
        if stated[list_id] is not None:
            as_of, basis = history.next_as_of(previous, (stated[list_id], "source"))  # type: ignore[arg-type]
        measures_changed = sum(1 for r in changes.rows if r["list_id"] == list_id)
        versions.append(
            {"batch_id": batch_id, "list_id": list_id, "as_of": as_of, "as_of_basis": basis, "full": full,
             "entries": present[list_id], "measures_changed": measures_changed}
        )
    history.write_versions(conn, versions)
    return list(changes.removed)
