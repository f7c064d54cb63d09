"""The subject index, and the changed candidates run against it (``partyscreen.monitor.reach``):
a changed name reaches exactly the subjects whose search would score it."""

from __future__ import annotations

import random

import numpy as np

from partyscreen.matching import Candidate, Matcher
from partyscreen.matching import index as candidate_index
from partyscreen.matching.index import NameIndex, listed_keys, name_keys
from partyscreen.matching.matcher import query_readings
from partyscreen.monitor.keys import IndexPart, SubjectIndex, _low_halves
from partyscreen.monitor.partitions import (
    PartitionTask,
    candidate_keys,
    index_part,
    key_hash,
    register_index,
    screen_partition,
    subject_keys,
)
from partyscreen.monitor.reach import keys_of, rare_keys, reached

SUBJECTS = [
    "Huawei Technologies Co., Ltd.", "Huawie Technologies", "Listed Parent Co Beijing Branch", "华为技术有限公司",
    "Plain Widgets Oy", "UAC", "United Aircraft Corporation", "Rosoboronexport (ROE) JSC", "Zephyr Quantum Robotics Ltd",
    "Nimbus Falcon Avionics GmbH", "Hentschel Maschinenbau", "Smith Smith Trading", "Smith & Sons Holdings",
    "Johnson-Williams Group", "Williams Johnson Inc", "Beijing Zhongke Huawei", "ZTE Corporation", "中兴通讯股份有限公司",
    "Aviation Industry Corporation of China", "AVIC", "Khimprom", "Himprom OAO", "Acme Trading GmbH", "Trading GmbH",
]
CANDIDATES = [
    "HUAWEI TECHNOLOGIES COMPANY LIMITED", "Listed Parent Co", "United Aircraft Corporation (UAC)",
    "Zephyr Quantum Robotics Limited", "Henuchel Maschinenbau", "Smith Trading", "Johnson Williams",
    "Zhongxing Telecommunication Equipment", "AVIC", "Khimprom", "Acme Trading", "Rosoboronexport",
]


def _index(names: list[str]) -> SubjectIndex:
    return SubjectIndex.from_parts([index_part([(seq, name, None, ()) for seq, name in enumerate(names, 1)], {})])


def test_index_finds_drops_and_replaces_subjects():
    index = _index(["Plain Widgets Oy", "Huawei Technologies", "Huawie Tech"])
    word = key_hash("whuawe")  # a deletion variant of both "huawei" and "huawie"
    assert index.subjects_sharing([word]) == {2, 3}
    index.drop([2])
    assert index.subjects_sharing([word]) == {3} and index.subjects() == {1, 3}
    index.add([index_part([(2, "Huawei Industries", None, ())], {2: [("x", 80.0, "n", "e")]})])
    assert index.subjects_sharing([word]) == {2, 3} and index.matched == {2: ("x",)}
    whole = _index(["Plain Widgets Oy", "Huawei Industries", "Huawie Tech"])
    assert whole.live_keys() == index.live_keys()
    assert index.readings(2) == ["huawei"]  # "industries" is a generic word; the dropped reading is gone
    index.drop([2])
    assert index.matched == {} and index.subjects() == {1, 3}


def test_churn_is_kept_apart_until_compaction_merges_it_in_order():
    names = [f"Subject{i} Trading" for i in range(40)]
    index = _index(names)
    base_keys = len(index.key_hash)
    old_keys = [key_hash(k) for k in subject_keys(names[0])]
    assert 1 in index.subjects_sharing(old_keys)
    index.drop([1, 2])  # 2 of 40: below the compaction share
    index.add([index_part([(1, "Renamed Widgets", None, ()), (2, "Other Works", None, ())], {})])
    assert index.base_rows == 40 and len(index.key_hash) == base_keys and len(index.new_hash) > 0
    assert 1 not in index.subjects_sharing(old_keys)  # the dead readings are not found
    assert 1 in index.subjects_sharing(key_hash(k) for k in subject_keys("Renamed Widgets"))
    renamed = names.copy()
    renamed[0:2] = ["Renamed Widgets", "Other Works"]
    assert index.live_keys() == _index(renamed).live_keys()
    gone = list(range(3, 3 + 12))  # 12 more re-screened: the churn passes a quarter of the live rows
    index.drop(gone)
    index.add([index_part([(s, f"Fresh{s} Holdings", None, ()) for s in gone], {})])
    assert index.base_rows == len(index.row_seq) == 40 and len(index.new_hash) == 0 and index.alive.all()
    assert (np.diff(index.key_hash.astype(np.int64)) >= 0).all()  # merged in order
    for s in gone:
        renamed[s - 1] = f"Fresh{s} Holdings"
    assert index.live_keys() == _index(renamed).live_keys()


