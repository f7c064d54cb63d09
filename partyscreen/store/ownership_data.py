"""Reading the engine's inputs from the database in bulk: holdings as columns, list entries with measures.

Rules: only holdings in force on the date are read (``start_date <= D < end_date``, filtered in
SQL); a NULL share bound is open (0 or 100%); a measure applies to an entry by ``entry_id``, or,
when the measure names no entry, to every entry of its list published by the same ``reference``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import numpy as np
import pandas as pd
import sqlalchemy as sa

from partyscreen.ownership import HoldingTable, Listing, MeasurePeriod
from partyscreen.ownership.model import RELATIONS
from partyscreen.shares import HUNDRED_PERCENT
from partyscreen.store.db import as_date

_HOLDINGS_SQL = """
SELECT owner_id, owned_id, relation, share_min, share_max, min_exclusive, max_exclusive
FROM holding
WHERE (start_date IS NULL OR start_date <= :day) AND (end_date IS NULL OR end_date > :day)
"""


def load_holding_table(conn: sa.Connection, as_of: date, extra_ids: list[str] | None = None) -> HoldingTable:
    """The holdings in force on ``as_of`` as engine columns, entity ids factorised to integers."""
    rows = _fetch_raw(conn, _HOLDINGS_SQL, {"day": as_of.isoformat()})
    cells = np.array(rows, dtype=object).reshape(len(rows), 7)
    del rows
    n = len(cells)
    extra = np.array(list(extra_ids or []), dtype=object)
    codes, uniques = pd.factorize(np.concatenate([cells[:, 0], cells[:, 1], extra]))
    return HoldingTable(
        ids=list(uniques),
        owner=codes[:n],
        owned=codes[n : 2 * n],
        relation=pd.Categorical(cells[:, 2], categories=list(RELATIONS)).codes.astype(np.int8),
        share_min=_bound(cells[:, 3], 0),
        share_max=_bound(cells[:, 4], HUNDRED_PERCENT),
        min_exclusive=cells[:, 5].astype(bool),
        max_exclusive=cells[:, 6].astype(bool),
    )


def _bound(column: np.ndarray, open_value: int) -> np.ndarray:
    """Share units, with NULL (an open bound) read as ``open_value``."""
    return np.where(column == None, open_value, column).astype(np.int64)  # noqa: E711 - elementwise


def _fetch_raw(conn: sa.Connection, sql: str, params: dict[str, object]) -> list[tuple]:
    """All rows as plain tuples straight from the driver (millions of rows: no Row objects)."""
    compiled = sa.text(sql).compile(dialect=conn.dialect)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        positional = compiled.positiontup or []
        args = tuple(params[name] for name in positional) if positional else compiled.construct_params(params)
        cursor.execute(str(compiled), args)
        return cursor.fetchall()
    finally:
        cursor.close()


def load_listings(conn: sa.Connection, list_ids: frozenset[str] | set[str] | None = None) -> list[Listing]:
    """Every entry of ``list_ids`` (all lists when None) with its measure periods."""
    filters = ""
    params: dict[str, object] = {}
    if list_ids is not None:
        if not list_ids:
            return []
        names = [f"l{i}" for i in range(len(list_ids))]
        filters = f"WHERE e.list_id IN ({', '.join(':' + n for n in names)})"
        params = dict(zip(names, sorted(list_ids)))
    entries = conn.execute(
        sa.text(f"SELECT e.list_id, e.entry_id, e.entity_id, e.listed_on, e.delisted_on, e.reference FROM list_entry e {filters}"),
        params,
    ).fetchall()
    by_entry, by_reference = measure_periods(conn)
    listings = []
    for list_id, entry_id, entity_id, listed_on, delisted_on, reference in entries:
        periods = by_entry.get((list_id, entry_id), []) + by_reference.get((list_id, reference), [])
        listings.append(
            Listing(entity_id, list_id, as_date(listed_on), as_date(delisted_on), tuple(periods))
        )
    return listings


def measure_periods(
    conn: sa.Connection,
) -> tuple[dict[tuple[str, str], list[MeasurePeriod]], dict[tuple[str, str], list[MeasurePeriod]]]:
    """Measure periods keyed by (list, entry) and by (list, reference) for measures naming no entry."""
    by_entry: dict[tuple[str, str], list[MeasurePeriod]] = defaultdict(list)
    by_reference: dict[tuple[str, str], list[MeasurePeriod]] = defaultdict(list)
    rows = conn.execute(
        sa.text("SELECT list_id, entry_id, reference, status, start_date, end_date FROM list_measure")
    ).fetchall()
    for list_id, entry_id, reference, status, start, end in rows:
        period = MeasurePeriod(status, as_date(start), as_date(end))
        if entry_id:
            by_entry[(list_id, entry_id)].append(period)
        elif reference:
            by_reference[(list_id, reference)].append(period)
    return by_entry, by_reference


def data_version(conn: sa.Connection) -> int:
    """The highest import batch id: results computed before a later import are stale."""
    return int(conn.execute(sa.text("SELECT COALESCE(MAX(id), 0) FROM import_batch")).scalar_one())
