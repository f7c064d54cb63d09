"""Staging and merging what an ownership register states (BODS, GLEIF, UK PSC).

A format module reads its file record by record and hands the loader entities (with names and
identifiers), holdings, reporting exceptions and source records, each tagged with a sequence
number ``seq`` (the order statements are taken in). Everything is staged once, in temporary
tables, and ``finish`` merges it inside the caller's transaction with one set-based statement
per table, straight from the staging tables (no second copy): an entity statement is one staged
row (its primary name, comparison form and source record ride along), its further names and
identifiers one row each.

Rules:
- Later replaces earlier: of the statements describing one entity, the one with the highest
  ``seq`` gives its name, kind, country, address, names and identifiers. Of the statements about
  one relationship record, the last that states interests gives its holdings; a record whose last
  statement closes it keeps those holdings, ended on the closing date.
- A holding's id is ``<record>#<nnn>``: re-importing a record replaces its holdings, and those it
  no longer states are deleted (the record's other holdings, in the database, are left alone).
- Entities a record names but no record describes (a GLEIF parent whose LEI record was not
  imported, a company a UK PSC line is about) become placeholder entities named by their id,
  created only when the database does not know them yet (a later import fills them in).
- An entity's country and address stay as an earlier import gave them when this register states
  none (a BODS statement without a jurisdiction does not erase GLEIF's legal-address country).
- Names and identifiers are attached under the register's source (``bods``, ``gleif``,
  ``uk-psc``): a re-import replaces what that register said, never what a list said.
- Stakes in one entity that add up to more than 100% are imported as stated, with a warning
  naming the entity and the total (``totals``).
- Problems are collected over the whole file (up to ``MAX_PROBLEMS``) and raised before anything
  is written, each naming file, record (line for JSON Lines) and field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

import sqlalchemy as sa

from partyscreen.errors import MAX_PROBLEMS, InputError, Problem
from partyscreen.store import bulk, versions
from partyscreen.store.bulk import MergeCounts, Stage
from partyscreen.store.db import SQLITE_BULK_CACHE_KIB, SQLITE_TEMP_CACHE_KIB
from partyscreen.store.importers import totals
from partyscreen.store.importers.result import ImportResult
from partyscreen.store.models import Holding
from partyscreen.store.importers.records import Record

HOLDING_VALUES = [c.name for c in Holding.__table__.columns if c.name not in ("id", "batch_id")]
"""The columns of a holding its upsert compares and writes (all but its id and batch)."""
REGISTER_CACHE_KIB = 262_144
"""SQLite page cache while a register import runs (256 MiB): the staging tables already live in
memory, so the cache is kept to this size to hold peak memory under 1 GiB on million-record files."""
REGISTER_TEMP_CACHE_KIB = 393_216
"""SQLite page cache of the staging tables while a register import runs (384 MiB, the connection's
default is 128 MiB): a million-statement file's staging tables and their indexes then stay in
memory instead of spilling to a temporary file (about 1 s less CPU per million statements); with
the main cache this keeps peak memory near 650 MiB, under the 1 GiB target."""
ENTITY_OF_LIMIT = 1_000_000
"""Records a worker remembers to resolve holdings as it reads (``entity_of``; some 150 MiB): the
holdings of later records are resolved at the end."""
FLUSH_ROWS = 20_000
"""Rows buffered in Python per stage before they are written to it."""

REG_ENTITY = Stage(
    "stage_reg_entity",
    (("seq", "BIGINT"), ("id", "TEXT"), ("name", "TEXT"), ("normalized", "TEXT"), ("lang", "TEXT"), ("kind", "TEXT"),
     ("country", "TEXT"), ("address", "TEXT"), ("record_id", "TEXT"), ("status", "TEXT")),
)
"""One row per entity statement: the entity, its primary name, and the source record it is
(``record_id``: the register's id for it; its latest statement gives the record's entity)."""
REG_NAME = Stage(
    "stage_reg_name",
    (("seq", "BIGINT"), ("entity_id", "TEXT"), ("name", "TEXT"), ("normalized", "TEXT"), ("name_type", "TEXT"),
     ("lang", "TEXT")),
)
"""The names of an entity statement besides its primary name."""
REG_IDENT = Stage("stage_reg_ident", (("seq", "BIGINT"), ("entity_id", "TEXT"), ("scheme", "TEXT"), ("value", "TEXT")))
REG_PLACEHOLDER = Stage(
    "stage_reg_placeholder",
    (("id", "TEXT"), ("name", "TEXT"), ("kind", "TEXT"), ("country", "TEXT"), ("scheme", "TEXT"), ("value", "TEXT")),
)
REG_HOLDING = Stage(
    "stage_reg_holding",
    (("seq", "BIGINT"), ("origin", "INTEGER"), ("row", "INTEGER"), ("record", "TEXT"), ("id", "TEXT"),
     ("owner_ref", "TEXT"), ("owned_ref", "TEXT"), ("owner_id", "TEXT"), ("owned_id", "TEXT"), ("relation", "TEXT"),
     ("share_min", "BIGINT"), ("share_max", "BIGINT"), ("min_exclusive", "BOOLEAN"), ("max_exclusive", "BOOLEAN"),
     ("start_date", "DATE"), ("end_date", "DATE")),
)
REG_REL = Stage(
    "stage_reg_rel", (("seq", "BIGINT"), ("record", "TEXT"), ("stated", "BOOLEAN"), ("closed", "BOOLEAN"), ("close_date", "DATE"))
)
REG_EXCEPTION = Stage(
    "stage_reg_exception",
    (("seq", "BIGINT"), ("id", "TEXT"), ("entity_id", "TEXT"), ("category", "TEXT"), ("reason", "TEXT"),
     ("detail", "TEXT"), ("reported_on", "DATE")),
)
STAGES = (REG_ENTITY, REG_NAME, REG_IDENT, REG_PLACEHOLDER, REG_HOLDING, REG_REL, REG_EXCEPTION)
SOURCES = ("bods", "gleif", "uk-psc")
"""The registers' source names (written into the merge statements as literals)."""

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SPACES = re.compile(r"\s+")


