"""A matcher of a changed list reuses the names an earlier matcher prepared, and matches the same."""

from partyscreen.matching import Candidate, Matcher
from partyscreen.matching import matcher as matcher_module

BEFORE = [Candidate("a", ["Huawei Technologies Co., Ltd.", "华为技术有限公司"], kind="organization"),
          Candidate("b", ["Zephyr Quantum Robotics Limited (ZQR)"], kind="organization"),
          Candidate("p", ["Ivan Petrov"], kind="person")]
AFTER = [*BEFORE[:2], Candidate("p", ["Ivan Petrov"], kind="organization"),
         Candidate("c", ["Nimbus Falcon Avionics GmbH"], kind="organization")]
QUERIES = ["Huawei Technologies", "ZQR", "Zephyr Quantum Robotics Ltd", "Ivan Petrov", "Nimbus Falcon Avionics"]


def test_prepared_names_are_reused_and_the_matches_are_the_same(monkeypatch):
    before = Matcher(BEFORE)
    prepared: list[str] = []
    real = matcher_module.prepare_name
    monkeypatch.setattr(matcher_module, "prepare_name", lambda name, kind=None: prepared.append(name) or real(name, kind))
    reused = Matcher(AFTER, prepared=before.prepared_names())
    assert prepared == ["Ivan Petrov", "Nimbus Falcon Avionics GmbH"]  # the rest were prepared before
    monkeypatch.undo()
    fresh = Matcher(AFTER)
    for query in QUERIES:  # the kind of "p" changed: prepared again, not taken from the person reading
        assert [(m.candidate_id, m.score) for m in reused.match(query, min_score=50)] == \
            [(m.candidate_id, m.score) for m in fresh.match(query, min_score=50)]
