"""Merge a BODS file into the real tables block by block, while its worker process reads on.

Rules:
- Used when a worker reads a BODS file into SQLite (``pipeline``): the worker sends blocks of
  whole records; each block is staged as always (``registry``) and then merged at once, with the
  statements ``RegistryLoader.finish`` runs over the whole file restricted to the block, so the
  writing of the real tables overlaps the reading instead of following it. The import's batch is
  started first (its checksum is filled in at the end) and everything is written after a savepoint.
- That is the whole file's merge only while every record is stated once: no entity id, source
  record or relationship record in two statements. The first repeat ends it: the savepoint is
  rolled back (real and staging tables as before the first block), the blocks received so far are
  staged again from a spill file, and the import goes on as a staged one (``finish``), so a file
  that restates records is imported exactly as before.
- A holding is merged in its block only when the records it names were read before it (the
  worker resolves them as it reads, ``RegistryLoader.entity_of``: a later statement cannot change
  them; an earlier import's source record can still be restated later in the file); the others
  wait for the end, where they are resolved as ``finish`` resolves
  them (this import's statement, else an earlier import's) and merged. Reporting exceptions are
  merged at the end.
- A file with more than ``KEYS_LIMIT`` records falls back too (memory stays bounded); a worker
  remembers at most ``registry.ENTITY_OF_LIMIT`` records to resolve holdings (the holdings of
  later ones wait for the end).
- Counts and history are the whole file's: each row is written once, by the block stating it.
- Any error (a bad record, an unknown reference, a failing worker) rolls the savepoint back:
  nothing is written, as with the staged merge.
"""

from __future__ import annotations

import marshal
import struct
import tempfile
from typing import Any

import sqlalchemy as sa

from partyscreen.store import bulk, versions
from partyscreen.store.bulk import MergeCounts
from partyscreen.store.importers.registry import (
    HOLDING_VALUES, REG_ENTITY, REG_EXCEPTION, REG_HOLDING, REG_IDENT, REG_NAME, REG_REL, STAGES, RegistryLoader, _index,
)
from partyscreen.store.importers.result import ImportResult

SAVEPOINT = "direct_merge"
KEYS_LIMIT = 2_500_000
"""Keys (entity ids, source records, relationship records) remembered to find a repeat, some
150 MiB; a file stating more is merged staged (a fall-back), so memory stays bounded."""
_LENGTH = struct.Struct("<Q")


def usable(loader: RegistryLoader) -> bool:
    """True when block-by-block merging applies: record references resolved here (BODS), on SQLite."""
    return loader.resolve_records and loader.conn.dialect.name == "sqlite"