def normal_name(name: str) -> str:
    """The stored comparison form (as ``common.normal_form``): NFKC, case-folded, single-spaced."""
    if name.isascii():  # NFKC leaves ASCII alone and casefold is lower
        return " ".join(name.lower().split())  # str.split's whitespace is \s's
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", name).casefold()).strip()


class HoldingRow(NamedTuple):
    """One holding a record states; ``owner_ref``/``owned_ref`` are entity ids, or record ids
    when the loader resolves references (BODS). (A tuple: one is made per interest.)"""

    record: Record
    record_key: str
    index: int
    owner_ref: str
    owned_ref: str
    owner_field: str
    owned_field: str
    relation: str
    share_min: int | None
    share_max: int | None
    min_exclusive: bool = False
    max_exclusive: bool = False
    start_date: date | None = None
    end_date: date | None = None


def _iso(day: date | None) -> str | None:
    """A date as staged: ISO text (what both engines read into a DATE column), so every staged
    value is a plain string, number or None (flags are staged as 0/1: Python's sqlite3 binds an
    int about twice as fast as a bool, and PostgreSQL's COPY reads 0/1 into a BOOLEAN column)."""
    return None if day is None else day.isoformat()


@dataclass
class RegistryLoader:
    """Stages one register import inside the caller's transaction (see module rules)."""

    conn: sa.Connection
    source: str  # bods | gleif | uk-psc
    resolve_records: bool = False  # holdings name record ids (BODS), resolved at finish
    problems: list[Problem] = field(default_factory=list)
    total_problems: int = 0
    records: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    _buffers: dict[str, list[tuple[object, ...]]] = field(default_factory=dict)
    _origins: dict[tuple[str, str, str, str], int] = field(default_factory=dict)  # (file, unit, owner field, owned field)
    direct: Any = field(default=None, repr=False)  # a ``direct.DirectMerge`` merging blocks as they come, or None
    entity_of: dict[str, str] | None = field(default=None, repr=False)
    """Record id → entity id of the records read so far, kept by a worker whose blocks are merged as
    they come (``direct``): its holdings name the entities of the records read before them."""

    def __post_init__(self) -> None:
        if self.conn.dialect.name == "sqlite":  # a bounded page cache: memory stays flat whatever the file size
            self.conn.exec_driver_sql(f"PRAGMA main.cache_size=-{REGISTER_CACHE_KIB}")
            self.conn.exec_driver_sql(f"PRAGMA temp.cache_size=-{REGISTER_TEMP_CACHE_KIB}")
        for stage in STAGES:
            bulk.create_stage(self.conn, stage)
        self._make_buffers()

    def _make_buffers(self) -> None:
        """One row buffer per stage (the hot paths append to the entity, name, identifier,
        holding and relationship buffers through attributes of their own)."""
        for stage in STAGES:
            self._buffers[stage.name] = []
        self._entity_rows = self._buffers[REG_ENTITY.name]
        self._name_rows = self._buffers[REG_NAME.name]
        self._ident_rows = self._buffers[REG_IDENT.name]
        self._holding_rows = self._buffers[REG_HOLDING.name]
        self._rel_rows = self._buffers[REG_REL.name]
        self._last_origin: tuple[tuple[str, str, str, str], int] | None = None

    # -- problems -----------------------------------------------------------------------------
    def problem(self, record: Record, field_path: str | None, message: str) -> None:
        self.total_problems += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(record.problem(field_path, message))

    def skip(self, what: str) -> None:
        """Count a record or interest the ownership engine does not use (reported in the summary)."""
        self.skipped[what] = self.skipped.get(what, 0) + 1

    # -- staging ------------------------------------------------------------------------------
    def _add(self, stage: Stage, row: tuple[object, ...]) -> None:
        if self.total_problems:
            return  # keep validating to report every problem, but stage nothing more
        buffer = self._buffers[stage.name]
        buffer.append(row)
        if len(buffer) >= FLUSH_ROWS:
            self._flush(stage)

    def _flush(self, stage: Stage) -> None:
        buffer = self._buffers[stage.name]
        if buffer:
            bulk.load_stage(self.conn, stage, buffer, nul_checked=True)  # records.read_records refused NUL
            buffer.clear()

    def entity(
        self,
        seq: int,
        record: Record,
        entity_id: str,
        name: str,
        kind: str,
        country: str | None,
        address: str | None,
        names: Iterable[tuple[str, str]] = (),
        identifiers: Iterable[tuple[str, str]] = (),
        record_id: str | None = None,
        status: str | None = None,
    ) -> None:
        """An entity as one statement describes it: primary ``name``, further ``(name, type)``
        pairs (alias | former | local) and ``(scheme, value)`` identifiers; ``record_id``: the
        register's record this statement is about (with the register's ``status`` for it)."""
        if self.total_problems:
            return  # keep validating to report every problem, but stage nothing more
        if name.isascii():
            lang, normalized = None, " ".join(name.lower().split())  # normal_name's ASCII case
        else:
            lang, normalized = (None if not _CJK.search(name) else "zh"), normal_name(name)
        rows = self._entity_rows
        rows.append((seq, entity_id, name, normalized, lang, kind, country or None, address or None, record_id, status))
        if self.entity_of is not None and record_id is not None and len(self.entity_of) < ENTITY_OF_LIMIT:
            self.entity_of[record_id] = entity_id
        if len(rows) >= FLUSH_ROWS:
            self._flush(REG_ENTITY)
        if names:
            seen = {name}
            for other, name_type in names:
                if other and other not in seen:
                    seen.add(other)
                    self._name(seq, entity_id, other, name_type)
        if identifiers:
            rows = self._ident_rows
            for scheme, value in dict.fromkeys(identifiers):
                rows.append((seq, entity_id, scheme, value))
            if len(rows) >= FLUSH_ROWS:
                self._flush(REG_IDENT)

    def _name(self, seq: int, entity_id: str, name: str, name_type: str) -> None:
        lang = None if name.isascii() or not _CJK.search(name) else "zh"
        self._add(REG_NAME, (seq, entity_id, name, normal_name(name), name_type, lang))

    def placeholder(self, entity_id: str, name: str, kind: str, country: str | None, scheme: str, value: str) -> None:
        """An entity named but not described here: created only if the database lacks it."""
        self._add(REG_PLACEHOLDER, (entity_id, name, kind, country, scheme, value))

    def relationship(self, seq: int, record_key: str, stated: bool, closed: bool = False, close_date: date | None = None) -> None:
        """A statement about relationship record ``record_key``: ``stated`` when it states the
        record's interests (its holdings then replace earlier ones), ``closed`` when it ends it."""
        if self.total_problems:
            return
        rows = self._rel_rows
        rows.append((seq, record_key, 1 if stated else 0, 1 if closed else 0,  # ints: sqlite3 binds a bool slowly
                     None if close_date is None else close_date.isoformat()))
        if len(rows) >= FLUSH_ROWS:
            self._flush(REG_REL)

    def holding(self, seq: int, h: HoldingRow) -> None:
        self.holding_of(seq, h.record, h.record_key, h.index, h.owner_ref, h.owned_ref, h.owner_field, h.owned_field,
                        h.relation, h.share_min, h.share_max, h.min_exclusive, h.max_exclusive, h.start_date, h.end_date)

    def holding_of(
        self, seq: int, record: Record, record_key: str, index: int, owner_ref: str, owned_ref: str, owner_field: str,
        owned_field: str, relation: str, share_min: int | None, share_max: int | None, min_exclusive: bool,
        max_exclusive: bool, start_date: date | None, end_date: date | None,
    ) -> None:
        """``holding`` with the ``HoldingRow``'s fields as arguments (the readers' hot path)."""
        if self.total_problems:
            return
        key = (record.file, record.unit, owner_field, owned_field)
        last = self._last_origin
        if last is not None and last[0] == key:
            origin = last[1]
        else:
            origin = self._origins.setdefault(key, len(self._origins))
            self._last_origin = (key, origin)
        if self.resolve_records:  # at finish; or now, to the records read so far (``entity_of``), when merged by blocks
            entity_of = self.entity_of
            owner_id = owned_id = None
            if entity_of is not None:
                owner_id, owned_id = entity_of.get(owner_ref), entity_of.get(owned_ref)
        else:
            owner_id, owned_id = owner_ref, owned_ref
        rows = self._holding_rows
        rows.append(
            (seq, origin, record.number, record_key, f"{record_key}#{index:03d}", owner_ref, owned_ref, owner_id,
             owned_id, relation, share_min, share_max, 1 if min_exclusive else 0, 1 if max_exclusive else 0,
             None if start_date is None else start_date.isoformat(), None if end_date is None else end_date.isoformat())
        )
        if len(rows) >= FLUSH_ROWS:
            self._flush(REG_HOLDING)

    def exception(
        self, seq: int, exception_id: str, entity_id: str, category: str, reason: str, detail: str | None,
        reported_on: date | None,
    ) -> None:
        self._add(REG_EXCEPTION, (seq, exception_id, entity_id, category, reason, detail, _iso(reported_on)))

    # -- merging ------------------------------------------------------------------------------
    def finish(self, file_name: str, checksum: str, encoding: str = "utf-8") -> ImportResult:
        """Check references, merge everything staged, record the batch; or raise ``InputError``."""
        if self.direct is not None:  # merged block by block already: the rest (``direct``)
            return self.direct.finish(file_name, checksum, encoding)
        self._raise_problems()
        for stage in STAGES:
            self._flush(stage)
        conn = self.conn
        _index(conn)
        if self.resolve_records:
            self._resolve_holdings()
            self._resolve_exceptions()
            self._missing_references()
        self._check_holdings()
        _keep_latest(conn)
        batch_id = bulk.start_batch(conn, "ownership", file_name, checksum, encoding)
        counts = self._merge_entities(batch_id)
        created = self._create_placeholders(batch_id)
        counts += self._merge_holdings(batch_id)
        counts += self._merge_exceptions(batch_id)
        self._merge_source_records(batch_id)
        return self.close(file_name, batch_id, counts, created, encoding)

    def close(self, file_name: str, batch_id: int, counts: MergeCounts, created: int, encoding: str) -> ImportResult:
        """Warn of holdings over 100%, record the batch's counts, drop the staging tables: the result."""
        conn = self.conn
        over = totals.over_hundred(conn, REG_HOLDING.name)
        bulk.finish_batch(conn, batch_id, self.records, counts)
        for stage in STAGES:
            bulk.drop_stage(conn, stage)
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(f"PRAGMA main.cache_size=-{SQLITE_BULK_CACHE_KIB}")
            conn.exec_driver_sql(f"PRAGMA temp.cache_size=-{SQLITE_TEMP_CACHE_KIB}")
        warnings = [f"{n} {what}" for what, n in sorted(self.skipped.items())] + [f"{file_name}: {w}" for w in over]
        return ImportResult(self.source, file_name, batch_id, self.records, counts, encoding, warnings, created)

    def _raise_problems(self) -> None:
        if self.total_problems:
            ordered = sorted(self.problems, key=lambda p: (p.file, p.row or 0, p.field or ""))
            raise InputError(ordered, total=self.total_problems)

    def _resolve_holdings(self, where: str = "TRUE") -> None:
        """Record ids in the staged holdings matching ``where`` → entity ids (this import's latest
        statement, else an earlier import's)."""
        e, h = REG_ENTITY.name, REG_HOLDING.name
        resolved = ", ".join(
            f"{side}_id = COALESCE((SELECT r.id FROM {e} r WHERE r.record_id = {h}.{side}_ref ORDER BY r.seq DESC LIMIT 1), "
            f"(SELECT s.entity_id FROM source_record s WHERE s.source = :src AND s.record_id = {h}.{side}_ref))"
            for side in ("owner", "owned")
        )  # one pass: each row rewritten once
        self.conn.execute(sa.text(f"UPDATE {h} SET {resolved} WHERE {where}"), {"src": self.source})

    def _resolve_exceptions(self) -> None:
        """Subject record ids of the staged reporting exceptions → entity ids (as holdings'); the
        exceptions of subjects no record describes are dropped (counted in the summary)."""
        e = REG_ENTITY.name
        x = REG_EXCEPTION.name
        self.conn.execute(
            sa.text(
                f"UPDATE {x} SET entity_id = COALESCE("
                f"(SELECT r.id FROM {e} r WHERE r.record_id = {x}.entity_id ORDER BY r.seq DESC LIMIT 1), "
                f"(SELECT s.entity_id FROM source_record s WHERE s.source = :src AND s.record_id = {x}.entity_id))"
            ),
            {"src": self.source},
        )
        orphans = bulk.scalar(self.conn, f"SELECT COUNT(*) FROM {x} WHERE entity_id IS NULL")
        if orphans:
            self.conn.exec_driver_sql(f"DELETE FROM {x} WHERE entity_id IS NULL")
            self.skipped["unspecified owner(s) of a subject no record describes, not imported"] = orphans

    def _missing_references(self) -> None:
        """Raise ``InputError`` for staged holdings whose owner or owned record nothing describes."""
        missing = self.conn.exec_driver_sql(
            f"SELECT origin, row, 0, owner_ref FROM {REG_HOLDING.name} WHERE owner_id IS NULL UNION ALL "
            f"SELECT origin, row, 1, owned_ref FROM {REG_HOLDING.name} WHERE owned_id IS NULL "
            "ORDER BY 1, 2 LIMIT 100"
        ).fetchall()
        if missing:
            raise InputError(
                [self._located(origin, row, side, f"{ref!r} is not a record of this import or of an earlier one")
                 for origin, row, side, ref in missing]
            )

    def _check_holdings(self) -> None:
        """No holding of an entity in itself; every owner and owned entity known. (References a
        BODS import resolved are known by construction: each is a staged entity, all of which are
        merged, or the entity of an earlier import's source record, which its foreign key keeps.)"""
        selfheld = self.conn.exec_driver_sql(
            f"SELECT origin, row, owned_id FROM {REG_HOLDING.name} WHERE owner_id = owned_id ORDER BY 1, 2 LIMIT 100"
        ).fetchall()
        if selfheld:
            raise InputError([self._located(o, row, 1, f"{eid!r} cannot hold itself") for o, row, eid in selfheld])
        if self.resolve_records:
            return
        missing = self.conn.exec_driver_sql(
            f"SELECT h.origin, h.row, 0, h.owner_id FROM {REG_HOLDING.name} h "
            f"WHERE NOT EXISTS (SELECT 1 FROM {REG_ENTITY.name} e WHERE e.id = h.owner_id) "
            f"AND NOT EXISTS (SELECT 1 FROM {REG_PLACEHOLDER.name} p WHERE p.id = h.owner_id) "
            "AND NOT EXISTS (SELECT 1 FROM entity e WHERE e.id = h.owner_id) UNION ALL "
            f"SELECT h.origin, h.row, 1, h.owned_id FROM {REG_HOLDING.name} h "
            f"WHERE NOT EXISTS (SELECT 1 FROM {REG_ENTITY.name} e WHERE e.id = h.owned_id) "
            f"AND NOT EXISTS (SELECT 1 FROM {REG_PLACEHOLDER.name} p WHERE p.id = h.owned_id) "
            "AND NOT EXISTS (SELECT 1 FROM entity e WHERE e.id = h.owned_id) ORDER BY 1, 2 LIMIT 100"
        ).fetchall()
        if missing:
            raise InputError([self._located(o, row, side, f"{eid!r} is not a known entity") for o, row, side, eid in missing])

    def _located(self, origin: int, row: int, side: int, message: str) -> Problem:
        """A problem at a staged holding: its file, record and the owner (side 0) or owned (1) field."""
        file, unit, owner_field, owned_field = next(k for k, v in self._origins.items() if v == origin)
        return Problem(file, row, owned_field if side else owner_field, message, unit)

    def _literal(self) -> str:
        """The source name as an SQL literal (one of ``SOURCES``: no quoting needed)."""
        if self.source not in SOURCES:
            raise ValueError(f"unknown register source {self.source!r}")
        return f"'{self.source}'"

    def _merge_entities(
        self, batch_id: int, block: tuple[str, str, str] | None = None, *, earlier: bool = True
    ) -> MergeCounts:
        """Upsert each entity's latest statement; its names and identifiers under this source become
        exactly the statement's (a register that states no country or address keeps what another said).

        ``block``: SQL conditions picking one block of staged entity (``e``), name and identifier
        (``c``) rows whose entities no other staged row states (``direct``); else every entity's latest.
        ``earlier``: False when no earlier import of this source wrote names or identifiers (none to delete)."""
        conn, e = self.conn, REG_ENTITY.name
        if block is not None:
            latest, of_latest_name, of_latest_ident = block
            return self._write_entities(batch_id, latest, of_latest_name, of_latest_ident, earlier, ordered=False)
        once = _staged_once(conn, "id")  # each entity stated once (the usual file): every staged row is its latest
        latest = "TRUE" if once else f"NOT EXISTS (SELECT 1 FROM {e} x WHERE x.id = e.id AND x.seq > e.seq)"
        of_latest = "TRUE" if once else f"c.seq = (SELECT MAX(x.seq) FROM {e} x WHERE x.id = c.entity_id)"
        return self._write_entities(batch_id, latest, of_latest, of_latest)

    def _write_entities(
        self, batch_id: int, latest: str, of_latest_name: str, of_latest_ident: str, earlier: bool = True,
        *, ordered: bool = True,
    ) -> MergeCounts:
        """``_merge_entities`` for the staged entity rows ``e`` where ``latest`` holds, with the name
        and identifier rows ``c`` where ``of_latest_name`` / ``of_latest_ident`` hold."""
        conn, e = self.conn, REG_ENTITY.name
        entities = (
            f"(SELECT e.id, e.name, e.kind, "
            f"COALESCE(e.country, (SELECT t.country FROM entity t WHERE t.id = e.id)) AS country, "
            f"COALESCE(e.address, (SELECT t.address FROM entity t WHERE t.id = e.id)) AS address "
            f"FROM {e} e WHERE {latest})"
        )
        counts = bulk.upsert_from_stage(
            conn, "entity", entities, ["id"], ["name", "kind", "country", "address"], batch_id, ordered=ordered
        )
        src = self._literal()
        of_latest = of_latest_name
        names = (
            f"SELECT e.id AS entity_id, e.name, e.normalized, 'primary' AS name_type, e.lang FROM {e} e WHERE {latest} "
            f"UNION ALL SELECT c.entity_id, c.name, c.normalized, c.name_type, c.lang FROM {REG_NAME.name} c WHERE {of_latest}"
        )
        stated_name = (
            f"(t.name_type = 'primary' AND EXISTS (SELECT 1 FROM {e} e WHERE e.id = t.entity_id AND e.name = t.name AND {latest})) "
            f"OR EXISTS (SELECT 1 FROM {REG_NAME.name} c WHERE c.entity_id = t.entity_id AND c.name = t.name "
            f"AND c.name_type = t.name_type AND {of_latest})"
        )
        _sync(conn, "entity_name", ("entity_id", "name", "normalized", "name_type", "lang"), names,
              ("entity_id", "name", "name_type"), stated_name, src, batch_id, latest, earlier)
        of_latest = of_latest_ident
        idents = f"SELECT c.entity_id, c.scheme, c.value FROM {REG_IDENT.name} c WHERE {of_latest}"
        stated_ident = (
            f"EXISTS (SELECT 1 FROM {REG_IDENT.name} c WHERE c.entity_id = t.entity_id AND c.scheme = t.scheme "
            f"AND c.value = t.value AND {of_latest})"
        )
        _sync(conn, "identifier", ("entity_id", "scheme", "value"), idents, ("entity_id", "scheme", "value"),
              stated_ident, src, batch_id, latest, earlier)
        return counts

    def _create_placeholders(self, batch_id: int) -> int:
        """Insert the named-but-undescribed entities the database lacks; their number."""
        conn = self.conn
        fresh = f"SELECT DISTINCT id FROM {REG_PLACEHOLDER.name} p WHERE NOT EXISTS (SELECT 1 FROM entity e WHERE e.id = p.id)"
        created = bulk.scalar(conn, f"SELECT COUNT(*) FROM ({fresh}) AS f")
        if created:
            conn.execute(
                sa.text(
                    "INSERT INTO entity (id, name, kind, country, batch_id) "
                    f"SELECT p.id, MIN(p.name), MIN(p.kind), MIN(p.country), :batch FROM {REG_PLACEHOLDER.name} p "
                    "WHERE NOT EXISTS (SELECT 1 FROM entity e WHERE e.id = p.id) GROUP BY p.id"
                ),
                {"batch": batch_id},
            )
        conn.execute(
            sa.text(
                "INSERT INTO identifier (entity_id, scheme, value, source, batch_id) "
                f"SELECT DISTINCT p.id, p.scheme, p.value, :src, :batch FROM {REG_PLACEHOLDER.name} p "
                "WHERE NOT EXISTS (SELECT 1 FROM identifier i WHERE i.entity_id = p.id AND i.scheme = p.scheme "
                "AND i.value = p.value)"
            ),
            {"src": self.source, "batch": batch_id},
        )
        return created

    def _merge_holdings(self, batch_id: int) -> MergeCounts:
        """Upsert the staged holdings; first delete the holdings of restated records that their
        latest statement no longer states, and end those of closed records (both only touch
        holdings this import does not stage, so doing them first leaves a first import nothing to scan)."""
        conn = self.conn
        h, rel = REG_HOLDING.name, REG_REL.name
        any_closed = conn.exec_driver_sql(f"SELECT 1 FROM {rel} WHERE closed LIMIT 1").first() is not None
        if any_closed:  # closing dates: of records whose last statement closes them
            conn.exec_driver_sql(
                f"UPDATE {h} SET end_date = (SELECT MIN(c.close_date) FROM {rel} c WHERE c.record = {h}.record AND c.closed) "
                f"WHERE EXISTS (SELECT 1 FROM {rel} c WHERE c.record = {h}.record AND c.closed "
                f"AND ({h}.end_date IS NULL OR {h}.end_date > c.close_date))"
            )
        low, high = f"{self.source}:", f"{self.source};"
        record_of = "substr(holding.id, 1, length(holding.id) - 4)"
        replaced = (
            f"id >= :low AND id < :high "
            f"AND EXISTS (SELECT 1 FROM {rel} r WHERE r.stated AND r.record = {record_of}) "
            f"AND NOT EXISTS (SELECT 1 FROM {h} s WHERE s.id = holding.id)"
        )
        versions.retire_where(conn, "holding", replaced, {"low": low, "high": high}, batch_id)  # row history
        conn.execute(sa.text(f"DELETE FROM holding WHERE {replaced}"), {"low": low, "high": high})
        closed = (
            f"id >= :low AND id < :high "
            f"AND NOT EXISTS (SELECT 1 FROM {h} s WHERE s.id = holding.id) "
            f"AND EXISTS (SELECT 1 FROM {rel} c WHERE c.closed AND c.record = {record_of} "
            "AND (holding.end_date IS NULL OR holding.end_date > c.close_date))"
        )
        if any_closed:  # else no staged statement closes a record
            versions.retire_where(conn, "holding", closed, {"low": low, "high": high}, batch_id)
            conn.execute(
                sa.text(
                    f"UPDATE holding SET end_date = (SELECT MIN(c.close_date) FROM {rel} c WHERE c.closed AND c.record = {record_of}), "
                    f"batch_id = :batch WHERE {closed}"
                ),
                {"low": low, "high": high, "batch": batch_id},
            )
        holdings = (
            f"(SELECT id, owner_id, owned_id, relation, share_min, share_max, min_exclusive, max_exclusive, "
            f"start_date, end_date, {self._literal()} AS source FROM {h})"
        )
        return bulk.upsert_from_stage(conn, "holding", holdings, ["id"], HOLDING_VALUES, batch_id)

    def _merge_exceptions(self, batch_id: int) -> MergeCounts:
        exceptions = (
            f"(SELECT id, entity_id, category, reason, detail, reported_on, {self._literal()} AS source "
            f"FROM {REG_EXCEPTION.name})"
        )
        return bulk.upsert_from_stage(
            self.conn, "reporting_exception", exceptions, ["id"],
            ["entity_id", "category", "reason", "detail", "reported_on", "source"], batch_id,
        )

    def _merge_source_records(self, batch_id: int, latest: str | None = None) -> None:
        """Upsert the source record of each record's latest statement (``latest``: SQL picking the
        staged entity rows ``e`` that are, when the caller knows: one block, written in file order)."""
        e = REG_ENTITY.name
        block = latest
        if latest is None:
            latest = "TRUE" if _staged_once(self.conn, "record_id") else (
                f"NOT EXISTS (SELECT 1 FROM {e} x WHERE x.record_id = e.record_id AND x.seq > e.seq)"
            )
        records = (
            f"(SELECT {self._literal()} AS source, e.record_id, e.id AS entity_id, e.status FROM {e} e "
            f"WHERE e.record_id IS NOT NULL AND {latest})"
        )
        bulk.upsert_from_stage(
            self.conn, "source_record", records, ["source", "record_id"], ["entity_id", "status"], batch_id, counted=False,
            ordered=block is None,
        )


