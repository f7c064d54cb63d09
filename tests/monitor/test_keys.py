"""The subject key index: a changed candidate reaches exactly the subjects sharing a blocking key."""

from array import array

from partyscreen.monitor.keys import SubjectKeys
from partyscreen.monitor.partitions import PartitionTask, candidate_keys, key_hash, screen_partition, subject_keys


def test_keys_found_dropped_and_replaced():
    index = SubjectKeys.from_parts([(array("I", [1, 1, 2]), array("I", [10, 20, 20])), (array("I", [3]), array("I", [30]))])
    assert index.subjects_sharing([20]) == {1, 2}
    assert index.subjects_sharing([30, 99]) == {3}
    index.drop([1])
    assert index.subjects_sharing([10, 20]) == {2}
    index.add([(array("I", [1]), array("I", [99]))])
    assert index.subjects_sharing([99]) == {1} and index.subjects() == {1, 2, 3}


def test_a_subject_shares_a_key_with_the_candidate_it_would_match():
    # a typo, a legal form, a bracketed short form and a branch reading still share keys
    for subject, candidate in (("Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES COMPANY LIMITED"),
                               ("Huawie Technologies", "Huawei Technologies"),
                               ("Listed Parent Co Beijing Branch", "Listed Parent Co"),
                               ("华为技术有限公司", "Huawei Technologies")):
        assert subject_keys(subject) & candidate_keys([candidate], "organization"), (subject, candidate)
    assert not subject_keys("Plain Widgets Oy") & candidate_keys(["Listed Parent Co"], "organization")


def test_keys_only_partition_returns_every_subjects_key_hashes():
    result = screen_partition(PartitionTask("unused", [(7, "Plain Widgets Oy", None, ())], 74.0, keys_only=True))
    assert set(result.seqs) == {7} and set(result.hashes) == {key_hash(k) for k in subject_keys("Plain Widgets Oy")}
    assert result.matches == {}
