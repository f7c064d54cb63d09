"""Feeding partitions to the workers while the run is still working out what to screen.

Rules:
- Subjects are handed in as they become known (``screen``): first those screened in any case
  (new, changed and re-activated customers), then those a changed candidate reaches. Each is
  screened once, however often it is handed in; customers in error (an empty or too long name)
  are left out (``Roster.screenable``).
- Probe tasks (``probe``: does a changed candidate's new name score a reached subject at all?)
  go ahead of queued screening partitions, and the subjects they keep are handed in as each
  task completes: the workers never wait for the slowest probe, and they screen while the
  driver computes which subjects a changed candidate reaches.
- At most ``IN_FLIGHT`` tasks per worker are queued in the executor at a time: enough to keep
  every worker busy, few enough that the driver does not hold every partition's subjects (a
  million tuples) in the executor's queue.
- ``finish`` waits for every task and returns the screening results ordered by their first
  subject (the same order whatever order the tasks completed in).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from typing import Any

from partyscreen.monitor.partitions import PartitionResult, PartitionTask, partitions, screen_partition
from partyscreen.monitor.roster import Roster
from partyscreen.screening.screener import MATCH_LIMIT

IN_FLIGHT = 4
"""Tasks queued per worker at a time (see the module docstring)."""

Progress = Callable[[int, int], None]
"""Called with (subjects screened, subjects to screen so far) as partitions complete."""


class Screening:
    """The partitions of one run on ``pool`` (see the module docstring)."""

    def __init__(self, pool: Executor, index_key: str, roster: Roster, min_score: float, workers: int,
                 progress: Progress | None = None) -> None:
        self.pool, self.index_key, self.roster, self.min_score = pool, index_key, roster, min_score
        self.limit = max(1, workers) * IN_FLIGHT
        self.progress = progress
        self.handed: set[int] = set()
        """Every subject handed in (screenable or not)."""
        self.screened_seqs: list[int] = []
        """The screenable ones, in the order they were queued."""
        self._queue: deque[tuple[str, Any]] = deque()
        self._waiting: dict[Future, tuple[str, Any]] = {}
        self._results: list[tuple[int, PartitionResult]] = []
        self._done = 0
        if progress is not None:
            progress(0, 0)

    # --- handing work in -------------------------------------------------------------------------
    def screen(self, seqs: Iterable[int]) -> None:
        """Screen these subjects (those not handed in before)."""
        new = set(seqs) - self.handed
        if not new:
            return
        self.handed |= new
        ready = self.roster.screenable(new)
        self.screened_seqs.extend(ready)
        for chunk in partitions(ready):  # a partition's subjects are read when it is sent
            self._queue.append(("screen", chunk))
        self._report()
        self._fill()

    def probe(self, subjects: list[tuple[int, str, None, tuple[()]]], names: dict[int, tuple[int, ...]],
              probe: Any) -> None:
        """Score ``subjects`` (sorted by name) against the probe's names ``names[seq]``; screen those that
        reach the minimum score (as each task completes)."""
        tasks = [("probe", PartitionTask(self.index_key, chunk, self.min_score, 1, probe=probe,
                                         names=[names[s[0]] for s in chunk]))
                 for chunk in partitions(subjects)]
        self._queue.extendleft(reversed(tasks))  # ahead of the queued screening partitions
        self._fill()

    # --- running it ------------------------------------------------------------------------------
    def finish(self) -> list[PartitionResult]:
        """Wait for every task; the screening results ordered by first subject."""
        while self._waiting or self._queue:
            self._fill()
            finished, _ = wait(self._waiting, return_when=FIRST_COMPLETED)
            self._take(finished)
        self._results.sort(key=lambda pair: pair[0])
        return [result for _, result in self._results]

    def cancel(self) -> None:
        """Drop the queued tasks and cancel those not started (the run failed)."""
        self._queue.clear()
        for future in self._waiting:
            future.cancel()

    def _fill(self) -> None:
        while self._queue and len(self._waiting) < self.limit:
            kind, work = self._queue.popleft()
            if kind == "probe":
                self._waiting[self.pool.submit(screen_partition, work)] = (kind, work)
            else:
                task = PartitionTask(self.index_key, self.roster.tasks(work), self.min_score, MATCH_LIMIT)
                self._waiting[self.pool.submit(screen_partition, task)] = (kind, (work[0], len(work)))

    def _take(self, finished: Iterable[Future]) -> None:
        for future in list(finished):
            kind, work = self._waiting.pop(future)
            result = future.result()
            if kind == "probe":
                self.screen(result.probed)
                continue
            first, size = work
            result.index = result.index.packed()  # numpy columns: a few objects per partition, not per reading
            self._results.append((first, result))
            self._done += size
        self._report()
        self._fill()

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(self._done, len(self.screened_seqs))
