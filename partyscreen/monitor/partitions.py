"""Screening subjects in partitions, in worker processes or on a cluster.

Rules:
- The driver (``partyscreen.monitor.run``) reads the subjects and writes every result to the
  database; a partition's work needs no database connection. It is the top-level, picklable
  function ``screen_partition(task) -> PartitionResult``, run through any object shaped like a
  ``concurrent.futures.Executor`` (``submit`` returning futures): ``make_executor`` gives local
  worker processes (``--workers N``, default: every core), runs in-process for one worker, or
  sends partitions to a Dask distributed cluster (``--cluster tcp://HOST:8786``,
  ``ClusterPartitions``; the ``cluster`` extra).
- A worker obtains the candidate index (a ``Matcher``) ONCE per process: from the module-level
  ``_INDEXES`` (filled by the driver before forking, so forked workers inherit it; on a Dask
  cluster, filled in each worker once by a worker plugin), else from
  the on-disk cache by its key (``partyscreen.screening.matcher_cache``: the key digests the
  candidates, the weight corpus and the matcher's code), else it fails naming the key.
- Besides its matches, each subject's readings are returned with their prefilter strings and
  hashed blocking keys (``subject_readings``, ``key_hash``): the driver keeps them in the subject
  index (``partyscreen.monitor.keys``), so that a later run finds, for a changed candidate,
  every subject whose search could reach it.

Task and result shape (what a Dask or other executor carries):

``PartitionTask(index_key, subjects, min_score, limit, probe, names)``
    ``index_key``: cache key of the candidate index; ``subjects``: a list of
    ``(seq, name, country, identifiers)`` with ``seq`` the subject's integer handle,
    ``identifiers`` a tuple of ``(scheme, value)``; ``probe``: a small ``Matcher`` of changed
    candidates (carried in the task) and ``names``, per subject, the ids of the probe's names
    to score it against: return only the subjects one of those names scores at least
    ``min_score`` against (no matching against the index, no readings).
``PartitionResult(matches, index, probed)``
    ``matches``: ``{seq: [(candidate_id, score, matched_name, explanation_text), ...]}`` for
    subjects with matches (best first, at most ``limit``, score >= ``min_score``); ``index``:
    the partition's ``IndexPart`` (readings, key hashes, matched candidate ids); ``probed``:
    the subjects a ``probe`` task kept.
"""

from __future__ import annotations

import gc
import os
import zlib
from array import array
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from typing import Any

from partyscreen.errors import PartyscreenError, UsageError
from partyscreen.monitor.keys import IndexPart
from partyscreen.procs import die_with_parent, worker_signals

PARTITION_SIZE = 2_000
"""Subjects per task: large enough that a task's overhead (pickling, scheduling) is small next to
its matching (~1 s), small enough that the progress bar moves and the last tasks balance."""