def test_a_subject_shares_a_key_with_the_candidate_it_would_match():
    # a typo, a legal form, a bracketed short form and a branch reading still share keys
    for subject, candidate in (("Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES COMPANY LIMITED"),
                               ("Huawie Technologies", "Huawei Technologies"),
                               ("Listed Parent Co Beijing Branch", "Listed Parent Co"),
                               ("华为技术有限公司", "Huawei Technologies")):
        assert subject_keys(subject) & candidate_keys([candidate], "organization"), (subject, candidate)
    assert not subject_keys("Plain Widgets Oy") & candidate_keys(["Listed Parent Co"], "organization")


def test_a_partition_returns_each_readings_keys_and_matches():
    register_index("test-keys", Matcher([Candidate("pw", ["Plain Widgets"], kind="organization")]))
    result = screen_partition(PartitionTask("test-keys", [(7, "Plain Widgets Oy", None, ()),
                                                         (8, "Huawei Technologies (HT)", None, ())], 74.0))
    part = result.index
    assert list(part.seqs) == [7, 8, 8, 8]  # as given, full name, short form
    assert set(result.matches) == {7} and part.matched == {7: ("pw",)}
    first = {int(h) for r, h in zip(part.rows, part.hashes) if r == 0}
    assert first == {key_hash(k) for k in subject_keys("Plain Widgets Oy")}


def _forward_reaches(subject: str, name: object) -> bool:
    """The forward rule: a reading of the subject shares a key with the name and the candidate
    index's own prefilter passes it (an index of that one name: no shortlist cut)."""
    alone = NameIndex([name])  # type: ignore[list-item]
    return any(name_keys(reading) & set(alone.key_ids) and alone.prefilter(reading, None)
               for reading, _ in query_readings(subject))


def test_changed_names_reach_exactly_the_subjects_the_forward_prefilter_passes(monkeypatch):
    rng = random.Random(7)
    subjects = SUBJECTS + [rng.choice(SUBJECTS)[:-2] + rng.choice("aeiou") + " " + rng.choice(SUBJECTS).split()[0]
                           for _ in range(60)]
    index = _index(subjects)
    probe = Matcher([Candidate(f"c{i}", [n], kind="organization") for i, n in enumerate(CANDIDATES)])
    # The prefilter's string rule alone (no rare words): exactly the forward rule.
    monkeypatch.setattr(candidate_index, "RARE_WORD_MAX_NAMES", 0)
    found = reached(index, probe._names)
    for seq, subject in enumerate(subjects, 1):
        expected = {p for p, name in enumerate(probe._names) if _forward_reaches(subject, name)}
        assert found.get(seq, set()) == expected, subject
    assert sum(map(len, found.values())) > 20  # the cases are not all empty
    # With rare words (in a one-name index every word of the name is rare): every forward
    # reach is found, and more than the string rule alone.
    monkeypatch.undo()
    rare = [{k for k in listed_keys(name) if k.startswith("w")} for name in probe._names]
    with_rare = reached(index, probe._names, rare)
    extra = 0
    for seq, subject in enumerate(subjects, 1):
        expected = {p for p, name in enumerate(probe._names) if _forward_reaches(subject, name)}
        assert with_rare.get(seq, set()) >= expected, subject
        extra += len(expected - found.get(seq, set()))
    assert extra > 0


