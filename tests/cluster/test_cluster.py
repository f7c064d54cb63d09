"""Partitions on a Dask distributed cluster: a LocalCluster on loopback (2 worker processes)
gives exactly the matches of the local matcher, each worker loading the index once."""

from __future__ import annotations

import os
import sys

import pytest

from partyscreen.errors import UsageError
from partyscreen.matching import Candidate, Matcher, Query

if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    import distributed  # CI installs the cluster extra: a missing Dask is a failure there
else:
    distributed = pytest.importorskip("distributed")

from partyscreen.cluster import cluster_executor  # noqa: E402
from partyscreen.screening.partitions import match_partitioned, worker_state  # noqa: E402

CANDIDATES = [
    Candidate("hw", ["HUAWEI TECHNOLOGIES COMPANY LIMITED", "华为技术有限公司"], "CN", kind="organization"),
    Candidate("sk", ["Skydio, Inc."], "US", kind="organization"),
    Candidate("nw", ["Northwind Optics Limited"], "GB", {"lei": "5493001KJTIIGC8Y1R12"}, kind="organization"),
    Candidate("ps", ["Zhang Wei"], "CN", kind="person"),
]
NAMES = ["Huawei Technologies Co., Ltd.", "华为技术有限公司", "Skydio Inc", "Northwind Optics Ltd", "Acme Corp",
         "Zhang Wei", "Southwind Optics Limited", "Huawei Tech"]


def _queries(n: int) -> list[Query]:
    return [Query(f"{NAMES[i % len(NAMES)]}" + ("" if i % 3 else f" {i}"), ["CN", "US", None][i % 3]) for i in range(n)]


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0",
        worker_dashboard_address=":0",
    ) as local:
        yield local


def test_cluster_matches_equal_local_matches_and_the_index_loads_once_per_worker(cluster):
    matcher = Matcher(CANDIDATES)
    queries = _queries(120)
    local = matcher.match_many(queries, limit=5, min_score=60, workers=1)
    executor = cluster_executor(cluster.scheduler_address)
    try:
        assert executor.worker_count() == 2
        seen: list[int] = []
        remote = match_partitioned(executor, matcher, "index-1", queries, limit=5, min_score=60,
                                   partition_size=10, progress=seen.append)
        states = executor.client.run(worker_state)
    finally:
        executor.shutdown()
    assert sum(seen) == len(queries) and len(seen) == 12
    assert [[(m.candidate_id, m.score, m.matched_name, str(m.explanation)) for m in ms] for ms in remote] == \
        [[(m.candidate_id, m.score, m.matched_name, str(m.explanation)) for m in ms] for ms in local]
    assert any(remote)  # the scenario has hits
    assert sorted(s["installs"] for s in states.values()) == [1, 1]  # 12 partitions, 2 workers, 2 loads
    assert {s["key"] for s in states.values()} == {"index-1"}
    after = cluster_executor(cluster.scheduler_address)
    try:  # shutting the executor down freed the workers' index
        assert {s["key"] for s in after.client.run(worker_state).values()} == {None}
    finally:
        after.shutdown()


def test_a_worker_without_the_index_says_so(cluster):
    from partyscreen.screening.partitions import MatchTask, match_partition

    executor = cluster_executor(cluster.scheduler_address)
    try:
        future = executor.submit(match_partition, MatchTask("no-such-index", (Query("Acme"),), 5, 60.0))
        with pytest.raises(RuntimeError, match="no candidate index no-such-index"):
            future.result()
    finally:
        executor.shutdown()


def test_bad_or_unreachable_address_is_a_usage_error():
    with pytest.raises(UsageError, match="expected a scheduler address such as tcp://HOST:8786"):
        cluster_executor("localhost:8786")
    with pytest.raises(UsageError, match="cannot connect to the Dask scheduler"):
        cluster_executor("tcp://127.0.0.1:9", timeout=2)


def test_without_dask_the_error_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(UsageError, match=r"pip install -e '\.\[cluster\]'"):
        cluster_executor("tcp://127.0.0.1:8786")
