"""Import ``holdings.csv``: ``owner_id,owned_id,relation,share,share_min,share_max,start_date,end_date,source``.

Rules:
- ``owner_id`` and ``owned_id`` name entities already in the database or in the same import
  (or are created as bare entities with ``create_missing``); an entity cannot hold itself.
- ``relation``: shareholding (default), voting, branch, control.
- A share is exact (``share``) or a range (``share_min``/``share_max``, either side open:
  0 and 100), never both; percent with at most six decimals, within [0, 100], min <= max.
  Optional ``share_min_exclusive`` / ``share_max_exclusive`` mark open bounds (UK PSC band
  "25-to-50" is more than 25). No share at all means a stake of unknown size. A branch is
  100% of its head office's; any other share on a branch row is an error.
- ``start_date`` < ``end_date`` when both are given (ISO 8601); in force on D when start <= D < end.
- Rows are upserted by ``id`` when the file has that column (and the row a value in it), else by
  their fields (owner_id, owned_id, relation, start_date), stored as one unambiguous key
  (``partyscreen.store.keys.field_key``: ids containing ``|`` cannot make two holdings one); the
  key must be unique in the file.
- Stakes in one entity that add up to more than 100% are imported as stated, with a warning
  naming the entity and the total (``totals``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from partyscreen.errors import InputError, Problem
from partyscreen.shares import HUNDRED_PERCENT
from partyscreen.store import bulk
from partyscreen.store.bulk import Stage
from partyscreen.store.db import is_postgres
from partyscreen.store.former_ids import former_id_map
from partyscreen.store.csvfile import CsvSource, check_columns, open_csv, read_chunks
from partyscreen.store.importers import totals
from partyscreen.store.importers.common import ImportResult
from partyscreen.store.keys import field_key
from partyscreen.store.models import RELATIONS
from partyscreen.store.validate import ProblemLog, choice, flag, iso_date, nullable, percent, require, stripped

REQUIRED = ("owner_id", "owned_id")
OPTIONAL = (
    "id",
    "relation",
    "share",
    "share_min",
    "share_max",
    "share_min_exclusive",
    "share_max_exclusive",
    "start_date",
    "end_date",
    "source",
)
SHARE_COLUMNS = ("share", "share_min", "share_max")

HOLDING_STAGE = Stage(
    "stage_holding",
    (
        ("row", "INTEGER"),
        ("id", "TEXT"),
        ("owner_id", "TEXT"),
        ("owned_id", "TEXT"),
        ("relation", "TEXT"),
        ("share_min", "BIGINT"),
        ("share_max", "BIGINT"),
        ("min_exclusive", "BOOLEAN"),
        ("max_exclusive", "BOOLEAN"),
        ("start_date", "DATE"),
        ("end_date", "DATE"),
        ("source", "TEXT"),
    ),
)
VALUE_COLUMNS = [c for c, _ in HOLDING_STAGE.columns if c not in ("row", "id")]


def import_holdings(
    conn: sa.Connection, path: str | Path, *, encoding: str | None = None, create_missing: bool = False
) -> ImportResult:
    """Validate and upsert every row of a holdings file, or raise ``InputError`` having written nothing."""
    source = open_csv(path, encoding)
    warnings = check_columns(source, REQUIRED, OPTIONAL)
    if not any(c in source.columns for c in SHARE_COLUMNS):
        raise InputError.at(source.name, 1, "share", "required column missing: give share, or share_min/share_max")
    log = ProblemLog(source.name)
    bulk.create_stage(conn, HOLDING_STAGE)
    former = former_id_map(conn)
    rows = 0
    for chunk in read_chunks(source, REQUIRED + OPTIONAL):
        rows += len(chunk)
        if former:
            resolve_former_ids(chunk, former)
        staged = _validate(chunk, source, log)
        if not log:
            bulk.load_stage(conn, HOLDING_STAGE, staged)
    log.raise_if_any()
    _check_unique_keys(conn, source.name)
    # On SQLite the foreign keys catch unknown entities during the upsert itself (a failed
    # statement is undone alone, the transaction goes on), so the rows are looked up only then;
    # PostgreSQL aborts the transaction on a failed statement, so it checks first.
    check_first = create_missing or is_postgres(conn)
    created = _check_references(conn, source, create_missing) if check_first else 0
    batch_id = bulk.start_batch(conn, "holdings", source.name, source.checksum, source.encoding)
    if created:
        _create_missing_entities(conn, batch_id)
    try:
        counts = bulk.upsert_from_stage(conn, "holding", HOLDING_STAGE, ["id"], VALUE_COLUMNS, batch_id)
    except sa.exc.IntegrityError:
        if not check_first:
            _check_references(conn, source, create_missing=False)  # raises InputError naming the rows
        raise
    warnings += [f"{source.name}: {w}" for w in totals.over_hundred(conn, HOLDING_STAGE.name)]
    bulk.finish_batch(conn, batch_id, rows, counts)
    bulk.drop_stage(conn, HOLDING_STAGE)
    return ImportResult("holding", source.name, batch_id, rows, counts, source.encoding, warnings, created)


def resolve_former_ids(chunk: pd.DataFrame, former: dict[str, str]) -> None:
    """Entity ids the bundled lists used before (``cn-mofcom-export-control:2025-01-07``) become
    the entries' current entities, in place (``partyscreen.store.former_ids``)."""
    for column in ("owner_id", "owned_id"):
        if column in chunk.columns:
            chunk[column] = [former.get(v.strip(), v) for v in chunk[column]]


