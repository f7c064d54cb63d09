"""The candidate index built ahead in a worker (``partyscreen.monitor.prebuild``): the run finds it
in the cache when nothing changed in between, builds its own when something did, and ignores a
failed prebuild; no prebuild while another run holds the lock."""

from __future__ import annotations

from concurrent.futures import Future

import pytest

from partyscreen.cli import run
from partyscreen.monitor import partitions, prebuild
from partyscreen.monitor.partitions import InlineExecutor
from partyscreen.monitor.run import read_customers, run_monitor
from partyscreen.screening import matcher_cache
from partyscreen.store import monitor_lock
from partyscreen.store.db import create_db_engine

from tests.monitor.conftest import AS_OF

FEW = "id,name,country\nk1,Listed Parent Company Ltd,CN\nk2,Plain Widgets Oy,FI\nk3,Alpha Subsidiary Limited,HK\n"


@pytest.fixture
def cached(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTYSCREEN_CACHE_DIR", str(tmp_path / "cache"))


def _start(engine):
    return prebuild.start(InlineExecutor(), engine, policy=None, as_of=AS_OF, min_score=None, lists=None,
                          policy_file=None, reweigh=False)


def test_the_run_uses_the_index_built_ahead(monitored, write, cached, monkeypatch):
    engine = create_db_engine(monitored)
    customers = read_customers(write("c.csv", FEW))
    first = _start(engine)  # the first run: weights counted over today's list names
    second = _start(engine)  # built again: the cache has it
    builds = []
    real = matcher_cache.build_matcher
    monkeypatch.setattr(matcher_cache, "build_matcher", lambda *a, **k: builds.append(1) or real(*a, **k))
    run_monitor(engine, customers, as_of=AS_OF, workers=1, prebuilt=first)
    assert partitions.loaded_indexes() == [first.result()] == [second.result()] and builds == []
    third = _start(engine)  # the next run: the weights the first counted (the same names: the same index)
    result = run_monitor(engine, customers, as_of=AS_OF, workers=1, prebuilt=third)
    assert partitions.loaded_indexes() == [third.result()] and result.counts["unchanged"] == 2 and builds == []
    engine.dispose()


def test_a_change_after_the_prebuild_is_screened_all_the_same(monitored, write, cached):
    engine = create_db_engine(monitored)
    customers = read_customers(write("c.csv", FEW))
    run_monitor(engine, customers, as_of=AS_OF, workers=1)
    ahead = _start(engine)
    entry = write("e.csv", "list_id,entry_id,name,country\ncn-mofcom-watch,pb-1,Plain Widgets Oy,FI\n")
    assert run(["--db", monitored, "lists", "import", str(entry), "--partial"]) == 0
    result = run_monitor(engine, customers, as_of=AS_OF, workers=1, prebuilt=ahead)
    assert partitions.loaded_indexes() != [ahead.result()]  # the run built the index of today's candidates
    assert result.counts["new"] == 1
    engine.dispose()


def test_a_failed_prebuild_is_ignored(monitored, write, cached):
    engine = create_db_engine(monitored)
    failed: Future = Future()
    failed.set_exception(RuntimeError("worker lost"))
    result = run_monitor(engine, read_customers(write("c.csv", FEW)), as_of=AS_OF, workers=1, prebuilt=failed)
    assert result.counts["new"] == 2
    engine.dispose()


def test_no_prebuild_while_another_run_holds_the_lock(monitored, cached):
    engine = create_db_engine(monitored)
    lease = monitor_lock.acquire(engine)
    try:
        assert _start(engine) is None
    finally:
        monitor_lock.release(lease)
    assert _start(engine) is not None
    assert prebuild.start(None, engine, policy=None, as_of=AS_OF, min_score=None, lists=None, policy_file=None,
                          reweigh=False) is None
    engine.dispose()
