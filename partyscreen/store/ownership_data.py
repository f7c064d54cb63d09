"""Reading the engine's inputs from the database in bulk: holdings as columns, list entries with measures.

Rules: only holdings in force on the date are read (``start_date <= D < end_date``, filtered in
SQL); a NULL share bound is open (0 or 100%); a measure applies to an entry by ``entry_id``, or,
when the measure names no entry, to every entry of its list published by the same ``reference``;
entities that accepted links make one party (``partyscreen.ownership.parties``) are one node
(their representative): an entry is listed as its party, a holding recorded on any member counts
as the party's, and a holding between two members of one party is dropped.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa

from partyscreen.ownership import HoldingTable, Listing, MeasurePeriod
from partyscreen.ownership.model import RELATIONS
from partyscreen.shares import HUNDRED_PERCENT
from partyscreen.store.columnar import arrow_column, numbers_of, read_columns
from partyscreen.store.db import as_date
from partyscreen.store.links import party_map

if TYPE_CHECKING:
    from partyscreen.ownership.parties import PartyMap

_HOLDINGS_SQL = f"""
SELECT owner_id, owned_id, relation,
       COALESCE(share_min, 0) AS share_min, COALESCE(share_max, {HUNDRED_PERCENT}) AS share_max,
       CAST(min_exclusive AS INTEGER) AS min_exclusive, CAST(max_exclusive AS INTEGER) AS max_exclusive
FROM holding
WHERE (start_date IS NULL OR start_date <= :day) AND (end_date IS NULL OR end_date > :day)
"""
_HOLDINGS_SCHEMA = pa.schema([
    ("owner_id", pa.string()), ("owned_id", pa.string()), ("relation", pa.string()),
    ("share_min", pa.int64()), ("share_max", pa.int64()), ("min_exclusive", pa.int64()), ("max_exclusive", pa.int64()),
])


def load_holding_table(
    conn: sa.Connection, as_of: date, extra_ids: list[str] | None = None, parties: "PartyMap | None" = None
) -> HoldingTable:
    """The holdings in force on ``as_of`` as engine columns, entity ids factorised to integers,
    each party's members as its representative (``parties``, read from ``conn`` when not given).

    ``extra_ids`` (the listed roots) get indices too, and :meth:`HoldingTable.index_of` knows
    them without building a dictionary of every id.
    """
    parties = party_map(conn) if parties is None else parties
    merged = parties.merged()
    columns = read_columns(conn, _HOLDINGS_SQL, {"day": as_of.isoformat()}, _HOLDINGS_SCHEMA)
    n = columns.num_rows
    wanted = list(dict.fromkeys([*(extra_ids or []), *merged, *merged.values()]))
    extra = arrow_column(wanted, pa.string())
    codes, ids = _factorize(
        pa.chunked_array(columns.column("owner_id").chunks + columns.column("owned_id").chunks + [extra], type=pa.string())
    )
    hint = dict(zip(wanted, codes[2 * n :].tolist()))
    table = HoldingTable(
        ids=ids,
        owner=codes[:n],
        owned=codes[n : 2 * n],
        relation=_relation_codes(columns.column("relation")),
        share_min=numbers_of(columns.column("share_min")),
        share_max=numbers_of(columns.column("share_max")),
        min_exclusive=numbers_of(columns.column("min_exclusive")).astype(bool),
        max_exclusive=numbers_of(columns.column("max_exclusive")).astype(bool),
        index_hint={e: hint[e] for e in (extra_ids or [])},
    )
    return _as_parties(table, {hint[m]: hint[rep] for m, rep in merged.items()})


def _as_parties(table: HoldingTable, merged: dict[int, int]) -> HoldingTable:
    """``table`` with each merged member's index replaced by its representative's (``merged``),
    and the holdings that become a party's holding in itself dropped. The member keeps its index
    (no holding refers to it: it is never caught)."""
    present = {m: rep for m, rep in merged.items() if m < len(table.ids)}
    if not present or len(table) == 0:
        return table
    lut = np.arange(len(table.ids), dtype=np.int64)
    lut[list(present)] = list(present.values())
    owner, owned = lut[table.owner], lut[table.owned]
    touched = (owner != table.owner) | (owned != table.owned)
    if not touched.any():
        return table
    keep = ~(touched & (owner == owned))
    columns = {name: getattr(table, name)[keep] for name in
               ("relation", "share_min", "share_max", "min_exclusive", "max_exclusive")}
    return HoldingTable(ids=table.ids, owner=owner[keep], owned=owned[keep], index_hint=table.index_hint, **columns)


def _factorize(values: pa.ChunkedArray) -> tuple[np.ndarray, list[str]]:
    """Integer codes of ``values`` (first-seen order) and the distinct values.

    Empty chunks are dropped first (``dictionary_encode`` drops them too): no holdings and no
    listed roots is an empty graph, not an error.
    """
    chunks = [chunk for chunk in values.chunks if len(chunk)]
    if not chunks:
        return np.zeros(0, dtype=np.int64), []
    encoded = pa.chunked_array(chunks, type=values.type).dictionary_encode()  # one dictionary, shared by every chunk
    last = encoded.chunks[-1].dictionary
    if any(len(chunk.dictionary) != len(last) for chunk in encoded.chunks):  # not what pyarrow does today
        encoded = pa.chunked_array([values.combine_chunks().dictionary_encode()])
        last = encoded.chunks[-1].dictionary
    codes = numbers_of(pa.chunked_array([chunk.indices for chunk in encoded.chunks])).astype(np.int64)
    return codes, last.to_pylist()


def _relation_codes(column: pa.ChunkedArray) -> np.ndarray:
    """Relation names as the engine's ``int8`` codes (the schema allows no other names)."""
    codes = pc.index_in(column, value_set=arrow_column(list(RELATIONS), pa.string()))
    if codes.null_count:
        unknown = sorted(set(pc.filter(column, pc.is_null(codes)).to_pylist()))
        raise ValueError(f"holding relations {unknown} are not one of {RELATIONS}")
    return numbers_of(codes).astype(np.int8)


