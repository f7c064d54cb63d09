"""The subject index: which subjects share a blocking key with a candidate.

Rule: the candidate index (``partyscreen.matching.index``) finds a candidate for a screened name
only through a blocking key both share. So when a candidate is added, removed or changes its
names (or anything that decides its matches or its report), the subjects whose screening can
change are among those sharing a key with its old or new names; a run re-screens exactly those
(plus new and changed subjects), running the changed candidates against this index of
subjects, not every subject against the candidates.

The index is two sorted arrays (key hash, subject ``seq``), kept between runs in the on-disk
cache under the token of the run that produced it. When it is missing (another machine, a
cleared cache) the run computes every active subject's keys again (slower, same result).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from partyscreen import cache

KIND = "monitor-keys"


class SubjectKeys:
    """Blocking-key hashes of subjects, searchable by hash."""

    def __init__(self, hashes: np.ndarray | None = None, seqs: np.ndarray | None = None) -> None:
        self.hashes = np.empty(0, dtype=np.uint32) if hashes is None else hashes
        self.seqs = np.empty(0, dtype=np.uint32) if seqs is None else seqs

    @classmethod
    def from_parts(cls, parts: Iterable[tuple[object, object]]) -> "SubjectKeys":
        """An index of ``(seqs, hashes)`` arrays (``array('I')`` or numpy)."""
        index = cls()
        index.add(parts)
        return index

    def add(self, parts: Iterable[tuple[object, object]]) -> None:
        """Add ``(seqs, hashes)`` pairs (the subjects must not be in the index already)."""
        items = list(parts)
        seqs = np.concatenate([self.seqs, *(_uint32(s) for s, _ in items)])
        hashes = np.concatenate([self.hashes, *(_uint32(h) for _, h in items)])
        order = np.argsort(hashes, kind="stable")
        self.hashes, self.seqs = hashes[order], seqs[order]

    def drop(self, seqs: Iterable[int]) -> None:
        """Forget these subjects (re-screened or gone: their keys are replaced or no longer needed)."""
        gone = np.fromiter(seqs, dtype=np.uint32)
        if len(gone) == 0 or len(self.seqs) == 0:
            return
        keep = ~np.isin(self.seqs, gone)
        self.hashes, self.seqs = self.hashes[keep], self.seqs[keep]

    def subjects_sharing(self, hashes: Iterable[int]) -> set[int]:
        """The subjects having any of these key hashes."""
        wanted = np.unique(np.fromiter(hashes, dtype=np.uint32))
        if len(wanted) == 0 or len(self.hashes) == 0:
            return set()
        lo = np.searchsorted(self.hashes, wanted, side="left")
        hi = np.searchsorted(self.hashes, wanted, side="right")
        found = [self.seqs[a:b] for a, b in zip(lo, hi) if b > a]
        return set(np.unique(np.concatenate(found)).tolist()) if found else set()

    def subjects(self) -> set[int]:
        return set(np.unique(self.seqs).tolist())

    def __len__(self) -> int:
        return len(self.hashes)

    def save(self, token: str) -> None:
        """Keep the index for the run named ``token`` (the cache ignores a folder it cannot write)."""
        cache.store(KIND, token, (self.hashes, self.seqs))

    @classmethod
    def load(cls, token: str | None) -> "SubjectKeys | None":
        """The index kept for the run ``token``, or None when it is not in the cache."""
        if not token:
            return None
        found = cache.load(KIND, token)
        if isinstance(found, tuple) and len(found) == 2 and all(isinstance(a, np.ndarray) for a in found):
            return cls(found[0], found[1])
        return None


def _uint32(values: object) -> np.ndarray:
    """An ``array('I')`` or a numpy array as a uint32 numpy array."""
    if isinstance(values, np.ndarray):
        return values.astype(np.uint32, copy=False)
    return np.frombuffer(memoryview(values), dtype=np.uint32)  # type: ignore[arg-type]
