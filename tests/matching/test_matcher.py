"""Matcher API: match, identifiers, country, batch, bilingual candidates."""

from __future__ import annotations

import pytest
from opencc import OpenCC

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Match, Matcher, Query


def ids(matches: list[Match]) -> list[str]:
    return [m.candidate_id for m in matches]


def test_issue_examples(listed: Matcher) -> None:
    assert ids(listed.match("Huawei Technologies Co., Ltd."))[:1] == ["huawei-tech"]
    assert ids(listed.match("LOCKHEED MARTIN CORPORATION")) == ["lm"]
    hit = listed.match("General Dynamics")
    assert ids(hit) == ["gd"]
    assert ("dynamics", "dynamics") in {(m.query, m.candidate) for m in hit[0].explanation.matches}
    assert ids(listed.match("通用动力")) == ["gd"]


def test_sibling_not_returned_at_default_threshold(listed: Matcher) -> None:
    assert "huawei-device" not in ids(listed.match("Huawei Technologies Co., Ltd."))
    assert "huawei-tech" not in ids(listed.match("Huawei Device Co., Ltd."))


def test_cross_script_queries(listed: Matcher) -> None:
    assert ids(listed.match("華為技術有限公司"))[:1] == ["huawei-tech"]
    assert ids(listed.match("Huawei Jishu"))[:1] == ["huawei-tech"]
    assert ids(listed.match("Vladimir Putin")) == ["putin"]
    assert ids(listed.match("Rostekh State Corporation"))[:1] == ["rostec"]


def test_generic_and_legal_only_queries_find_nothing(listed: Matcher) -> None:
    assert listed.match("CORP") == []
    assert listed.match("Company Limited") == []
    assert listed.match("International Technologies") == []
    assert listed.match("LLC") == []


def test_george_bush(listed: Matcher) -> None:
    assert listed.match("George Bush") == []


def test_equal_identifier_is_decisive(listed: Matcher) -> None:
    found = listed.match("Completely Different Name", identifiers={"USCC": "9144 0300 1922 0382 16"})
    assert ids(found) == ["huawei-tech"]
    assert found[0].score == 100
    assert "identifier" in str(found[0].explanation)


def test_conflicting_identifier_rules_out(listed: Matcher) -> None:
    assert listed.match("Lockheed Martin Corp", identifiers=[("lei", "549300XXXXXXXXXXXX00")]) == []
    # a different scheme says nothing
    assert ids(listed.match("Lockheed Martin Corp", identifiers=[("duns", "123")])) == ["lm"]


def test_country_mismatch_lowers_the_score(listed: Matcher) -> None:
    same = listed.match("General Dynamics Corp", country="US")[0].score
    other = listed.match("General Dynamics Corp", country="FR", min_score=0)[0].score
    assert other < same
    assert "country" in str(listed.match("General Dynamics Corp", country="FR", min_score=0)[0].explanation)


def test_limit_and_min_score(listed: Matcher) -> None:
    assert len(listed.match("Huawei", limit=1, min_score=0)) == 1
    assert all(m.score >= 50 for m in listed.match("Huawei", min_score=50))
    assert all(m.score >= DEFAULT_MIN_SCORE for m in listed.match("Huawei Technologies"))


def test_match_many_parallel_equals_match(listed: Matcher) -> None:
    queries = ["Huawei Technologies", "George Bush", "通用动力", "Vladimir Putin"] * 200
    batch = listed.match_many(queries, workers=2)
    single = [listed.match(q) for q in queries[:4]]
    assert [ids(r) for r in batch[:4]] == [ids(r) for r in single]
    assert len(batch) == len(queries)


def test_match_many_accepts_queries_and_mappings(listed: Matcher) -> None:
    out = listed.match_many([Query("Lockheed Martin", country="US"),
                             {"name": "Lockheed Martin", "identifiers": {"lei": "X"}}], workers=1)
    assert ids(out[0]) == ["lm"] and out[1] == []


def test_bilingual_candidates_found_by_either_name(bilingual: Matcher) -> None:
    to_traditional = OpenCC("s2t").convert
    for cand in bilingual.candidates:
        english, chinese = cand.names[0], cand.names[-1]
        assert cand.id in ids(bilingual.match(english)[:1]), english
        assert cand.id in ids(bilingual.match(chinese)[:1]), chinese
        assert cand.id in ids(bilingual.match(to_traditional(chinese))[:1]), chinese


def test_bilingual_siblings_rank_their_own_entry_first(bilingual: Matcher) -> None:
    top = bilingual.match("洛克希德马丁航空公司")[0]
    assert top.matched_name == "洛克希德·马丁航空公司"
    assert "Missiles" not in " ".join(m.matched_name for m in bilingual.match("Lockheed Martin Aeronautics"))


def test_empty_matcher_and_empty_query() -> None:
    assert Matcher([]).match("Anything") == []
    assert Matcher([Candidate("a", ["Acme"])]).match("") == []


def test_match_many_repeated_queries_get_equal_but_separate_results(listed: Matcher) -> None:
    out = listed.match_many(["Lockheed Martin", Query("Lockheed Martin"), "Lockheed Martin"], workers=1)
    assert ids(out[0]) == ids(out[1]) == ids(out[2]) == ["lm"]
    assert out[0][0].explanation is not out[2][0].explanation
    assert str(out[0][0].explanation) == str(out[2][0].explanation)


def test_match_many_reads_identifier_iterators_once(listed: Matcher) -> None:
    pairs = iter([("lei", "X")])
    out = listed.match_many([Query("Lockheed Martin", identifiers=pairs)], workers=1)
    single = listed.match("Lockheed Martin", identifiers=[("lei", "X")])
    assert ids(out[0]) == ids(single)


def test_match_many_in_worker_processes_equals_match(listed: Matcher) -> None:
    queries = [f"{name} {i}" for i in range(15) for name in ("Huawei Technologies", "George Bush", "通用动力",
                                                              "Vladimir Putin")]
    batch = listed.match_many(queries, workers=2, exhaustive=True)  # ≥ 50 distinct: forks workers
    single = [listed.match(q, exhaustive=True) for q in queries]
    assert [[(m.candidate_id, m.score, str(m.explanation)) for m in r] for r in batch] == \
        [[(m.candidate_id, m.score, str(m.explanation)) for m in r] for r in single]


def test_match_among_scores_only_the_given_candidates_as_match_does(listed: Matcher) -> None:
    for name, country in (("General Dynamics", "US"), ("Huawei Technologies Co., Ltd.", "CN"), ("通用动力", None),
                          ("Lockheed Martin Corp", "GB")):
        found = listed.match(name, country, min_score=50)
        assert found
        among = listed.match_among(name, [m.candidate_id for m in found], country, min_score=50)
        assert [(m.candidate_id, m.score) for m in among] == [(m.candidate_id, m.score) for m in found]
        assert [str(m.explanation) for m in among] == [str(m.explanation) for m in found]
    # only the candidates given are scored, whatever else would match
    assert listed.match_among("General Dynamics", ["lm"]) == []
    assert listed.match_among("General Dynamics", []) == []
    assert ids(listed.match_among("General Dynamics", ["gd", "unknown-id"])) == ["gd"]
