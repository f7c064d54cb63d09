"""Partitions on a Dask distributed cluster: a LocalCluster on loopback (2 worker processes that
cannot read the driver's on-disk cache) gives exactly the local results, each worker receiving the
candidate index once; ``monitor run --cluster`` gives the same hits as a local run; without Dask,
or with a bad address, ``--cluster`` is a clear exit-2 error."""

from __future__ import annotations

import os
import sys

import pytest

from partyscreen.cli import run
from partyscreen.errors import UsageError
from partyscreen.matching import Candidate, Matcher
from partyscreen.monitor import partitions
from partyscreen.monitor.partitions import InlineExecutor, PartitionTask, register_index, screen_partition

if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    import distributed  # CI installs the cluster extra: a missing Dask is a failure there
else:
    distributed = pytest.importorskip("distributed")

from partyscreen.cluster import cluster_executor  # noqa: E402
from partyscreen.cluster.worker import setups  # noqa: E402
from partyscreen.matching.matcher import word_cache_entries  # noqa: E402

from tests.monitor.conftest import AS_OF, customer_rows, write_customers  # noqa: E402

CANDIDATES = [
    Candidate("hw", ["HUAWEI TECHNOLOGIES COMPANY LIMITED", "华为技术有限公司"], "CN", kind="organization"),
    Candidate("sk", ["Skydio, Inc."], "US", kind="organization"),
    Candidate("nw", ["Northwind Optics Limited"], "GB", {"lei": "5493001KJTIIGC8Y1R12"}, kind="organization"),
    Candidate("ps", ["Zhang Wei"], "CN", kind="person"),
]
NAMES = ["Huawei Technologies Co., Ltd.", "华为技术有限公司", "Skydio Inc", "Northwind Optics Ltd", "Acme Corp",
         "Zhang Wei", "Southwind Optics Limited", "Huawei Tech"]
REGISTER = "partyscreen.monitor.partitions.register_index"


def test_bad_or_unreachable_address_is_a_usage_error(monitored, write, capsys):
    with pytest.raises(UsageError, match="expected a scheduler address such as tcp://HOST:8786"):
        cluster_executor("localhost:8786")
    customers = write("c.csv", "id,name\na1,Acme Widgets\n")
    assert run(["--db", monitored, "monitor", "run", "--customers", str(customers), "--cluster", "localhost:8786"]) == 2
    assert "--cluster 'localhost:8786': expected a scheduler address" in capsys.readouterr().err
    with pytest.raises(UsageError, match="cannot connect to the Dask scheduler"):
        cluster_executor("tcp://127.0.0.1:9", timeout=2)


def test_without_dask_the_error_names_the_extra(monkeypatch, monitored, write, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(UsageError, match=r"pip install -e '\.\[cluster\]'"):
        cluster_executor("tcp://127.0.0.1:8786")
    customers = write("c.csv", "id,name\na1,Acme Widgets\n")
    assert run(["--db", monitored, "monitor", "run", "--customers", str(customers), "--cluster", "tcp://127.0.0.1:8786",
                "--as-of", AS_OF]) == 2
    assert "[cluster]" in capsys.readouterr().err


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    """Two worker processes, one thread each; their on-disk cache is off, so an index reaches them
    only by being sent."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0",
        worker_dashboard_address=":0", env={"PARTYSCREEN_CACHE_DIR": "off"},
    ) as local:
        yield local


def _tasks(key: str, n: int, size: int) -> list[PartitionTask]:
    subjects = [(i, NAMES[i % len(NAMES)] + ("" if i % 3 else f" {i}"), ["CN", "US", None][i % 3], ()) for i in range(n)]
    return [PartitionTask(key, subjects[i : i + size], 60.0, 5) for i in range(0, n, size)]


def test_partitions_on_the_cluster_equal_local_ones_and_each_worker_gets_the_index_once(cluster):
    register_index("index-1", Matcher(CANDIDATES))
    tasks = _tasks("index-1", 120, 10)
    local = [InlineExecutor().submit(screen_partition, t).result() for t in tasks]
    pool = partitions.make_executor(cluster=cluster.scheduler_address)
    try:
        remote = [f.result() for f in [pool.submit(screen_partition, t) for t in tasks]]
        counts = pool.cluster.client.run(setups)
        keys = pool.cluster.client.run(partitions.loaded_indexes)
        cached = pool.cluster.client.run(word_cache_entries)
    finally:
        pool.shutdown()
    def seen(r):  # type: ignore[no-untyped-def]
        part = r.index
        return (r.matches, list(part.seqs), part.strings, list(part.special), list(part.rows), list(part.hashes),
                part.matched)

    assert [seen(r) for r in remote] == [seen(r) for r in local]
    assert any(r.matches for r in remote)
    assert sorted(c.get(REGISTER, 0) for c in counts.values()) == [1, 1]  # 12 partitions, 2 workers: 2 loads
    assert list(keys.values()) == [["index-1"], ["index-1"]]
    after = cluster_executor(cluster.scheduler_address)
    assert all(n > 0 for n in cached.values())
    try:  # the run's end freed the workers' index and emptied their matching caches
        assert list(after.client.run(partitions.loaded_indexes).values()) == [[], []]
        assert list(after.client.run(word_cache_entries).values()) == [0, 0]
    finally:
        after.shutdown()


def test_a_worker_without_the_index_says_so(cluster):
    pool = cluster_executor(cluster.scheduler_address)
    try:
        future = pool.submit(screen_partition, _tasks("no-such-index", 1, 1)[0])
        with pytest.raises(Exception, match="match index no-such-ind"):
            future.result()
    finally:
        pool.shutdown()


def test_monitor_run_on_the_cluster_gives_the_local_hits(cluster, monitored, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(partitions, "PARTITION_SIZE", 40)
    rows = customer_rows(200) + [("k1", "Listed Parent Company Ltd", "CN"), ("k3", "Alpha Subsidiary Limited", "HK")]
    customers = write_customers(tmp_path / "customers.csv", rows)
    base = ["--db", monitored, "monitor", "run", "--customers", str(customers), "--id-column", "customer_no",
            "--as-of", AS_OF]
    assert run([*base, "--cluster", cluster.scheduler_address, "--report", str(tmp_path / "c.json")]) == 1
    assert run([*base, "--workers", "1", "--full", "--report", str(tmp_path / "l.json")]) == 0
    import json

    on_cluster = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    local = json.loads((tmp_path / "l.json").read_text(encoding="utf-8"))
    assert on_cluster["counts"]["new"] == 2
    assert sorted((h["subject_id"], h["entity_id"]) for h in on_cluster["hits"]) == [("k1", "X"), ("k3", "A")]
    # the full local re-screen finds exactly the cluster's hits again: nothing new, changed or cleared
    assert local["counts"] == {"new": 0, "changed": 0, "cleared": 0, "suppressed": 0, "unchanged": 2}
