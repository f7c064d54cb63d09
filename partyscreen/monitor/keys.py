"""The subject index: what the candidate index would see of each subject, searchable by key.

Rule: the candidate index (``partyscreen.matching.index``) scores a candidate name for a
screened name only when the two share a blocking key and the rapidfuzz prefilter rates the pair
at least ``PREFILTER_CUTOFF``; the pair's full score decides the match. A run keeps, for every
screened subject, what that test needs without preparing the name again:

* one row per *reading* of the subject's name (as given, full name, short form, branch's
  parent: ``query_readings``) with the reading's prefilter strings (``family_strings``) and
  whether token-set and plain ratio may differ for it (``set_special``);
* the blocking keys of each reading, hashed (two sorted arrays: key hash -> row);
* the candidates the subject matched (every match at or above the minimum score, alerting or
  not, at most the matcher's limit): a candidate whose state changed but not what matching reads
  can change the hits of exactly these subjects.

``partyscreen.monitor.reach`` runs the changed candidates against this index. The index is kept
between runs in the on-disk cache under the token of the run that produced it (its bulk, the
*base*, written once and shared by later runs: ``SubjectIndex``); when it is missing (another
machine, a cleared cache) the run screens every subject again (same result).
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from partyscreen import cache

KIND = "monitor-index"
FAMILIES = 6
"""Prefilter strings per reading: sorted words, run-together words, Han, pinyin, acronym, short word."""


class PackedStrings:
    """A column of strings as one UTF-8 buffer and an offsets array: no Python object per string.

    Why: the subject index holds six prefilter strings per reading of every customer's name; as
    ``str`` objects (~50 bytes of overhead each, plus a pointer) they were most of the driver's
    memory at a million customers. Packed, a string costs its bytes and an 8-byte offset, and the
    column pickles as two arrays. Strings are made only for the rows asked for (``take``).
    """

    __slots__ = ("data", "offsets")

    def __init__(self, data: np.ndarray | None = None, offsets: np.ndarray | None = None) -> None:
        self.data = data if data is not None else np.empty(0, dtype=np.uint8)
        self.offsets = offsets if offsets is not None else np.zeros(1, dtype=np.int64)

    @classmethod
    def of(cls, texts: Iterable[str]) -> "PackedStrings":
        encoded = [t.encode("utf-8", "surrogatepass") for t in texts]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)), out=offsets[1:])
        return cls(np.frombuffer(b"".join(encoded), dtype=np.uint8).copy(), offsets)

    @classmethod
    def concat(cls, columns: list["PackedStrings"]) -> "PackedStrings":
        columns = [c for c in columns if len(c)]
        if not columns:
            return cls()
        if len(columns) == 1:
            return columns[0]
        starts = np.cumsum([0] + [len(c.data) for c in columns[:-1]], dtype=np.int64)
        offsets = np.concatenate([np.zeros(1, dtype=np.int64)] + [c.offsets[1:] + start for c, start in zip(columns, starts)])
        return cls(np.concatenate([c.data for c in columns]), offsets)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def lengths(self, rows: np.ndarray | None = None) -> np.ndarray:
        """Byte lengths of the strings (of ``rows``)."""
        if rows is None:
            return np.diff(self.offsets)
        rows = np.asarray(rows, dtype=np.int64)
        return self.offsets[rows + 1] - self.offsets[rows]

    def take(self, rows: np.ndarray) -> np.ndarray:
        """The strings of ``rows`` (integer positions) as an object array."""
        rows = np.asarray(rows, dtype=np.int64)
        view = memoryview(self.data)
        starts, ends = self.offsets[rows].tolist(), self.offsets[rows + 1].tolist()
        out = np.empty(len(rows), dtype=object)
        out[:] = [str(view[a:b], "utf-8", "surrogatepass") for a, b in zip(starts, ends)]
        return out

    def equal_at(self, rows: np.ndarray, text: str) -> np.ndarray:
        """Whether the string of each of ``rows`` is ``text``."""
        rows = np.asarray(rows, dtype=np.int64)
        wanted = text.encode("utf-8", "surrogatepass")
        same = self.lengths(rows) == len(wanted)
        at = np.flatnonzero(same)
        if len(at):
            same[at] = self.take(rows[at]) == text
        return same

    def slice(self, start: int, stop: int) -> "PackedStrings":
        """The strings of rows ``start`` to ``stop`` (exclusive)."""
        a, b = int(self.offsets[start]), int(self.offsets[stop])
        return PackedStrings(self.data[a:b], self.offsets[start : stop + 1] - a)

    def select(self, keep: np.ndarray) -> "PackedStrings":
        """The strings where the boolean mask ``keep`` is true."""
        lengths = self.lengths()
        data = self.data[np.repeat(keep, lengths)]
        offsets = np.zeros(int(keep.sum()) + 1, dtype=np.int64)
        np.cumsum(lengths[keep], out=offsets[1:])
        return PackedStrings(data, offsets)

    def __getitem__(self, rows: Any) -> np.ndarray:
        """``take`` of integer positions, or of the rows a boolean mask selects."""
        rows = np.asarray(rows)
        if rows.dtype == bool:
            rows = np.flatnonzero(rows)
        return self.take(rows)

    def __iter__(self) -> Any:
        return iter(self.take(np.arange(len(self))).tolist())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PackedStrings) and np.array_equal(self.offsets, other.offsets) \
            and np.array_equal(self.data, other.data)

    def __repr__(self) -> str:
        return f"PackedStrings({len(self)} strings, {len(self.data)} bytes)"

    def __getstate__(self) -> tuple[np.ndarray, np.ndarray]:
        return (self.data, self.offsets)

    def __setstate__(self, state: tuple[np.ndarray, np.ndarray]) -> None:
        self.data, self.offsets = state

@dataclass
class IndexPart:
    """What one partition adds to the index: one entry per reading in ``seqs`` (the subject),
    ``strings`` (six columns of prefilter strings) and ``special``; the readings' key hashes
    (``rows`` index the readings); the subjects' matched candidate ids. ``packed`` turns the
    columns into numpy arrays (the driver packs each part as it arrives)."""

    seqs: Any = field(default_factory=list)
    strings: list[Any] = field(default_factory=lambda: [[] for _ in range(FAMILIES)])
    special: Any = field(default_factory=list)
    rows: Any = field(default_factory=list)
    hashes: Any = field(default_factory=list)
    matched: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def add_reading(self, seq: int, strings: tuple[str, ...], special: bool) -> int:
        """Append one reading; its row number in this part."""
        row = len(self.seqs)
        self.seqs.append(seq)
        for column, text in zip(self.strings, strings):
            column.append(text)
        self.special.append(special)
        return row

    def packed(self) -> "IndexPart":
        """The same part with numpy columns and packed strings (a packed part is returned as is)."""
        if isinstance(self.seqs, np.ndarray):
            return self
        return IndexPart(np.asarray(self.seqs, dtype=np.uint32), [PackedStrings.of(column) for column in self.strings],
                         np.asarray(self.special, dtype=bool), np.asarray(self.rows, dtype=np.uint32),
                         np.asarray(self.hashes, dtype=np.uint32), self.matched)


class SubjectIndex:
    """Readings of subjects, their prefilter strings, their key hashes (sorted), their matches.

    Layout (why: at a million customers the index holds ~36 million key hashes; rewriting them
    for the few percent of subjects a night re-screens was most of a run's own time):

    * every reading ever added is a *row*: ``row_seq``, ``strings`` and ``special`` hold all
      rows, oldest first; a dropped subject's rows are marked dead (``alive``), not removed;
    * the key hashes of the first ``base_rows`` rows (the *base*) are ``key_hash`` / ``key_row``,
      sorted by hash; those of the rows added since are ``new_hash`` / ``new_row``, kept small
      and sorted apart;
    * once the rows added since the base and the dead rows together exceed ``COMPACT_SHARE`` of
      the live rows, the index is *compacted*: dead rows removed, every key merged into a new base.

    A saved index writes its base once (``KIND_BASE``, under ``base_token``) and, per run, only
    what changed since (``KIND``): a run that re-screens a few percent of the subjects writes a
    few percent of the index.
    """

    COMPACT_SHARE = 0.25
    """Rows added since the base plus dead rows, as a share of the live rows, that trigger a compaction."""

    def __init__(self) -> None:
        self.row_seq = np.empty(0, dtype=np.uint32)
        self.strings = [PackedStrings() for _ in range(FAMILIES)]
        self.special = np.empty(0, dtype=bool)
        self.alive = np.empty(0, dtype=bool)
        self.base_rows = 0
        self.key_hash = np.empty(0, dtype=np.uint32)
        self.key_row = np.empty(0, dtype=np.uint32)
        self.new_hash = np.empty(0, dtype=np.uint32)
        self.new_row = np.empty(0, dtype=np.uint32)
        self.base_token: str | None = None
        """Cache token the base is saved under (None: not saved since it was built)."""
        self.matched: dict[int, tuple[str, ...]] = {}
        self.matcher_key: str | None = None
        """Cache key of the candidate index the subjects were screened against (its prepared
        names are reused by the next run's index)."""

    @classmethod
    def from_parts(cls, parts: Iterable[IndexPart]) -> "SubjectIndex":
        """A new index of these partitions, all of it the base."""
        index = cls()
        index.add(parts)
        if index.base_rows < len(index.row_seq):  # add compacts when due: only an empty one stays as it is
            index.compact()
        return index

    # --- changing it -----------------------------------------------------------------------------
    def add(self, parts: Iterable[IndexPart]) -> None:
        """Add partitions' readings, keys and matches (their subjects must not be live in the index);
        compacts when due.

        The parts are used up: each packed part's columns are let go as they are copied in (at a
        million customers they are ~40 million keys: the index is built beside them, not beside a
        second copy)."""
        parts = [part.packed() for part in parts]
        offset = len(self.row_seq)
        added = sum(len(part.seqs) for part in parts)
        # the new keys as (hash << 32 | row), sorted in place: hash order, and row order among equal
        # hashes (rows only grow); then split into hashes and rows in place (12 bytes a key at the
        # peak: an argsort and its gathers took 24 more)
        count = sum(len(part.hashes) for part in parts)
        buffer = np.empty(2 * count, dtype=np.uint32)
        keys = buffer.view(np.uint64)
        at, row = 0, offset
        for part in parts:
            these = keys[at : at + len(part.hashes)]
            these[:] = part.hashes
            these <<= np.uint64(32)
            these |= part.rows.astype(np.uint64) + np.uint64(row)
            at, row = at + len(these), row + len(part.seqs)
            self.matched.update(part.matched)
            part.hashes = part.rows = _NONE
            part.matched = {}
            del these  # a view: it would keep the buffer alive
        keys.sort()
        new_hash = np.empty(count, dtype=np.uint32)
        np.right_shift(keys, np.uint64(32), out=new_hash, casting="unsafe")
        del keys
        new_row = _low_halves(buffer)
        del buffer
        self.new_hash, self.new_row = _merge_sorted(self.new_hash, self.new_row, new_hash, new_row)
        del new_hash, new_row
        for f in range(FAMILIES):  # a family at a time, let go once copied
            self.strings[f] = PackedStrings.concat([self.strings[f], *(part.strings[f] for part in parts)])
            for part in parts:
                part.strings[f] = PackedStrings()
        self.row_seq = np.concatenate([self.row_seq, *(part.seqs for part in parts)])
        self.special = np.concatenate([self.special, *(part.special for part in parts)])
        for part in parts:
            part.seqs, part.special = _NONE, np.empty(0, dtype=bool)
        self.alive = np.concatenate([self.alive, np.ones(added, dtype=bool)])
        if self._compaction_due():
            self.compact()

    def drop(self, seqs: Iterable[int]) -> None:
        """Forget these subjects (re-screened or gone: their rows are replaced or not needed)."""
        gone = np.fromiter(seqs, dtype=np.uint32)
        for seq in gone.tolist():
            self.matched.pop(seq, None)
        if len(gone) == 0 or len(self.row_seq) == 0:
            return
        self.alive &= ~np.isin(self.row_seq, gone)

    def compact(self) -> None:
        """Remove the dead rows and merge every key into a new base (``base_token`` reset)."""
        keep = self.alive
        if keep.all():  # nothing dead: the keys keep their rows (a new index is all new keys)
            key_hash, key_row, new_hash, new_row = self.key_hash, self.key_row, self.new_hash, self.new_row
        else:
            renumber = (np.cumsum(keep) - 1).astype(np.uint32)
            base_keep, new_keep = keep[self.key_row], keep[self.new_row]
            key_hash, key_row = self.key_hash[base_keep], renumber[self.key_row[base_keep]]
            new_hash, new_row = self.new_hash[new_keep], renumber[self.new_row[new_keep]]
        self.key_hash = self.key_row = self.new_hash = self.new_row = np.empty(0, dtype=np.uint32)
        self.key_hash, self.key_row = _merge_sorted(key_hash, key_row, new_hash, new_row)
        del key_hash, key_row, new_hash, new_row
        self.new_hash, self.new_row = np.empty(0, dtype=np.uint32), np.empty(0, dtype=np.uint32)
        if not keep.all():
            self.row_seq = self.row_seq[keep]
            self.strings = [s.select(keep) for s in self.strings]
            self.special = self.special[keep]
        self.alive = np.ones(len(self.row_seq), dtype=bool)
        self.base_rows = len(self.row_seq)
        self.base_token = None

    def _compaction_due(self) -> bool:
        live = int(self.alive.sum())
        churn = (len(self.row_seq) - self.base_rows) + (len(self.row_seq) - live)
        return churn > self.COMPACT_SHARE * max(live, 1)

    # --- reading it ------------------------------------------------------------------------------
    def rows_sharing(self, hashes: Iterable[int]) -> np.ndarray:
        """The live rows (readings) having any of these key hashes, ascending."""
        wanted = np.unique(np.fromiter(hashes, dtype=np.uint32))
        if len(wanted) == 0:
            return np.empty(0, dtype=np.uint32)
        found = _rows_of(self.key_hash, self.key_row, wanted) + _rows_of(self.new_hash, self.new_row, wanted)
        if not found:
            return np.empty(0, dtype=np.uint32)
        rows = np.unique(np.concatenate(found))
        return rows[self.alive[rows]]

    def subjects_sharing(self, hashes: Iterable[int]) -> set[int]:
        """The subjects having any of these key hashes."""
        return set(np.unique(self.row_seq[self.rows_sharing(hashes)]).tolist())

    def subjects(self) -> set[int]:
        """The subjects in the index."""
        return set(np.unique(self.row_seq[self.alive]).tolist())

    def live_keys(self) -> list[tuple[int, int]]:
        """Every (key hash, subject) pair of the live rows, sorted (for checks and tests)."""
        rows = np.concatenate([self.key_row, self.new_row])
        hashes = np.concatenate([self.key_hash, self.new_hash])
        live = self.alive[rows]
        return sorted(zip(hashes[live].tolist(), self.row_seq[rows[live]].tolist()))

    def readings(self, seq: int, family: int = 0) -> list[str]:
        """The prefilter strings of family ``family`` of a subject's live readings."""
        return list(self.strings[family][(self.row_seq == seq) & self.alive])

    def __len__(self) -> int:
        """The live readings."""
        return int(self.alive.sum())

    # --- keeping it between runs -----------------------------------------------------------------
    def save(self, token: str) -> None:
        """Keep the index for the run named ``token``: the base once, then what changed since
        (the cache ignores a folder it cannot write)."""
        if self.base_token is None:
            base_token = uuid.uuid4().hex
            b = self.base_rows
            cache.store(KIND_BASE, base_token, (BASE_FORMAT, self.row_seq[:b], [s.slice(0, b) for s in self.strings],
                                                self.special[:b], self.key_hash, self.key_row))
            self.base_token = base_token
        b, end = self.base_rows, len(self.row_seq)
        cache.store(KIND, token, (
            OVERLAY_FORMAT, self.base_token, b, np.packbits(self.alive[:b]), self.row_seq[b:],
            [s.slice(b, end) for s in self.strings], self.special[b:], self.alive[b:],
            self.new_hash, self.new_row, self.matched, self.matcher_key,
        ))

    @classmethod
    def load(cls, token: str | None) -> "SubjectIndex | None":
        """The index kept for the run ``token``, or None when it (or its base) is not in the cache."""
        if not token:
            return None
        found = cache.load(KIND, token)
        if isinstance(found, tuple) and len(found) == 7 and isinstance(found[5], dict):
            return cls._whole(found)  # written by partyscreen before the base was kept apart
        if not (isinstance(found, tuple) and len(found) == 12 and found[0] == OVERLAY_FORMAT):
            return None
        (_, base_token, b, base_alive, seqs, strings, special, alive, new_hash, new_row, matched, matcher_key) = found
        base = cache.load(KIND_BASE, base_token)
        if not (isinstance(base, tuple) and len(base) == 6 and base[0] == BASE_FORMAT and len(base[1]) == b):
            return None
        index = cls()
        index.row_seq = np.concatenate([base[1], seqs])
        index.strings = [PackedStrings.concat([x, y]) for x, y in zip(base[2], strings)]
        index.special = np.concatenate([base[3], special])
        index.key_hash, index.key_row = base[4], base[5]
        index.alive = np.concatenate([np.unpackbits(base_alive, count=b).astype(bool), alive])
        index.base_rows, index.base_token = b, base_token
        index.new_hash, index.new_row, index.matched, index.matcher_key = new_hash, new_row, matched, matcher_key
        return index


    @staticmethod
    def matcher_key_of(token: str | None) -> str | None:
        """The candidate index key the run ``token`` screened with (None when not in the cache)."""
        found = cache.load(KIND, token) if token else None
        if isinstance(found, tuple) and len(found) == 12 and found[0] == OVERLAY_FORMAT:
            return found[11]  # type: ignore[no-any-return]
        if isinstance(found, tuple) and len(found) == 7:
            return found[6]  # type: ignore[no-any-return]
        return None

    @classmethod
    def _whole(cls, found: tuple) -> "SubjectIndex":
        index = cls()
        (index.row_seq, strings, index.special, index.key_hash, index.key_row, index.matched, index.matcher_key) = found
        index.strings = [s if isinstance(s, PackedStrings) else PackedStrings.of(s.tolist()) for s in strings]
        index.alive = np.ones(len(index.row_seq), dtype=bool)
        index.base_rows = len(index.row_seq)
        return index


BASE_FORMAT = "subject-index-base-1"
OVERLAY_FORMAT = "subject-index-1"
KIND_BASE = "monitor-base"
"""Cache kind of the bases (not a prefix of ``KIND``: the cache prunes each kind by file-name prefix)."""


_NONE = np.empty(0, dtype=np.uint32)
"""What a used-up part's key and subject columns are left as (``SubjectIndex.add``)."""


def _low_halves(buffer: np.ndarray) -> np.ndarray:
    """The low 32 bits of each 64-bit number in ``buffer`` (uint32 pairs), moved to its front and
    the rest let go (``buffer`` is used up): no second array of the whole."""
    count, low = len(buffer) // 2, 0 if sys.byteorder == "little" else 1
    step = 1 << 20
    for start in range(0, count, step):  # a chunk's source lies at or after what it overwrites
        stop = min(count, start + step)
        buffer[start:stop] = buffer[2 * start + low : 2 * stop + low : 2]
    buffer.resize(count, refcheck=False)
    return buffer


def _merge_sorted(hashes: np.ndarray, rows: np.ndarray, more_hashes: np.ndarray, more_rows: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Two key lists sorted by hash as one: ``more`` goes after the keys of equal hash (its rows come
    later; no re-sort of the whole)."""
    if len(hashes) == 0:
        return more_hashes, more_rows
    if len(more_hashes) == 0:
        return hashes, rows
    at = np.searchsorted(hashes, more_hashes, side="right")
    return np.insert(hashes, at, more_hashes), np.insert(rows, at, more_rows)


def _rows_of(hashes: np.ndarray, rows: np.ndarray, wanted: np.ndarray) -> list[np.ndarray]:
    if len(hashes) == 0:
        return []
    lo = np.searchsorted(hashes, wanted, side="left")
    hi = np.searchsorted(hashes, wanted, side="right")
    return [rows[a:b] for a, b in zip(lo.tolist(), hi.tolist()) if b > a]