def load_listings(
    conn: sa.Connection, list_ids: frozenset[str] | set[str] | None = None, parties: "PartyMap | None" = None
) -> list[Listing]:
    """Every entry of ``list_ids`` (all lists when None) with its measure periods, as the party
    it stands for (the representative of its own entity's party, ``parties``: read from ``conn``
    when not given)."""
    filters = ""
    params: dict[str, object] = {}
    if list_ids is not None:
        if not list_ids:
            return []
        names = [f"l{i}" for i in range(len(list_ids))]
        filters = f"WHERE e.list_id IN ({', '.join(':' + n for n in names)})"
        params = dict(zip(names, sorted(list_ids)))
    parties = party_map(conn) if parties is None else parties
    entries = conn.execute(
        sa.text(f"SELECT e.list_id, e.entry_id, e.entity_id, e.listed_on, e.delisted_on, e.reference FROM list_entry e {filters}"),
        params,
    ).fetchall()
    by_entry, by_reference = measure_periods(conn)
    listings = []
    for list_id, entry_id, entity_id, listed_on, delisted_on, reference in entries:
        periods = by_entry.get((list_id, entry_id), []) + by_reference.get((list_id, reference), [])
        listings.append(
            Listing(parties.of(entity_id), list_id, as_date(listed_on), as_date(delisted_on), tuple(periods))
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
    """How many imports have committed (import batches are never deleted): a result computed
    before a later import is stale. A count, not the highest id: on PostgreSQL ids are handed out
    when imports start, and an import that started earlier may commit later."""
    return int(conn.execute(sa.text("SELECT COUNT(*) FROM import_batch")).scalar_one())
