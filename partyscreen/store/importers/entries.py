"""Load list entries into the database: the path every list format shares (CSV, OFAC, CSL, FtM).

A format importer turns its file into frames of entries in our list contract (cells as
strings, '' when empty) and hands them to an ``EntryLoader`` chunk by chunk, with the entries'
names and identifiers. The loader stages everything, checks keys and links, then in one go
upserts lists, entities, names, identifiers and entries, and records the new list versions.

Rules:
- (list_id, entry_id) is unique within one import.
- An entry's names and identifiers are attached to its entity under the source
  ``list:<list_id>``, replacing what an earlier import of that list gave it.
- A full import (the default) replaces each list it names: entries it lacks are recorded as
  removed and *marked* delisted, never deleted (see
  ``partyscreen.store.history.mark_removed_entries``). A partial import only adds and updates.
- A version's as_of (the day the source shows the list in this state, see
  ``partyscreen.store.history``) is the date given by the caller; else the newest date the file
  states for the list (``source_dates``, by default the newest listed_on/delisted_on not after
  today), a lower bound of its publication; else the file's modification date. It never goes
  back: an import whose date is older than the list's current as_of keeps the current one.
- A removed entry is delisted on the day its removal is known (``history.removal_day``): the
  given date; else the file's modification date (not after today), but never before the newest
  date the file states; and always after the previous version's as_of.
- An entry's ``country`` holds every country it gives (ISO codes joined with ``;``); the entity
  an entry creates gets the first (an entity has one country).
- Entities that are not entries (owners in an FtM file, say) can be staged alongside with
  ``stage_entities``; they are upserted with their names and identifiers, never removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from partyscreen.errors import InputError, Problem
from partyscreen.store import bulk, history
from partyscreen.store.db import as_date
from partyscreen.store.bulk import MergeCounts, Stage
from partyscreen.store.catalog import describe
from partyscreen.store.importers.common import (
    IDENTIFIER_STAGE,
    NAME_STAGE,
    create_child_stages,
    name_rows,
    normal_form,
    owner_rows,
    sync_names_and_identifiers,
)
from partyscreen.store.validate import nullable

ENTRY_STAGE = Stage(
    "stage_entry",
    (
        ("row", "INTEGER"),
        ("list_id", "TEXT"),
        ("entry_id", "TEXT"),
        ("entity_id", "TEXT"),
        ("linked", "BOOLEAN"),
        ("name", "TEXT"),
        ("aliases", "TEXT"),
        ("name_zh", "TEXT"),
        ("kind", "TEXT"),
        ("country", "TEXT"),
        ("address", "TEXT"),
        ("listed_on", "DATE"),
        ("delisted_on", "DATE"),
        ("reference", "TEXT"),
        ("url", "TEXT"),
    ),
)
ENTRY_VALUES = [c for c, _ in ENTRY_STAGE.columns if c not in ("row", "list_id", "entry_id", "linked")]
LIST_STAGE = Stage("stage_list", (("id", "TEXT"), ("name", "TEXT"), ("authority", "TEXT"), ("url", "TEXT")))
ENTITY_STAGE = Stage(
    "stage_list_entity",
    (("id", "TEXT"), ("name", "TEXT"), ("kind", "TEXT"), ("country", "TEXT"), ("address", "TEXT")),
)
STAGES = (ENTRY_STAGE, LIST_STAGE, ENTITY_STAGE)

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class SourceFile:
    """The file an import read: how it is named in messages and the audit trail."""

    name: str
    checksum: str
    encoding: str
    path: Path

    def modified_on(self) -> date:
        return datetime.fromtimestamp(self.path.stat().st_mtime, tz=timezone.utc).date()


def typed_name_rows(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    """``NAME_STAGE`` rows from a frame of ``entity_id, name, name_type, source`` (trimmed, deduplicated)."""
    frame = frame.assign(name=frame["name"].str.strip())
    frame = frame[frame["name"] != ""].drop_duplicates(subset=["entity_id", "source", "name"], keep="first")
    lang = ["zh" if _CJK.search(n) else None for n in frame["name"].tolist()]
    return list(
        zip(
            frame["entity_id"].tolist(),
            frame["name"].tolist(),
            normal_form(frame["name"]).tolist(),
            frame["name_type"].tolist(),
            lang,
            frame["source"].tolist(),
        )
    )


class EntryLoader:
    """Stages list entries chunk by chunk inside the caller's transaction, then merges them."""

    def __init__(self, conn: sa.Connection, file: SourceFile) -> None:
        self.conn = conn
        self.file = file
        for stage in STAGES:
            bulk.create_stage(conn, stage)
        create_child_stages(conn)
        history.create_content_stage(conn)

    def stage(
        self,
        frame: pd.DataFrame,
        names: list[tuple[object, ...]] | None = None,
        identifiers: Iterable[tuple[object, ...]] = (),
    ) -> None:
        """Stage entries (ENTRY_STAGE columns), their names (default: name, aliases, name_zh) and identifiers."""
        cols = list(ENTRY_STAGE.column_names)
        bulk.load_stage(self.conn, ENTRY_STAGE, nullable(frame[cols]).itertuples(index=False, name=None))
        sources = "list:" + frame["list_id"]
        if names is None:
            names = name_rows(frame["entity_id"], sources, frame["name"], frame["aliases"], frame["name_zh"])
        bulk.load_stage(self.conn, NAME_STAGE, names)
        bulk.load_stage(self.conn, IDENTIFIER_STAGE, list(identifiers))
        bulk.load_stage(self.conn, bulk.OWNER_STAGE, owner_rows(frame["entity_id"], sources))
        records = frame[["list_id", "entry_id", *history.ENTRY_FIELDS]].to_dict("records")
        history.stage_contents(
            self.conn, [(r["list_id"], r["entry_id"], history.content_json(r, history.ENTRY_FIELDS)) for r in records]
        )

    def stage_entities(
        self, frame: pd.DataFrame, names: list[tuple[object, ...]], identifiers: Iterable[tuple[object, ...]], source: str
    ) -> None:
        """Stage entities that are not entries (``id, name, kind, country, address``), with their names and identifiers."""
        cols = list(ENTITY_STAGE.column_names)
        bulk.load_stage(self.conn, ENTITY_STAGE, nullable(frame[cols]).itertuples(index=False, name=None))
        bulk.load_stage(self.conn, NAME_STAGE, names)
        bulk.load_stage(self.conn, IDENTIFIER_STAGE, list(identifiers))
        bulk.load_stage(self.conn, bulk.OWNER_STAGE, [(i, source) for i in frame["id"].tolist()])

    def check(self, create_missing: bool = False) -> None:
        """Raise ``InputError`` for repeated entries and (unless ``create_missing``) unknown linked entities."""
        dupes = bulk.duplicate_keys(self.conn, ENTRY_STAGE, ["list_id", "entry_id"])
        if dupes:
            raise InputError(
                [
                    Problem(self.file.name, second, "entry_id", f"{entry!r} repeats the entry of row {first} in list {lst}")
                    for first, second, lst, entry in dupes
                ]
            )
        if create_missing:
            return
        missing = self.conn.exec_driver_sql(
            f"SELECT s.row, s.entity_id FROM {ENTRY_STAGE.name} s WHERE s.linked "
            "AND NOT EXISTS (SELECT 1 FROM entity e WHERE e.id = s.entity_id) ORDER BY s.row LIMIT 100"
        ).fetchall()
        if missing:
            raise InputError(
                [
                    Problem(
                        self.file.name,
                        row,
                        "entity_id",
                        f"{eid!r} is not a known entity (import the ownership data first, or use --create-missing)",
                    )
                    for row, eid in missing
                ]
            )

    def list_ids(self) -> list[str]:
        return [r[0] for r in self.conn.exec_driver_sql(f"SELECT DISTINCT list_id FROM {ENTRY_STAGE.name} ORDER BY 1")]

    def start(self, kind: str = "list") -> int:
        """Open the import batch (after ``check``)."""
        self.batch_id = bulk.start_batch(
            self.conn, kind, self.file.name, self.file.checksum, self.file.encoding, ",".join(self.list_ids())
        )
        return self.batch_id

    def merge(
        self,
        *,
        rows: int,
        full: bool = True,
        as_of: date | None = None,
        source_dates: Mapping[str, date | None] | None = None,
        create_missing: bool = False,
    ) -> MergeCounts:
        """Upsert everything staged, record changes and versions, and close the batch."""
        conn, batch_id = self.conn, self.batch_id
        list_ids = self.list_ids()
        stated = self._stated_dates() if source_dates is None else source_dates
        previous = history.current_as_of(conn, list_ids)
        found = _as_of_dates(list_ids, as_of, stated, self.file)
        dates = {k: history.next_as_of(previous.get(k), found[k]) for k in list_ids}
        removal = {
            k: history.removal_day(as_of, stated.get(k), self.file.modified_on(), previous.get(k)) for k in list_ids
        }
        _merge_lists_and_entities(conn, batch_id, list_ids, create_missing)
        changes = history.record_changes(conn, batch_id, "entry", list_ids, full) if list_ids else history.Changes()
        counts = bulk.upsert_from_stage(conn, "list_entry", ENTRY_STAGE, ["list_id", "entry_id"], ENTRY_VALUES, batch_id)
        history.mark_removed_entries(conn, changes.removed, removal, batch_id)
        present = history.present_entries(conn, list_ids) if list_ids else {}
        history.write_versions(
            conn,
            [
                {
                    "batch_id": batch_id,
                    "list_id": list_id,
                    "as_of": dates[list_id][0],
                    "as_of_basis": dates[list_id][1],
                    "full": full,
                    "entries": present[list_id],
                    "added": changes.count(list_id, "added"),
                    "changed": changes.count(list_id, "changed"),
                    "removed": changes.count(list_id, "removed"),
                }
                for list_id in list_ids
            ],
        )
        bulk.finish_batch(conn, batch_id, rows, counts)
        for stage in STAGES:
            bulk.drop_stage(conn, stage)
        return counts

    def _stated_dates(self) -> dict[str, date | None]:
        result = self.conn.exec_driver_sql(
            f"SELECT list_id, MAX(listed_on), MAX(delisted_on) FROM {ENTRY_STAGE.name} GROUP BY list_id"
        )
        stated: dict[str, date | None] = {}
        today = date.today()
        for list_id, listed, delisted in result:
            found = [as_date(v) for v in (listed, delisted) if v is not None and as_date(v) <= today]
            stated[list_id] = max(found) if found else None
        return stated