def _validate(chunk: pd.DataFrame, source: CsvSource, log: ProblemLog) -> list[tuple[object, ...]]:
    owner = require(chunk, "owner_id", log)
    owned = require(chunk, "owned_id", log)
    self_held = (owner == owned) & (owner != "")
    log.add_cells(chunk.loc[self_held, "_row"], "owned_id", "an entity cannot hold itself")
    relation = choice(chunk, "relation", RELATIONS, "shareholding", log)
    share_min, share_max = _shares(chunk, relation, log)
    min_excl = flag(chunk, "share_min_exclusive", log)
    max_excl = flag(chunk, "share_max_exclusive", log)
    start = iso_date(chunk, "start_date", log)
    end = iso_date(chunk, "end_date", log)
    backwards = (start != "") & (end != "") & (start >= end)
    log.add_cells(chunk.loc[backwards, "_row"], "end_date", "must be after start_date")
    if log:
        return []
    key = field_key(owner, owned, relation, start)
    if "id" in source.columns:
        given = stripped(chunk, "id")
        key = given.where(given != "", key)
    return list(
        zip(
            chunk["_row"].tolist(),
            key.tolist(),
            owner.tolist(),
            owned.tolist(),
            relation.tolist(),
            _ints(share_min),
            _ints(share_max),
            min_excl.tolist(),
            max_excl.tolist(),
            nullable(start).tolist(),
            nullable(end).tolist(),
            nullable(stripped(chunk, "source")).tolist(),
        )
    )


def _ints(values: pd.Series) -> list[int | None]:
    return [None if pd.isna(v) else int(v) for v in values.tolist()]


def _shares(chunk: pd.DataFrame, relation: pd.Series, log: ProblemLog) -> tuple[pd.Series, pd.Series]:
    exact = percent(chunk, "share", log)
    low = percent(chunk, "share_min", log)
    high = percent(chunk, "share_max", log)
    both = exact.notna() & (low.notna() | high.notna())
    log.add_cells(chunk.loc[both, "_row"], "share", "give either share or share_min/share_max, not both")
    ranged = low.notna() | high.notna()
    share_min = exact.where(~ranged, low.fillna(0).where(ranged))
    share_max = exact.where(~ranged, high.fillna(HUNDRED_PERCENT).where(ranged))
    inverted = (share_min > share_max).fillna(False)
    log.add_cells(chunk.loc[inverted, "_row"], "share_min", "is greater than share_max")
    branch = relation == "branch"
    not_whole = branch & (share_min.notna() | share_max.notna()) & ~(
        (share_min == HUNDRED_PERCENT) & (share_max == HUNDRED_PERCENT)
    ).fillna(False)
    log.add_cells(chunk.loc[not_whole, "_row"], "share", "a branch is 100% of its head office: leave share empty or 100")
    share_min = share_min.mask(branch, HUNDRED_PERCENT)
    share_max = share_max.mask(branch, HUNDRED_PERCENT)
    return share_min, share_max


def _check_unique_keys(conn: sa.Connection, file: str) -> None:
    dupes = bulk.duplicate_keys(conn, HOLDING_STAGE, ["id"])
    if dupes:
        raise InputError(
            [
                Problem(file, second, "owned_id", f"repeats the holding of row {first} ({_describe(conn, second, key)})")
                for first, second, key in dupes
            ]
        )


def _describe(conn: sa.Connection, row: int, key: str) -> str:
    """A repeated holding as its user would recognise it: its id, or its key fields."""
    found = conn.execute(
        sa.text(f"SELECT owner_id, owned_id, relation, start_date FROM {HOLDING_STAGE.name} WHERE row = :r"), {"r": row}
    ).first()
    if found is None or key != field_key(*(pd.Series([v or ""]) for v in (found[0], found[1], found[2], _iso(found[3]))))[0]:
        return f"id {key!r}"
    owner, owned, relation, start = found
    return f"owner {owner!r}, owned {owned!r}, {relation}, start {_iso(start) or 'not given'}"


def _iso(value: object) -> str:
    return str(value)[:10] if value is not None else ""


_MISSING_SQL = """
SELECT s.row AS row_no, '{col}' AS col, s.{col} AS v FROM stage_holding s
WHERE NOT EXISTS (SELECT 1 FROM entity e WHERE e.id = s.{col})
"""


def _check_references(conn: sa.Connection, source: CsvSource, create_missing: bool) -> int:
    """Rows naming unknown entities: an error, or the number of entities to create."""
    sql = _MISSING_SQL.format(col="owner_id") + " UNION ALL " + _MISSING_SQL.format(col="owned_id")
    if create_missing:
        return bulk.scalar(conn, f"SELECT COUNT(DISTINCT m.v) FROM ({sql}) AS m")
    missing = conn.exec_driver_sql(sql + " ORDER BY 1 LIMIT 1000").fetchall()
    if missing:
        total = bulk.scalar(conn, f"SELECT COUNT(*) FROM ({sql}) AS m") if len(missing) == 1000 else len(missing)
        raise InputError(
            [
                Problem(source.name, row, col, f"{value!r} is not a known entity (import it first, or use --create-missing)")
                for row, col, value in missing
            ],
            total=total,
        )
    return 0


def _create_missing_entities(conn: sa.Connection, batch_id: int) -> None:
    conn.execute(
        sa.text(
            "INSERT INTO entity (id, name, kind, batch_id) "
            "SELECT DISTINCT v, v, 'unknown', :batch FROM ("
            "SELECT owner_id AS v FROM stage_holding UNION SELECT owned_id AS v FROM stage_holding) AS ids "
            "WHERE NOT EXISTS (SELECT 1 FROM entity e WHERE e.id = ids.v)"
        ),
        {"batch": batch_id},
    )
