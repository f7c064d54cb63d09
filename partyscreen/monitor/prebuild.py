"""The candidate index built ahead, in a worker, while the driver reads the customer master.

Rules:
- Speculative only. One worker of the run's own pool (forked before the customers are read,
  ``partitions.early_executor``) works out the candidates and the word weights as the run will
  (``weight_corpus``), from the database as it is when the worker starts, builds their index
  into the on-disk cache and keeps it in memory (``partitions.register_index``). The run
  computes its own key and finds the index in the cache; if the data changed in between, the
  keys differ and the run builds its own index, as without a prebuild. A failed prebuild is
  ignored for the same reason.
- No prebuild while another monitor run holds the lock (that run is refused at once).
- The worker only reads the database, on its own connection.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import Executor, Future
from datetime import date
from typing import Any

import sqlalchemy as sa

Corpus = list[tuple[str, "str | None"]]


def weight_corpus(targets: Any, last: Any, pinned: Corpus | None, policy_digest: str, reweigh: bool) -> Corpus:
    """The names word weights are counted over: those the last run counted (``pinned``), unless
    the weights are counted again (``reweigh``, no last run, its weights missing, another policy):
    then today's list names."""
    if reweigh or pinned is None or last is None or last.policy_digest != policy_digest:
        return targets.weight_corpus  # type: ignore[no-any-return]
    return pinned


def start(pool: Executor | None, engine: sa.Engine, *, policy: Any, as_of: date | str | None,
          min_score: float | None, lists: Any, policy_file: Any, reweigh: bool) -> Future | None:
    """Start building the candidate index on a worker of ``pool`` (None when there is no pool,
    or another run holds the monitor lock)."""
    from partyscreen.store import monitor_lock

    if pool is None or monitor_lock.current_holder(engine) is not None:
        return None
    url = engine.url.render_as_string(hide_password=False)
    options = dict(policy=policy, as_of=as_of, min_score=min_score, lists=lists, policy_file=policy_file)
    return pool.submit(build, url, options, reweigh)


def build(url: str, options: dict[str, Any], reweigh: bool) -> str:
    """Build (or find) the candidate index the run will ask for; its cache key (runs in a worker)."""
    from partyscreen import affiliates as service
    from partyscreen.monitor import state
    from partyscreen.monitor.keys import SubjectIndex
    from partyscreen.monitor.partitions import register_index
    from partyscreen.screening.matcher_cache import cached_matcher, index_key
    from partyscreen.screening.screener import Screener
    from partyscreen.store.db import create_db_engine

    engine = create_db_engine(url)
    try:
        screener = Screener(engine, **options)
        targets = screener.targets
        with engine.connect() as conn:
            last = state.last_run(conn)
            pinned = state.load_weights(conn, last.weights_digest) if last is not None else None
        corpus = weight_corpus(targets, last, pinned, service.policy_digest(screener.policy), reweigh)
        candidates = targets.candidates()
        key = index_key(candidates, corpus)
        previous = SubjectIndex.matcher_key_of(last.token) if last is not None else None
        register_index(key, cached_matcher(candidates, corpus, previous))
        return key
    finally:
        engine.dispose()


def settle(future: Future | None) -> None:
    """Wait for a prebuild to end, whatever its outcome (the run checks the cache itself)."""
    if future is not None:
        with contextlib.suppress(Exception):
            future.result()
