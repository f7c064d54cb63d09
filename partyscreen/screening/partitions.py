"""Screening in partitions: the candidate index goes to each worker once, queries go in parts.

Rules:
- A partition task (``MatchTask``) carries its queries and the *key* of the index they are
  matched against (``matcher_cache.index_key``: a digest of the candidates, the word-weight
  corpus, and the matcher's code and library versions), never the index itself.
- Each worker process keeps one index (``install_index``, run once per worker: the
  ``initializer`` of a local ``ProcessPoolExecutor``, ``ClusterExecutor.prepare_workers`` on a
  Dask cluster). A task whose key is not the worker's index loads that index from the on-disk
  cache (a worker on the driver's machine), or fails naming the key: a worker never matches
  against another index than the driver built.
- ``match_partition`` is a pure, picklable top-level function: no database, no files written.
  Results come back in query order; the driver turns them into hits and writes them.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

from partyscreen.matching import Match, Matcher, Query

PARTITION_SIZE = 20_000
"""Queries per partition task by default: big enough that a task's overhead (sending the
queries, returning the matches) is small next to matching them, small enough to spread a
million rows over every worker and to show progress."""

_WORKER: dict[str, Any] = {"key": None, "matcher": None, "installs": 0}


def install_index(key: str, matcher: Matcher) -> None:
    """Make ``matcher`` this worker process's index under ``key`` (replacing any other: one index
    per worker), and keep the collector off its millions of long-lived objects."""
    _WORKER.update(key=key, matcher=matcher, installs=_WORKER["installs"] + 1)
    gc.collect()
    gc.freeze()


def drop_index() -> None:
    """Forget the worker's index (a Dask worker plugin's teardown)."""
    _WORKER.update(key=None, matcher=None)
    gc.unfreeze()


def worker_state() -> dict[str, Any]:
    """The worker's index key and how many times an index was installed in this process (tests, benches)."""
    return {"key": _WORKER["key"], "installs": _WORKER["installs"]}


def worker_matcher(key: str) -> Matcher:
    """This worker's index under ``key`` (see the module rules)."""
    if _WORKER["key"] == key and _WORKER["matcher"] is not None:
        return _WORKER["matcher"]  # type: ignore[no-any-return]
    from partyscreen import cache
    from partyscreen.screening.matcher_cache import KIND

    found = cache.load(KIND, key)
    if isinstance(found, Matcher):
        install_index(key, found)
        return found
    raise RuntimeError(
        f"this worker has no candidate index {key[:16]}…: it was neither prepared on the worker "
        "(install_index) nor found in its on-disk cache"
    )


@dataclass(frozen=True)
class MatchTask:
    """One partition: queries to match against the index ``index_key``."""

    index_key: str
    queries: tuple[Query, ...]
    limit: int
    min_score: float


def match_partition(task: MatchTask) -> list[list[Match]]:
    """The matches of each query of the partition, in order (runs in a worker)."""
    matcher = worker_matcher(task.index_key)
    return matcher.match_many(task.queries, task.limit, task.min_score, workers=1)


def match_partitioned(
    executor: Executor,
    matcher: Matcher,
    index_key: str,
    queries: Sequence[Query],
    *,
    limit: int,
    min_score: float,
    partition_size: int = PARTITION_SIZE,
    progress: Callable[[int], None] | None = None,
) -> list[list[Match]]:
    """Match ``queries`` in partitions on ``executor``'s workers; the matches in query order.

    An executor with ``prepare_workers`` (``partyscreen.cluster.ClusterExecutor``) is given the
    index once per worker first; any other (a ``ProcessPoolExecutor``) must have been created
    with ``initializer=install_index, initargs=(index_key, matcher)``, or run on the driver's
    machine, where workers find the index in the on-disk cache.
    """
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    prepare = getattr(executor, "prepare_workers", None)
    if callable(prepare):
        prepare(install_index, index_key, matcher, teardown=drop_index)
    futures = [
        executor.submit(match_partition, MatchTask(index_key, tuple(queries[i : i + partition_size]), limit, min_score))
        for i in range(0, len(queries), partition_size)
    ]
    results: list[list[Match]] = []
    for future in futures:
        part = future.result()
        results.extend(part)
        if progress:
            progress(len(part))
    return results