Subject = tuple[int, str, "str | None", tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class PartitionTask:
    """One partition of subjects to screen (see the module docstring)."""

    index_key: str
    subjects: list[Subject]
    min_score: float
    limit: int = 10
    probe: Any = None
    names: list[tuple[int, ...]] | None = None


@dataclass
class PartitionResult:
    """What one partition found (see the module docstring)."""

    matches: dict[int, list[tuple[str, float, str, str]]] = field(default_factory=dict)
    index: IndexPart = field(default_factory=IndexPart)
    probed: list[int] = field(default_factory=list)


_INDEXES: dict[str, Any] = {}
"""Candidate indexes loaded in this process, by cache key (one per worker process)."""


def register_index(key: str, matcher: Any) -> None:
    """Make ``matcher`` the index of ``key`` in this process (and in workers forked after)."""
    _INDEXES.clear()  # one index per process: a new run's index replaces the last one
    _INDEXES[key] = matcher


def load_index(key: str) -> Any:
    """The candidate index of ``key``: already in this process, else from the on-disk cache."""
    found = _INDEXES.get(key)
    if found is not None:
        return found
    from partyscreen import cache
    from partyscreen.matching import Matcher
    from partyscreen.screening.matcher_cache import KIND

    loaded = cache.load(KIND, key)
    if not isinstance(loaded, Matcher):
        raise PartyscreenError(
            f"match index {key[:12]}… is not in this worker's cache ({cache.cache_dir()}): workers on other "
            "machines need PARTYSCREEN_CACHE_DIR on a folder the driver writes too"
        )
    register_index(key, loaded)
    return loaded


# Marks a respelling key (``index.respelt_keys``) among a subject's or candidate's keys: a
# candidate name sharing a rare one with a reading is scored whatever its prefilter score, as for
# a rare word (``monitor.reach``).
RESPELT_MARK = "$"


def key_hash(key: str) -> int:
    """A blocking key as a 32-bit number (CRC-32). Two keys may share one: that only adds subjects
    to a re-screen, never loses one."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass"))


def subject_readings(name: str) -> list[tuple[Any, set[str]]]:
    """Each reading of ``name`` the candidate index looks up (as given, full name, short form,
    branch's parent; ``query_readings``), prepared, with its blocking keys and the respelling keys
    it looks up (``index.respelt_keys``, marked ``RESPELT_MARK``)."""
    from partyscreen.matching.index import name_keys, respelt_keys
    from partyscreen.matching.matcher import query_readings

    return [(prepared, name_keys(prepared) | {RESPELT_MARK + k for k in respelt_keys(prepared, listed=False)})
            for prepared, _ in query_readings(name)]


def subject_keys(name: str) -> set[str]:
    """Every blocking key the candidate index looks up when ``name`` is screened."""
    return {key for _, keys in subject_readings(name) for key in keys}


def candidate_keys(names: Iterable[str], kind: str | None) -> set[str]:
    """Every blocking key the candidate index holds for a candidate with these names."""
    from partyscreen.matching import Candidate, Matcher, prepare_name
    from partyscreen.matching.index import listed_keys

    keys: set[str] = set()
    for form in Matcher._listed_forms(Candidate("", list(names), kind=kind))[0]:
        keys |= listed_keys(prepare_name(form, kind))
    return keys


def index_part(subjects: Iterable[Subject], matches: dict[int, list[tuple[str, float, str, str]]]) -> IndexPart:
    """The subject index's part for these subjects (see ``partyscreen.monitor.keys``)."""
    from partyscreen.matching.index import _set_special, family_strings

    part = IndexPart(seqs=array("I"), rows=array("I"), hashes=array("I"))
    for seq, name, _, _ in subjects:
        for prepared, keys in subject_readings(name):
            row = part.add_reading(seq, family_strings(prepared), _set_special(prepared))
            hashes = sorted({key_hash(k) for k in keys})
            part.rows.extend([row] * len(hashes))
            part.hashes.extend(hashes)
    part.matched = {seq: tuple(dict.fromkeys(m[0] for m in found)) for seq, found in matches.items()}
    return part


def screen_partition(task: PartitionTask) -> PartitionResult:
    """Screen one partition (runs in a worker; see the module docstring)."""
    from partyscreen.matching import Query

    result = PartitionResult()
    if task.probe is not None:
        result.probed = _probe(task)
        return result
    if task.subjects:
        matcher = load_index(task.index_key)
        queries = [Query(name, country, identifiers or None) for _, name, country, identifiers in task.subjects]
        found = matcher.match_many(queries, limit=task.limit, min_score=task.min_score, workers=1)
        for (seq, *_), matches in zip(task.subjects, found):
            if matches:
                result.matches[seq] = [(m.candidate_id, float(m.score), m.matched_name, str(m.explanation))
                                       for m in matches]
    result.index = index_part(task.subjects, result.matches).packed()  # arrays and packed strings: cheap to send
    _forget_prepared_names()
    return result


def _forget_prepared_names() -> None:
    """Empty the prepared-name cache after a partition: customers' names seldom repeat across
    partitions (a hit is the same name prepared twice within one: matching, then its readings),
    and a full cache is ~65,000 prepared names per worker, memory that served nothing."""
    from partyscreen.matching.normalize import _prepare_name

    _prepare_name.cache_clear()


def _probe(task: PartitionTask) -> list[int]:
    """The subjects that one of their probe names scores at least ``min_score`` against, in
    any reading (the name score before country and identifiers, which only lower it or are
    checked apart)."""
    from partyscreen.matching.matcher import query_readings
    from partyscreen.matching.score import fast_score

    probe, floor = task.probe, task.min_score
    kept = []
    seen: dict[tuple[str, tuple[int, ...]], bool] = {}  # customers of one name are scored once
    for (seq, name, _, _), ids in zip(task.subjects, task.names or ()):
        found = seen.get((name, ids))
        if found is None:
            readings = [prepared for prepared, _ in query_readings(name)]
            found = seen[(name, ids)] = any(fast_score(q, probe._names[i], probe.weights, floor) >= floor
                                            for i in ids for q in readings)
        if found:
            kept.append(seq)
    return kept


class InlineExecutor(Executor):
    """An ``Executor`` that runs each task at once in this process (``--workers 1``)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:  # type: ignore[override]
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - delivered through the future, as a pool would
            future.set_exception(exc)
        return future


def loaded_indexes() -> list[str]:
    """The keys of the candidate indexes this process holds (at most one)."""
    return sorted(_INDEXES)


def forget_index() -> None:
    """Drop this process's candidate index (a Dask worker's, when the run that sent it ends)."""
    _INDEXES.clear()


def release_worker() -> None:
    """A Dask worker's teardown when the run that prepared it ends: the candidate index dropped
    (``forget_index``), the matching caches emptied (they hold the index's word weights too), and
    the freed memory handed back to the system (the worker lives on in the cluster: between runs
    it holds what it started with, not a run's index and caches — on the 1M bench ~570 MiB each
    while the driver built the subject index)."""
    from partyscreen.matching.matcher import forget_word_caches
    from partyscreen.procs import trim_heap

    forget_index()
    forget_word_caches()
    gc.collect()
    trim_heap()


class ClusterPartitions(Executor):
    """Partitions on a Dask cluster (``partyscreen.cluster.ClusterExecutor``).

    Before the first task that matches against an index, the driver's index of that key
    (``register_index``) is sent to every worker once — a worker plugin runs ``register_index``
    there, also in workers that join later — so each task carries only its subjects. When the
    executor shuts down the workers drop the index and their matching caches (``release_worker``);
    the cluster keeps running.
    """

    def __init__(self, cluster: Any) -> None:
        self.cluster = cluster
        self._sent: set[str] = set()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:  # type: ignore[override]
        task = args[0] if args else None
        if isinstance(task, PartitionTask) and task.probe is None and task.index_key not in self._sent:
            matcher = _INDEXES.get(task.index_key)
            if matcher is not None:  # else the workers look in their on-disk cache (load_index)
                self.cluster.prepare_workers(register_index, task.index_key, matcher, teardown=release_worker)
                self._sent.add(task.index_key)
        return self.cluster.submit(fn, *args, **kwargs)  # type: ignore[no-any-return]

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.cluster.shutdown(wait, cancel_futures=cancel_futures)

    def slots(self) -> int:
        """Partitions to keep the cluster busy with: one per worker connected now."""
        return max(1, int(self.cluster.worker_count()))


def _worker_start(parent: int | None = None) -> None:
    """Tie a forked worker's life to the driver, leave signals to it, and keep its garbage collector off the index
    inherited from the driver (the driver pauses its own collector during a run: the worker
    collects what it makes)."""
    die_with_parent(parent)
    worker_signals()  # a Ctrl-C is the driver's to handle (it gives the lock up and shuts the pool down)
    gc.freeze()
    gc.enable()


def slots(pool: Executor, workers: int | None) -> int:
    """Partitions ``pool`` runs at once: a cluster's threads, else the local workers."""
    found = getattr(pool, "slots", None)
    if callable(found):
        return int(found())
    return default_workers() if workers is None else max(1, workers)


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def make_executor(workers: int | None = None, cluster: str | None = None) -> Executor:
    """The executor partitions run on: local worker processes (``workers``, default every core;
    1 runs in this process), or ``cluster``, a Dask scheduler address (``tcp://HOST:8786``).

    Worker processes are forked where the platform allows, so they share the driver's loaded
    index; elsewhere each loads it once from the on-disk cache.
    """
    if cluster:
        from partyscreen.cluster import cluster_executor

        return ClusterPartitions(cluster_executor(cluster))
    count = default_workers() if workers is None else workers
    if count < 1:
        raise UsageError(f"--workers {count}: expected 1 or more")
    if count == 1:
        return InlineExecutor()
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    return ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_worker_start,
                               initargs=(os.getpid(),))


def _started(_: int) -> int:
    return os.getpid()


def early_executor(workers: int | None = None) -> Executor | None:
    """Local worker processes forked now, before the driver reads the customers, or None when
    that does not apply (one worker, no fork, or no writable cache folder for the workers to load
    the candidate index from).

    Why: a process forked later maps every page the driver holds (a million customers' columns);
    forked early, a worker holds only what it loads itself (the index, once, from the cache
    folder), so the memory of the run is the driver's plus each worker's own.
    """
    import multiprocessing as mp

    from partyscreen import cache

    count = default_workers() if workers is None else workers
    folder = cache.cache_dir()
    if count < 2 or "fork" not in mp.get_all_start_methods() or folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    if not os.access(folder, os.W_OK):
        return None
    from partyscreen.matching.matcher import preload_for_workers

    preload_for_workers()  # loaded once, shared with the workers
    pool = make_executor(count)
    list(pool.map(_started, range(count)))  # start every worker now
    return pool


def partitions(subjects: list[Subject], size: int | None = None) -> list[list[Subject]]:
    """``subjects`` cut into partitions of at most ``size`` (default ``PARTITION_SIZE``)."""
    size = size or PARTITION_SIZE
    return [subjects[i : i + size] for i in range(0, len(subjects), size)]