class DirectMerge:
    """Merges each block of a loader's staged rows as it arrives (see module rules)."""

    def __init__(self, loader: RegistryLoader, file_name: str) -> None:
        self.loader = loader
        conn = self.conn = loader.conn
        self.earlier = _earlier_import(conn, loader.source)
        if self.earlier:  # the block merges probe these to replace what earlier imports wrote
            _index(conn)
            bulk.index_stage(conn, REG_HOLDING, "id")
        self.spill: Any = tempfile.TemporaryFile()
        self.staged = {stage.name: 0 for stage in STAGES}
        self.merged = dict(self.staged)
        self.keys: dict[str, set[int]] = {"id": set(), "record": set(), "relationship": set()}
        raw: Any = conn.connection.dbapi_connection
        if not raw.in_transaction:  # else the savepoint would open one, and releasing it commit it
            raw.execute("BEGIN")  # as sqlite3 does before a first write: the caller's commit or rollback ends it
        conn.exec_driver_sql(f"SAVEPOINT {SAVEPOINT}")
        self.batch_id = bulk.start_batch(conn, "ownership", file_name, "", "utf-8")
        self.counts = MergeCounts()

    # -- receiving ----------------------------------------------------------------------------
    def received(self, message: bytes, name: str, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """A block of rows for stage ``name`` arrived: fall back on a repeated key, else keep the
        message (for a fall-back); the rows to stage. (With no earlier import, a relationship
        statement is staged only when it closes its record: nothing else looks them up.)"""
        if self._repeats(name, rows) or sum(map(len, self.keys.values())) > KEYS_LIMIT:
            self.fall_back()
            return rows
        self.spill.write(_LENGTH.pack(len(message)))
        self.spill.write(message)
        if name == REG_REL.name and not self.earlier:
            rows = [row for row in rows if row[3]]
        self.staged[name] += len(rows)
        return rows

    def _repeats(self, name: str, rows: list[tuple[Any, ...]]) -> bool:
        """True when a row states an entity, source record or relationship record stated before
        (compared by hash: a collision only costs the block-by-block merge)."""
        if name == REG_ENTITY.name:
            return _grows(self.keys["id"], [hash(r[1]) for r in rows]) is False or _grows(
                self.keys["record"], [hash(r[8]) for r in rows if r[8] is not None]
            ) is False
        if name == REG_REL.name:
            return _grows(self.keys["relationship"], [hash(r[1]) for r in rows]) is False
        return False

    def block(self) -> None:
        """The worker ended a block (whole records): merge what was staged since the last one."""
        if self.staged != self.merged:
            self._merge_block()
            self.merged = dict(self.staged)

    def fall_back(self) -> None:
        """Undo the block merges and stage the blocks received so far again (see module rules)."""
        conn = self.conn
        conn.exec_driver_sql(f"ROLLBACK TO SAVEPOINT {SAVEPOINT}")
        conn.exec_driver_sql(f"RELEASE SAVEPOINT {SAVEPOINT}")
        self.loader.direct = None
        stages = {stage.name: stage for stage in STAGES}
        self.spill.seek(0)
        while header := self.spill.read(_LENGTH.size):
            name, rows = marshal.loads(self.spill.read(_LENGTH.unpack(header)[0]))
            bulk.load_stage(conn, stages[name], rows, nul_checked=True)
        self.spill.close()

    def abandon(self) -> None:
        """Undo everything written since the savepoint (the import failed)."""
        self.loader.direct = None
        self.spill.close()
        self.conn.exec_driver_sql(f"ROLLBACK TO SAVEPOINT {SAVEPOINT}")
        self.conn.exec_driver_sql(f"RELEASE SAVEPOINT {SAVEPOINT}")

    # -- merging ------------------------------------------------------------------------------
    def _range(self, stage: Any, alias: str) -> str:
        """SQL true for the rows of ``stage`` (as ``alias``) staged since the last merge (rowids
        count up from 1: staging tables are only appended to while the file is read)."""
        return f"{alias}.rowid > {self.merged[stage.name]} AND {alias}.rowid <= {self.staged[stage.name]}"

    def _merge_block(self) -> None:
        loader, batch = self.loader, self.batch_id
        entities = self._range(REG_ENTITY, "e")
        if self.staged[REG_ENTITY.name] != self.merged[REG_ENTITY.name]:
            self.counts += loader._merge_entities(
                batch, (entities, self._range(REG_NAME, "c"), self._range(REG_IDENT, "c")), earlier=self.earlier
            )
            loader._merge_source_records(batch, entities)
        if self.staged[REG_HOLDING.name] != self.merged[REG_HOLDING.name] or self.staged[REG_REL.name] != self.merged[REG_REL.name]:
            self._merge_holdings()  # (relationships replace or close earlier holdings too)

    def _merge_holdings(self) -> None:
        """The block's holdings whose records are staged; those of earlier imports that the block's
        relationship statements replace or close (``RegistryLoader._merge_holdings``, per block)."""
        conn, h, rel = self.conn, REG_HOLDING.name, REG_REL.name
        block = self._range(REG_HOLDING, h)  # their owners and owned came resolved (``RegistryLoader.entity_of``)
        rels = self._range(REG_REL, "c")
        any_closed = conn.exec_driver_sql(f"SELECT 1 FROM {rel} c WHERE {rels} AND c.closed LIMIT 1").first() is not None
        if any_closed:
            bulk.index_stage(conn, REG_REL, "record", "seq")  # from the first closing on
            conn.exec_driver_sql(
                f"UPDATE {h} SET end_date = (SELECT MIN(c.close_date) FROM {rel} c WHERE c.record = {h}.record AND c.closed) "
                f"WHERE {block} AND EXISTS (SELECT 1 FROM {rel} c WHERE c.record = {h}.record AND c.closed "
                f"AND ({h}.end_date IS NULL OR {h}.end_date > c.close_date))"
            )
        if self.earlier:
            self._replace_earlier(rels, any_closed)
        holdings = (
            f"(SELECT id, owner_id, owned_id, relation, share_min, share_max, min_exclusive, max_exclusive, "
            f"start_date, end_date, {self.loader._literal()} AS source FROM {h} "
            f"WHERE {block} AND owner_id IS NOT NULL AND owned_id IS NOT NULL)"
        )
        self.counts += bulk.upsert_from_stage(conn, "holding", holdings, ["id"], HOLDING_VALUES, self.batch_id)

    def _replace_earlier(self, rels: str, any_closed: bool) -> None:
        """Delete the holdings of earlier imports that a relationship statement of the block no
        longer states; end those of the records it closes (each looked up by its record's id range)."""
        conn, h, rel, batch = self.conn, REG_HOLDING.name, REG_REL.name, self.batch_id
        of_record = (
            f"SELECT t.id FROM {rel} c JOIN holding t ON t.id >= c.record || '#' AND t.id < c.record || '$' "
            f"WHERE {rels} AND substr(t.id, 1, length(t.id) - 4) = c.record "
            f"AND NOT EXISTS (SELECT 1 FROM {h} s WHERE s.id = t.id)"
        )
        replaced = f"id IN ({of_record} AND c.stated)"
        versions.retire_where(conn, "holding", replaced, {}, batch)
        conn.exec_driver_sql(f"DELETE FROM holding WHERE {replaced}")
        if not any_closed:
            return
        closed = f"id IN ({of_record} AND c.closed AND (t.end_date IS NULL OR t.end_date > c.close_date))"
        versions.retire_where(conn, "holding", closed, {}, batch)
        conn.execute(
            sa.text(
                f"UPDATE holding SET end_date = (SELECT MIN(c.close_date) FROM {rel} c WHERE c.closed "
                f"AND c.record = substr(holding.id, 1, length(holding.id) - 4)), batch_id = :batch WHERE {closed}"
            ),
            {"batch": batch},
        )

    # -- the end ------------------------------------------------------------------------------
    def finish(self, file_name: str, checksum: str, encoding: str) -> ImportResult:
        """Merge the last block, the holdings that waited and the reporting exceptions; check;
        record the batch (see module rules). On any error nothing is written."""
        loader, conn, h = self.loader, self.conn, REG_HOLDING.name
        try:
            loader._raise_problems()
            self.block()
            self.spill.close()
            waiting = f"{h}.owner_id IS NULL OR {h}.owned_id IS NULL"
            late = bulk.scalar(conn, f"SELECT COUNT(*) FROM {h} WHERE {waiting}")
            if late or bulk.scalar(conn, f"SELECT COUNT(*) FROM {REG_EXCEPTION.name}"):
                bulk.index_stage(conn, REG_ENTITY, "record_id", "seq")  # their records are looked up
            if late:
                conn.exec_driver_sql(f"CREATE TEMP TABLE stage_reg_late AS SELECT rowid AS rid FROM {h} WHERE {waiting}")
                loader._resolve_holdings(f"rowid IN (SELECT rid FROM stage_reg_late)")
            loader._resolve_exceptions()
            loader._missing_references()
            loader._check_holdings()
            if late:
                self.counts += bulk.upsert_from_stage(
                    conn, "holding",
                    f"(SELECT id, owner_id, owned_id, relation, share_min, share_max, min_exclusive, max_exclusive, "
                    f"start_date, end_date, {loader._literal()} AS source FROM {h} WHERE rowid IN (SELECT rid FROM stage_reg_late))",
                    ["id"], HOLDING_VALUES, self.batch_id,
                )
                conn.exec_driver_sql("DROP TABLE temp.stage_reg_late")
            created = loader._create_placeholders(self.batch_id)
            self.counts += loader._merge_exceptions(self.batch_id)
            conn.execute(
                sa.text("UPDATE import_batch SET checksum = :checksum, encoding = :encoding WHERE id = :id"),
                {"checksum": checksum, "encoding": encoding, "id": self.batch_id},
            )
            result = loader.close(file_name, self.batch_id, self.counts, created, encoding)
        except BaseException:
            self.abandon()
            raise
        conn.exec_driver_sql(f"RELEASE SAVEPOINT {SAVEPOINT}")
        loader.direct = None
        return result


def _earlier_import(conn: sa.Connection, source: str) -> bool:
    """True when an earlier import of ``source`` wrote source records or holdings: else none of
    its names, identifiers or holdings can be there for a block to replace, nor any staged row
    needs looking up by entity or holding id."""
    records = conn.execute(sa.text("SELECT 1 FROM source_record WHERE source = :src LIMIT 1"), {"src": source}).first()
    holdings = conn.execute(
        sa.text("SELECT 1 FROM holding WHERE id >= :low AND id < :high LIMIT 1"), {"low": f"{source}:", "high": f"{source};"}
    ).first()
    return records is not None or holdings is not None


def _grows(seen: set[int], keys: list[int]) -> bool:
    """Add ``keys`` to ``seen``; False when one was there already (or twice among them)."""
    before = len(seen)
    seen.update(keys)
    return len(seen) == before + len(keys)