def test_a_word_key_is_rare_when_few_names_hold_it_after_the_change_or_before():
    limit = candidate_index.RARE_WORD_MAX_NAMES
    listed = [f"Zorbatrix Holdings {i}" for i in range(limit)] + ["Plainfield Works"]
    index_after = Matcher([Candidate(f"c{i}", [n], kind="organization") for i, n in enumerate(listed)]).index
    names = Matcher([Candidate("new", ["Zorbatrix Holdings 0"], kind="organization"),
                     Candidate("old", ["Plainfield Works"], kind="organization")])._names
    # now held by `limit` names: rare; "plainfield" held by one name now (the old one is gone)
    rare = rare_keys(keys_of(names), [True, False], index_after)
    assert "wzorbatrix" in rare[0] and "wplainfield" in rare[1]
    crowded = listed + [f"Zorbatrix Works {i}" for i in range(3)]
    index_crowded = Matcher([Candidate(f"c{i}", [n], kind="organization") for i, n in enumerate(crowded)]).index
    # held by limit + 3 names now and limit + 2 before the new one: common both times
    assert "wzorbatrix" not in rare_keys(keys_of(names[:1]), [True], index_crowded)[0]
    # a name dropped from limit + 1 holders leaves `limit`: rare after the change
    assert "wzorbatrix" in rare_keys(keys_of(names[:1]), [False], index_after)[0]


def test_probe_task_keeps_subjects_a_name_scores_at_least_min_score_against():
    probe = Matcher([Candidate("new:a", ["Zephyr Quantum Robotics Limited"], kind="organization")])
    subjects = [(1, "Zephyr Quantum Robotics Ltd", None, ()), (2, "Zephyr Trading", None, ())]
    result = screen_partition(PartitionTask("unused", subjects, 74.0, 1, probe=probe, names=[(0,), (0,)]))
    assert result.probed == [1]


def test_index_survives_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTYSCREEN_CACHE_DIR", str(tmp_path))
    index = _index(["Plain Widgets Oy", "Huawei Technologies", "Huawie Tech"] + [f"Filler{i} Oy" for i in range(20)])
    index.add([IndexPart(matched={2: ("hw",)})])
    index.save("token-1")
    again = SubjectIndex.load("token-1")
    assert again is not None and again.matched == {2: ("hw",)}
    assert again.live_keys() == index.live_keys() and list(again.strings[0]) == list(index.strings[0])
    assert SubjectIndex.load("token-2") is None
    # a later run writes only what changed; its base is the first run's
    again.drop([3])
    again.add([index_part([(3, "Huawei Industries", None, ())], {})])
    again.save("token-3")
    bases = sorted(tmp_path.glob("monitor-base-*"))
    assert len(bases) == 1
    third = SubjectIndex.load("token-3")
    assert third is not None and third.live_keys() == again.live_keys() and third.readings(3) == ["huawei"]
    assert third.subjects_sharing([key_hash("whuawe")]) == {2, 3}
    bases[0].unlink()  # without its base a run's index is not there (the run screens everyone)
    assert SubjectIndex.load("token-3") is None


def test_an_index_built_at_once_is_the_one_grown_part_by_part_and_its_parts_are_used_up():
    names = [f"{w} {v} Trading" for w in ("Acme", "Huawei", "Zephyr", "Nimbus") for v in ("Alpha", "Beta", "Gamma")]
    def parts():  # type: ignore[no-untyped-def]
        return [index_part([(seq, name, None, ())], {seq: [(f"c{seq}", 90.0, name, "e")]} if seq % 5 == 0 else {})
                for seq, name in enumerate(names, 1)]
    given = [part.packed() for part in parts()]  # as the run hands them in
    whole = SubjectIndex.from_parts(given)
    grown = SubjectIndex.from_parts(parts()[:1])
    for part in parts()[1:]:
        grown.add([part])
    grown.compact()
    for index in (whole, grown):
        order = np.lexsort((index.key_row, index.key_hash))  # by hash, then row: as a stable sort by hash
        assert (order == np.arange(len(order))).all()
    assert whole.live_keys() == grown.live_keys() and whole.matched == grown.matched == {5: ("c5",), 10: ("c10",)}
    assert [whole.readings(s) for s in range(1, 13)] == [grown.readings(s) for s in range(1, 13)]
    zephyr = whole.subjects_sharing(key_hash(k) for k in subject_keys("Zephyr"))
    assert {7, 8, 9} <= zephyr and not zephyr & {1, 4, 10}
    assert all(len(p.hashes) == len(p.rows) == len(p.seqs) == 0 and not p.matched for p in given)  # used up


def test_low_halves_in_place_across_chunks():
    keys = np.random.default_rng(3).integers(0, 2**64, 3 * (1 << 20) + 7, dtype=np.uint64)
    buffer = np.empty(2 * len(keys), dtype=np.uint32)
    buffer.view(np.uint64)[:] = keys
    assert np.array_equal(_low_halves(buffer), keys.astype(np.uint32))