def _as_of_dates(
    list_ids: list[str], given: date | None, stated: Mapping[str, date | None], file: SourceFile
) -> dict[str, tuple[date, str]]:
    """Each list's (as_of, basis): given, else stated by the source, else the file's date."""
    out: dict[str, tuple[date, str]] = {}
    for list_id in list_ids:
        if given is not None:
            out[list_id] = (given, "given")
        elif stated.get(list_id) is not None:
            out[list_id] = (stated[list_id], "source")  # type: ignore[assignment]
        else:
            out[list_id] = (file.modified_on(), "file-date")
    return out


def _merge_lists_and_entities(conn: sa.Connection, batch_id: int, list_ids: list[str], create_missing: bool) -> None:
    """Upsert the lists, the entries' own entities (and missing linked ones), and their names."""
    infos = [describe(i) for i in list_ids]
    bulk.load_stage(conn, LIST_STAGE, [(i.id, i.name, i.authority or None, i.url) for i in infos])
    bulk.upsert_from_stage(conn, "list", LIST_STAGE, ["id"], ["name", "authority", "url"], batch_id)
    linked_missing = "OR NOT EXISTS (SELECT 1 FROM entity e WHERE e.id = s.entity_id)" if create_missing else ""
    conn.exec_driver_sql(
        f"INSERT INTO {ENTITY_STAGE.name} (id, name, kind, country, address) "
        f"SELECT entity_id, name, kind, SUBSTR(country, 1, 2), address FROM {ENTRY_STAGE.name} s "  # an entity's first country
        f"WHERE NOT s.linked {linked_missing}"
    )
    bulk.upsert_from_stage(conn, "entity", ENTITY_STAGE, ["id"], ["name", "kind", "country", "address"], batch_id)
    sync_names_and_identifiers(conn, batch_id)
