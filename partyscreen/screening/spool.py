"""Screened rows kept in a temporary file instead of memory, for screening files of any size.

Rules:
- Rows are appended chunk by chunk (each chunk pickled, length-prefixed) to an anonymous
  temporary file (``tempfile.TemporaryFile``: removed when closed, and by the system if the
  process is killed); memory holds one chunk at a time.
- Counts, the alert count, the rows with errors and the input digest
  (``record.input_digest``) are kept as rows arrive, so that a report's summary needs no pass.
- Reading back (``iter(spool)``) yields the rows in the order they were added; each iteration
  has its own position, so several may run at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import struct
import tempfile
from collections.abc import Iterator
from typing import IO

from partyscreen.screening.hits import Hit, ScreeningReport, SubjectResult

_LENGTH = struct.Struct("<Q")


class SubjectSpool:
    """Screened subjects (with their hits) in a temporary file; ``len`` and iteration as a list."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = tempfile.TemporaryFile(prefix="partyscreen-spool-")
        self._size = 0
        self._rows = 0
        self._digest = hashlib.sha256()
        self.counts = {
            "rows": 0, "subjects_with_hits": 0, "hits": 0, "alerts": 0,
            "listed": 0, "affiliate": 0, "possible_affiliate": 0, "errors": 0,
        }

    def add(self, subjects: list[SubjectResult]) -> None:
        """Append screened subjects (their hits set)."""
        from partyscreen.screening.record import subject_key

        if not subjects:
            return
        if self._file is None:
            raise ValueError("the spool is closed")
        data = pickle.dumps(subjects, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.seek(0, os.SEEK_END)
        self._file.write(_LENGTH.pack(len(data)))
        self._file.write(data)
        self._size += _LENGTH.size + len(data)
        counts = self.counts
        for subject in subjects:
            self._digest.update(json.dumps(subject_key(subject), ensure_ascii=False).encode("utf-8"))
            self._digest.update(b"\n")
            counts["rows"] += 1
            if subject.error:
                counts["errors"] += 1
            if subject.hits:
                counts["subjects_with_hits"] += 1
            for hit in subject.hits:
                counts["hits"] += 1
                counts["alerts"] += bool(hit.alert)
                if hit.basis in ("listed", "affiliate", "possible_affiliate"):
                    counts[hit.basis] += 1
        self._rows += len(subjects)

    @property
    def digest(self) -> str:
        """The input digest of every subject added so far (as ``record.input_digest``)."""
        return self._digest.hexdigest()

    def __len__(self) -> int:
        return self._rows

    def chunks(self) -> Iterator[list[SubjectResult]]:
        """The subjects as added, one chunk at a time."""
        if self._file is None:
            raise ValueError("the spool is closed")
        self._file.flush()
        fd = self._file.fileno()
        position = 0
        while position < self._size:
            (length,) = _LENGTH.unpack(os.pread(fd, _LENGTH.size, position))
            position += _LENGTH.size
            data = bytearray()
            while len(data) < length:
                part = os.pread(fd, length - len(data), position + len(data))
                if not part:
                    raise OSError("the screening spool file was truncated")
                data += part
            position += length
            yield pickle.loads(data)

    def __iter__(self) -> Iterator[SubjectResult]:
        for chunk in self.chunks():
            yield from chunk

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class SpooledReport(ScreeningReport):
    """A ``ScreeningReport`` whose subjects live in a ``SubjectSpool``: ``subjects`` and ``hits``
    are iterables read back from the file (not lists); ``counts()`` needs no pass."""

    subjects: SubjectSpool  # type: ignore[assignment]

    @property
    def hits(self) -> Iterator[Hit]:  # type: ignore[override]
        return (h for s in self.subjects for h in s.hits)

    @property
    def alerts(self) -> Iterator[Hit]:  # type: ignore[override]
        return (h for h in self.hits if h.alert)

    def counts(self) -> dict[str, int]:
        return dict(self.subjects.counts)

    def close(self) -> None:
        """Remove the temporary file."""
        self.subjects.close()
