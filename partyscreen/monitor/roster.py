"""The customers of this run against the subjects kept: new, changed, unchanged, gone.

Rules:
- A customer whose id was seen before keeps its ``seq`` (the integer handle the subject index
  uses); a new one gets the next free one.
- A customer is *fresh* (screened, and its row written) when it is new, its fingerprint differs
  from the kept one, or it was inactive; otherwise it is unchanged and nothing of it is written.
- A kept, active subject missing from the input is to be marked inactive.
- The comparison runs over whole columns (a million customers in about a second); a customer
  becomes a Python object only when it is screened or written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from partyscreen.monitor.customers import Customers

MAX_ROLE = 40


@dataclass
class Stored:
    """The subjects kept by earlier runs, one array per column."""

    ids: np.ndarray
    seqs: np.ndarray
    fingerprints: np.ndarray
    active: np.ndarray

    @classmethod
    def empty(cls) -> "Stored":
        return cls(np.empty(0, dtype=object), np.empty(0, dtype=np.int64), np.empty(0, dtype=object),
                   np.empty(0, dtype=bool))


class Roster:
    """This run's customers with their seqs, and what changed since the subjects kept."""

    def __init__(self, customers: Customers, stored: Stored) -> None:
        self.customers = customers
        kept = pd.Index(stored.ids)
        at = kept.get_indexer(customers.ids)
        known = at >= 0
        next_seq = int(stored.seqs.max()) + 1 if len(stored.seqs) else 1
        seqs = np.empty(len(customers), dtype=np.int64)
        seqs[known] = stored.seqs[at[known]]
        seqs[~known] = np.arange(next_seq, next_seq + int((~known).sum()), dtype=np.int64)
        same = np.zeros(len(customers), dtype=bool)
        same[known] = (stored.fingerprints[at[known]] == customers.fingerprints[known]) & stored.active[at[known]]
        self.seqs = seqs
        self.known = known
        self.fresh_mask = ~same
        present = np.zeros(len(stored.ids), dtype=bool)
        present[at[known]] = True
        gone = stored.active & ~present
        self.inactivate = sorted(stored.ids[gone].tolist())
        self.gone_seqs = set(stored.seqs[gone].tolist())
        self.active_before = int(stored.active.sum())
        order = np.argsort(seqs, kind="stable")
        self._sorted_seqs, self._order = seqs[order], order
        self._id_index: pd.Index | None = None

    def __len__(self) -> int:
        return len(self.seqs)

    def all_seqs(self) -> set[int]:
        return set(self.seqs.tolist())

    def fresh(self) -> set[int]:
        """Seqs of the new, changed and re-activated customers."""
        return set(self.seqs[self.fresh_mask].tolist())

    def positions(self, seqs: Iterable[int]) -> np.ndarray:
        """Input positions of these seqs (each must be a customer of this run)."""
        wanted = np.fromiter(seqs, dtype=np.int64)
        return self._order[np.searchsorted(self._sorted_seqs, wanted)]

    def has(self, seqs: Iterable[int]) -> np.ndarray:
        """Whether each seq is a customer of this run."""
        wanted = np.fromiter(seqs, dtype=np.int64)
        at = np.searchsorted(self._sorted_seqs, wanted)
        at[at == len(self._sorted_seqs)] = 0
        return self._sorted_seqs[at] == wanted if len(self._sorted_seqs) else np.zeros(len(wanted), dtype=bool)

    def seq_of(self, subject_ids: Iterable[str]) -> dict[str, int]:
        """Seqs of those of ``subject_ids`` that are customers of this run."""
        if self._id_index is None:
            self._id_index = pd.Index(self.customers.ids)
        ids = list(subject_ids)
        at = self._id_index.get_indexer(ids) if ids else np.empty(0, dtype=np.int64)
        return {sid: int(self.seqs[p]) for sid, p in zip(ids, at.tolist()) if p >= 0}

    def screenable(self, seqs: Iterable[int]) -> list[int]:
        """These seqs without the customers in error (an empty or too long name), ascending."""
        ordered = np.unique(np.fromiter(seqs, dtype=np.int64))
        if not len(ordered):
            return []
        ok = np.array([e is None for e in self.customers.errors[self.positions(ordered)].tolist()], dtype=bool)
        return ordered[ok].tolist()

    def tasks(self, seqs: list[int]) -> list[tuple[int, str, str | None, tuple[tuple[str, str], ...]]]:
        """``(seq, name, country, identifiers)`` of each seq, in the given order (partition input)."""
        at = self.positions(seqs)
        c = self.customers
        return list(zip(seqs, c.names[at].tolist(), c.countries[at].tolist(), c.identifiers[at].tolist()))

    def with_identifiers(self) -> list[tuple[int, tuple[tuple[str, str], ...]]]:
        """(seq, identifiers) of the customers that have any."""
        ids = self.customers.identifiers
        found = np.flatnonzero(np.fromiter((bool(i) for i in ids.tolist()), dtype=bool, count=len(ids)))
        return [(int(self.seqs[i]), ids[i]) for i in found.tolist()]

    def rows(self, known: bool) -> Iterator[tuple[object, ...]]:
        """The rows to write of the fresh customers, new ones (``known=False``: to insert) or
        kept ones (to update), made one at a time:
        ``(subject_id, seq, name, country, role, identifiers, fingerprint, error)``."""
        c = self.customers
        for i in np.flatnonzero(self.fresh_mask & (self.known if known else ~self.known)).tolist():
            role = c.roles[i]
            idents = ";".join(f"{s}:{v}" for s, v in c.identifiers[i]) or None
            yield (c.ids[i], int(self.seqs[i]), c.names[i], c.countries[i], (role or None) and role[:MAX_ROLE],
                   idents, c.fingerprints[i], c.errors[i])