def _sync(
    conn: sa.Connection, table: str, columns: tuple[str, ...], stated: str, match: tuple[str, ...], stated_row: str,
    src: str, batch_id: int, latest: str, earlier: bool = True,
) -> None:
    """Make ``table``'s rows of source ``src`` (an SQL literal) for every entity staged here equal
    the rows the latest statements state (``stated``: a SELECT of ``columns``; ``stated_row``: SQL
    true when row ``t`` of the table is one of them; ``latest``: SQL true when staged entity row
    ``e`` is its entity's latest statement). Rows of other sources are left alone; the rows it
    deletes are first copied to the table's history (``earlier`` False: no row of ``src`` was
    there before this import, so none is looked for)."""
    e = REG_ENTITY.name
    gone = (
        f"id IN (SELECT t.id FROM {e} e JOIN {table} t ON t.entity_id = e.id AND t.source = {src} "
        f"WHERE {latest} AND NOT ({stated_row}))"
    )
    if earlier:
        versions.retire_where(conn, table, gone, {}, batch_id)
        conn.exec_driver_sql(f"DELETE FROM {table} WHERE {gone}")
    present = " AND ".join(f"t.{c} = s.{c}" for c in match)
    new = f"NOT EXISTS (SELECT 1 FROM {table} t WHERE {present} AND t.source = {src})" if earlier else "TRUE"
    conn.execute(
        sa.text(
            f"INSERT INTO {table} ({', '.join(columns)}, source, batch_id) "
            f"SELECT {', '.join('s.' + c for c in columns)}, {src}, :batch FROM ({stated}) s WHERE {new}"
        ),
        {"batch": batch_id},
    )


