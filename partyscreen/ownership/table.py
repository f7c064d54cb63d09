"""Column arrays of holdings, and the compiled graph the engine walks.

The fast path for large data: the caller (e.g. the store, reading 2M rows from SQL) fills a
:class:`HoldingTable` with numpy columns, one row per holding, entities as integer indices into
``ids``. Conventions:

* ``relation``: ``int8`` codes, index into :data:`~partyscreen.ownership.model.RELATIONS`
  (0 shareholding, 1 voting, 2 branch, 3 control).
* ``share_min`` / ``share_max``: ``int64`` units; a missing minimum is 0, a missing maximum is
  ``HUNDRED_PERCENT`` (so an unknown stake is [0, 100]). Branch rows are read as 100%, control
  rows' shares are ignored.
* ``min_exclusive`` / ``max_exclusive``: optional ``bool`` columns (default all ``False``).
* ``start`` / ``end``: optional ``int64`` proleptic ordinals (``date.toordinal()``), with
  :data:`NO_START` / :data:`NO_END` for open bounds; or pass ``in_force`` to
  :meth:`OwnershipGraph.build` if the caller filtered by date already (e.g. in SQL).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping, Sequence

import numpy as np

from partyscreen.ownership.model import BRANCH, CONTROL, RELATIONS, Holding
from partyscreen.shares import HUNDRED_PERCENT

REL_SHARE, REL_VOTING, REL_BRANCH, REL_CONTROL = 0, 1, 2, 3
NO_START = np.iinfo(np.int64).min
NO_END = np.iinfo(np.int64).max


@dataclass
class HoldingTable:
    """Holdings as columns (see the module docstring for the encoding)."""

    ids: Sequence[str]
    owner: np.ndarray
    owned: np.ndarray
    relation: np.ndarray
    share_min: np.ndarray
    share_max: np.ndarray
    min_exclusive: np.ndarray | None = None
    max_exclusive: np.ndarray | None = None
    start: np.ndarray | None = None
    end: np.ndarray | None = None
    index_hint: Mapping[str, int] | None = None
    """Indices of some ids known in advance (e.g. the listed roots), so looking them up does not
    build a dictionary of every id."""

    def __post_init__(self) -> None:
        self.owner = np.asarray(self.owner, dtype=np.int64)
        self.owned = np.asarray(self.owned, dtype=np.int64)
        self.relation = np.asarray(self.relation, dtype=np.int8)
        self.share_min = np.asarray(self.share_min, dtype=np.int64)
        self.share_max = np.asarray(self.share_max, dtype=np.int64)
        n = len(self.owner)
        for name in ("owned", "relation", "share_min", "share_max"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"HoldingTable.{name} has {len(getattr(self, name))} rows, owner has {n}")
        self._index: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.owner)

    @property
    def n_entities(self) -> int:
        """Number of entity indices."""
        return len(self.ids)

    def index_of(self, entity_id: str) -> int | None:
        """The index of ``entity_id``, or ``None`` (builds a dict on first use)."""
        if self.index_hint is not None and entity_id in self.index_hint:
            return self.index_hint[entity_id]
        if self._index is None:
            self._index = {entity_id: i for i, entity_id in enumerate(self.ids)}
        return self._index.get(entity_id)

    def in_force(self, as_of: date) -> np.ndarray:
        """Boolean mask of rows in force on ``as_of`` (``start <= D < end``)."""
        day = as_of.toordinal()
        mask = np.ones(len(self), dtype=bool)
        if self.start is not None:
            mask &= np.asarray(self.start, dtype=np.int64) <= day
        if self.end is not None:
            mask &= day < np.asarray(self.end, dtype=np.int64)
        return mask

    @classmethod
    def from_holdings(cls, holdings: Iterable[Holding], extra_ids: Iterable[str] = ()) -> "HoldingTable":
        """Build columns from :class:`Holding` records (entity ids are indexed in first-seen order).

        Raises:
            ValueError: unknown relation, a share outside [0, 100] or a minimum above the maximum.
        """
        index: dict[str, int] = {}
        rows: list[tuple[int, int, int, int, int, bool, bool, int, int]] = []
        for h in holdings:
            if h.relation not in RELATIONS:
                raise ValueError(f"unknown relation {h.relation!r} ({h.owner_id} -> {h.owned_id}); expected one of {RELATIONS}")
            low = 0 if h.share_min is None else int(h.share_min)
            high = HUNDRED_PERCENT if h.share_max is None else int(h.share_max)
            if h.relation in (BRANCH, CONTROL):
                low = high = HUNDRED_PERCENT
            _check_range(h, low, high)
            rows.append((
                index.setdefault(h.owner_id, len(index)),
                index.setdefault(h.owned_id, len(index)),
                RELATIONS.index(h.relation), low, high, h.min_exclusive, h.max_exclusive,
                NO_START if h.start_date is None else h.start_date.toordinal(),
                NO_END if h.end_date is None else h.end_date.toordinal(),
            ))
        for entity_id in extra_ids:
            index.setdefault(entity_id, len(index))
        cols = list(zip(*rows)) if rows else [()] * 9
        table = cls(
            ids=list(index),
            owner=np.array(cols[0], dtype=np.int64),
            owned=np.array(cols[1], dtype=np.int64),
            relation=np.array(cols[2], dtype=np.int8),
            share_min=np.array(cols[3], dtype=np.int64),
            share_max=np.array(cols[4], dtype=np.int64),
            min_exclusive=np.array(cols[5], dtype=bool),
            max_exclusive=np.array(cols[6], dtype=bool),
            start=np.array(cols[7], dtype=np.int64),
            end=np.array(cols[8], dtype=np.int64),
        )
        table._index = index
        return table


def _check_range(h: Holding, low: int, high: int) -> None:
    """Reject impossible shares: outside [0, 100], min above max, or an empty exclusive range."""
    if not (0 <= low <= high <= HUNDRED_PERCENT):
        raise ValueError(f"share range [{low}, {high}] units is invalid ({h.owner_id} -> {h.owned_id})")
    if low == high and (h.min_exclusive or h.max_exclusive) and h.relation not in (BRANCH, CONTROL):
        raise ValueError(f"exclusive bound on an exact share makes an empty range ({h.owner_id} -> {h.owned_id})")


@dataclass
class OwnershipGraph:
    """The in-force holdings of one date, sorted by owner (out-CSR), self-loops dropped.

    ``edge`` maps each compiled edge back to its row in the :class:`HoldingTable`; ``accounted``
    is, per entity, the sum of the lower bounds of all shareholdings into it (the capital some
    holding accounts for at least).
    """

    table: HoldingTable
    n: int
    src: np.ndarray
    dst: np.ndarray
    rel: np.ndarray
    low: np.ndarray
    high: np.ndarray
    low_x: np.ndarray
    high_x: np.ndarray
    edge: np.ndarray
    indptr: np.ndarray
    accounted: np.ndarray
    _in: tuple[np.ndarray, np.ndarray] | None = None

    @classmethod
    def build(cls, table: HoldingTable, as_of: date | None = None, in_force: np.ndarray | None = None) -> "OwnershipGraph":
        """Compile the holdings in force on ``as_of`` (or the rows of the ``in_force`` mask).

        Raises:
            ValueError: an index outside ``ids`` or a share outside [0, 100].
        """
        n = table.n_entities
        mask = in_force if in_force is not None else (table.in_force(as_of) if as_of else np.ones(len(table), bool))
        mask = np.asarray(mask, dtype=bool) & (table.owner != table.owned)
        rows = np.flatnonzero(mask)
        src = table.owner[rows]
        if len(rows) and (min(src.min(), table.owned[rows].min()) < 0 or max(src.max(), table.owned[rows].max()) >= n):
            raise ValueError("HoldingTable has an owner/owned index outside ids")
        order = np.argsort(_narrow(src, n))
        rows = rows[order]
        src = src[order]
        rel = table.relation[rows]
        full = (rel == REL_BRANCH) | (rel == REL_CONTROL)
        low = np.where(full, HUNDRED_PERCENT, table.share_min[rows])
        high = np.where(full, HUNDRED_PERCENT, table.share_max[rows])
        if len(rows) and (low.min() < 0 or high.max() > HUNDRED_PERCENT or (low > high).any()):
            raise ValueError("HoldingTable has a share outside [0, 100]% or a minimum above its maximum")
        low_x = _flags(table.min_exclusive, rows) & ~full
        high_x = _flags(table.max_exclusive, rows) & ~full
        dst = table.owned[rows]
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
        accounted = np.bincount(dst[rel == REL_SHARE], weights=low[rel == REL_SHARE], minlength=n).astype(np.int64)
        return cls(table, n, src, dst, rel, low, high, low_x, high_x, rows, indptr, accounted)

    def out_edges(self, nodes: np.ndarray) -> np.ndarray:
        """Indices of the compiled edges owned by ``nodes`` (CSR gather)."""
        starts = self.indptr[nodes]
        counts = self.indptr[nodes + 1] - starts
        total = int(counts.sum())
        if total == 0:
            return np.empty(0, dtype=np.int64)
        shifts = np.repeat(starts - (np.cumsum(counts) - counts), counts)
        return shifts + np.arange(total, dtype=np.int64)

    def in_edges(self, node: int) -> np.ndarray:
        """Indices of the compiled edges into ``node`` (builds an in-CSR on first use)."""
        order, ptr = self._in_csr()
        return order[ptr[node]:ptr[node + 1]]

    def in_edges_many(self, nodes: np.ndarray) -> np.ndarray:
        """Indices of the compiled edges into any of ``nodes`` (CSR gather, grouped by node)."""
        order, ptr = self._in_csr()
        starts = ptr[nodes]
        counts = ptr[nodes + 1] - starts
        total = int(counts.sum())
        if total == 0:
            return np.empty(0, dtype=np.int64)
        shifts = np.repeat(starts - (np.cumsum(counts) - counts), counts)
        return order[shifts + np.arange(total, dtype=np.int64)]

    def _in_csr(self) -> tuple[np.ndarray, np.ndarray]:
        """The in-CSR ``(edge order, pointer)``, built on first use."""
        if self._in is None:
            order = np.argsort(_narrow(self.dst, self.n))
            ptr = np.zeros(self.n + 1, dtype=np.int64)
            np.cumsum(np.bincount(self.dst, minlength=self.n), out=ptr[1:])
            self._in = (order, ptr)
        return self._in


def _narrow(keys: np.ndarray, n: int) -> np.ndarray:
    """Sort keys as int32 when they fit (sorting is about twice as fast); order is deterministic."""
    return keys.astype(np.int32) if n < 2**31 else keys


def _flags(column: np.ndarray | None, rows: np.ndarray) -> np.ndarray:
    """A boolean column restricted to ``rows`` (all False when absent)."""
    if column is None:
        return np.zeros(len(rows), dtype=bool)
    return np.asarray(column, dtype=bool)[rows]
