"""``schedule.Screening``: subjects handed in while the run works out what to screen are each screened
once, probes hand on exactly the subjects a new name scores, and results come back in subject order
whatever order the workers finish in."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

from partyscreen.matching import Candidate, Matcher
from partyscreen.monitor import partitions
from partyscreen.monitor.customers import customers_from_frame
from partyscreen.monitor.partitions import InlineExecutor, register_index
from partyscreen.monitor.roster import Roster, Stored
from partyscreen.monitor.schedule import Screening

NAMES = ["Huawei Technologies Co Ltd", "Acme Widgets LLC", "", "Smith Tradng GmbH", "Blue River Bakery", "Huawei Technologies"]


@pytest.fixture
def roster() -> Roster:
    frame = pd.DataFrame({"id": [f"c{i}" for i in range(len(NAMES))], "name": NAMES}, dtype=object)
    return Roster(customers_from_frame(frame, "customers.csv"), Stored.empty())  # seqs 1..6 in input order


@pytest.fixture
def index_key() -> str:
    register_index("test-key", Matcher([Candidate("huawei", ["Huawei Technologies Co., Ltd."]),
                                        Candidate("smith", ["Smith Trading GmbH"])]))
    yield "test-key"
    partitions.forget_index()


def _matched(results: list) -> dict[int, set[str]]:
    return {seq: {m[0] for m in found} for r in results for seq, found in r.matches.items()}


def test_each_subject_is_screened_once_and_one_in_error_not_at_all(roster: Roster, index_key: str) -> None:
    screening = Screening(InlineExecutor(), index_key, roster, 80, workers=1)
    screening.screen([1, 2, 3])
    screening.screen([2, 3, 6])  # handed in again: not screened again
    results = screening.finish()
    assert screening.handed == {1, 2, 3, 6}
    assert sorted(screening.screened_seqs) == [1, 2, 6]  # seq 3 has an empty name
    assert _matched(results) == {1: {"huawei"}, 6: {"huawei"}}


def test_a_probe_hands_on_only_the_subjects_a_new_name_scores(roster: Roster, index_key: str) -> None:
    probe = Matcher([Candidate("new:smith", ["Smith Trading GmbH"])])
    screening = Screening(InlineExecutor(), index_key, roster, 80, workers=1)
    subjects = sorted([(4, "Smith Tradng GmbH", None, ()), (5, "Blue River Bakery", None, ())], key=lambda s: s[1])
    screening.probe(subjects, {4: (0,), 5: (0,)}, probe)
    results = screening.finish()
    assert screening.handed == {4}
    assert _matched(results) == {4: {"smith"}}


def test_results_come_back_in_subject_order(roster: Roster, index_key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(partitions, "PARTITION_SIZE", 1)  # one subject per task: many tasks in flight
    progress: list[tuple[int, int]] = []
    with ThreadPoolExecutor(3) as pool:
        screening = Screening(pool, index_key, roster, 80, workers=2, progress=lambda d, t: progress.append((d, t)))
        screening.screen([6, 5, 4])
        screening.screen([2, 1])
        results = screening.finish()
    firsts = [r.index.seqs[0] if len(r.index.seqs) else None for r in results]
    assert sorted(screening.screened_seqs) == [1, 2, 4, 5, 6]
    assert len(results) == 5
    assert [int(f) for f in firsts] == sorted(int(f) for f in firsts)
    assert progress[-1] == (5, 5)