def _staged_once(conn: sa.Connection, column: str) -> bool:
    """True when no value of ``column`` (``id`` or ``record_id``) is in two staged entity
    statements: each row is then its own latest, and the merge skips looking for later ones."""
    e = REG_ENTITY.name
    twice = conn.exec_driver_sql(  # a scan of the (column, seq) index, in order
        f"SELECT 1 FROM {e} WHERE {column} IS NOT NULL GROUP BY {column} HAVING COUNT(*) > 1 LIMIT 1"
    ).first()
    return twice is None


def _index(conn: sa.Connection) -> None:
    bulk.index_stage(conn, REG_ENTITY, "id", "seq")
    bulk.index_stage(conn, REG_ENTITY, "record_id", "seq")
    bulk.index_stage(conn, REG_NAME, "entity_id", "seq")
    bulk.index_stage(conn, REG_IDENT, "entity_id", "seq")
    bulk.index_stage(conn, REG_PLACEHOLDER, "id")
    bulk.index_stage(conn, REG_HOLDING, "record", "seq")
    bulk.index_stage(conn, REG_REL, "record", "seq")
    bulk.index_stage(conn, REG_EXCEPTION, "id", "seq")


def _keep_latest(conn: sa.Connection) -> None:
    """Drop every staged holding, closing and exception a later statement replaces. (Entities,
    their names and identifiers stay staged: the merge reads the latest statement of each entity,
    and of each source record, which need not be the same statement.)"""
    h, rel = REG_HOLDING.name, REG_REL.name
    restated = conn.exec_driver_sql(  # a scan of the (record, seq) index, in order
        f"SELECT 1 FROM {rel} GROUP BY record HAVING COUNT(*) > 1 LIMIT 1"
    ).first()
    if restated is not None:  # else each record has one statement, whose holdings (same seq) are its latest
        conn.exec_driver_sql(
            f"DELETE FROM {h} WHERE seq < (SELECT MAX(r.seq) FROM {rel} r WHERE r.record = {h}.record AND r.stated)"
        )
        conn.exec_driver_sql(
            f"DELETE FROM {rel} WHERE closed AND seq < (SELECT MAX(r.seq) FROM {rel} r WHERE r.record = {rel}.record)"
        )
    x = REG_EXCEPTION.name
    conn.exec_driver_sql(f"DELETE FROM {x} WHERE seq < (SELECT MAX(y.seq) FROM {x} y WHERE y.id = {x}.id)")
    bulk.index_stage(conn, REG_HOLDING, "id")  # probed by the stale-holding delete and the closing update
