"""Pair scores: the issue's named cases, abbreviations, word order, cross-script, siblings."""

from __future__ import annotations

import pytest
from opencc import OpenCC

from partyscreen.matching import DEFAULT_MIN_SCORE, Matcher

SCORE = Matcher([]).score


@pytest.mark.parametrize(("query", "candidate"), [
    ("Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES COMPANY LIMITED"),
    ("LOCKHEED MARTIN CORPORATION", "Lockheed Martin Corp"),
    ("Acme Co.", "Acme Company"),
    ("Acme Intl Holdings", "Acme International Holdings"),
    ("Acme Tech Ltd", "Acme Technologies Limited"),
    ("Siemens Aktiengesellschaft", "Siemens AG"),
    ("OAO Gazprom", "Open Joint Stock Company Gazprom"),
    ("SiemensAG", "Siemens AG"),
    ("Goodwill Company", "Good Will Company"),
])
def test_abbreviations_and_legal_forms_match(query: str, candidate: str) -> None:
    # Clearly a hit on the calibrated scale (an unmatched "company" word keeps a pair off 100).
    assert SCORE(query, candidate) >= DEFAULT_MIN_SCORE + 10


@pytest.mark.parametrize(("query", "candidate"), [
    ("PUTIN, Vladimir", "Vladimir Putin"),
    ("Martin Lockheed", "Lockheed Martin"),
    ("Technologies Huawei", "Huawei Technologies"),
])
def test_word_order_does_not_matter(query: str, candidate: str) -> None:
    assert SCORE(query, candidate) == 100


@pytest.mark.parametrize(("query", "candidate"), [
    ("Toyota Motor Corporation", "Tayota Motor Corporation"),
    ("Olaf Scholz", "Olaf Scholze"),
    ("Vladimir Putin", "Vladimr Putin"),
])
def test_typos_still_match(query: str, candidate: str) -> None:
    assert SCORE(query, candidate) >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "candidate"), [
    ("华为技术有限公司", "華為技術有限公司"),
    ("Huawei Jishu", "華為技術有限公司"),
    ("HUAWEI JISHU YOUXIAN GONGSI", "华为技术有限公司"),
    ("Владимир Путин", "Vladimir Putin"),
])
def test_cross_script(query: str, candidate: str) -> None:
    assert SCORE(query, candidate) >= 90


def test_cyrillic_against_another_romanisation() -> None:
    assert SCORE("Ростех", "Rostekh") >= DEFAULT_MIN_SCORE


def test_traditional_query_against_simplified_list() -> None:
    traditional = OpenCC("s2t").convert("通用动力公司")
    assert traditional != "通用动力公司"
    assert SCORE(traditional, "通用动力公司") == 100


@pytest.mark.parametrize(("query", "candidate"), [
    ("Huawei Device Co., Ltd.", "Huawei Technologies Co., Ltd."),
    ("华为终端有限公司", "华为技术有限公司"),
    ("Deutsche Bank Trust Company", "Deutsche Bank"),
    ("CRYSTALORD SYSTEMS LIMITED", "CRYSTALORD LTD"),
    ("Saudi Arabian Gas Company", "Saudi Arabian Oil Company"),
])
def test_siblings_score_below_threshold(query: str, candidate: str) -> None:
    assert SCORE(query, candidate) < DEFAULT_MIN_SCORE


def test_george_bush_is_not_george_habbash() -> None:
    assert SCORE("George Bush", "George Habbash") < DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "candidate"), [
    ("CORP", "CORP"),
    ("Ltd", "Acme Ltd"),
    ("LLC", "EMMA LLC"),
    ("Company Limited", "Huawei Technologies Company Limited"),
    ("International Holdings Group", "Acme International Holdings Group"),
    ("EMMA LLC", "ACME LLC"),
])
def test_legal_forms_and_generic_words_alone_never_match(query: str, candidate: str) -> None:
    assert SCORE(query, candidate) < DEFAULT_MIN_SCORE


def test_emma_llc_is_not_a_perfect_hit_for_a_longer_name() -> None:
    assert SCORE("EMMA LLC", "EMMA Holdings LLC") < 100
    assert SCORE("EMMA LLC", "Emma Watson") < DEFAULT_MIN_SCORE


def test_explanation_names_matched_and_discounted_words() -> None:
    expl = Matcher([]).explain("Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES COMPANY LIMITED")
    assert ("huawei", "huawei") in {(m.query, m.candidate) for m in expl.matches}
    text = str(expl)
    assert "legal form" in text and "company" in text


def test_idf_weighs_common_words_down() -> None:
    names = [f"Name{i} Trading Company" for i in range(300)] + ["Zelta Industries"]
    from partyscreen.matching import Candidate
    matcher = Matcher([Candidate(str(i), [n]) for i, n in enumerate(names)])
    from partyscreen.matching import prepare_name
    trading, zelta = prepare_name("Trading").tokens[0], prepare_name("Zelta").tokens[0]
    assert matcher.weights.idf(trading.key) < matcher.weights.idf(zelta.key) == 1.0
    assert matcher.score("Kestrel Trading", "Name7 Trading") < DEFAULT_MIN_SCORE


def test_fast_score_equals_full_scorer_and_only_skips_pairs_below_the_floor() -> None:
    from faker import Faker

    from partyscreen.matching import prepare_name
    from partyscreen.matching.score import fast_score, score_names

    fake = Faker(["en_US", "de_DE", "ru_RU", "zh_CN"])
    fake.seed_instance(3)
    names = [fake.company() if i % 2 else fake.name() for i in range(120)]
    names += ["Huawei Technologies Co., Ltd.", "华为技术有限公司", "Siemens AG", "SiemensAG GmbH", "CORP",
              "John Smith", "J. Smith", "Smith, John Michael", "Fund III", "Fund IV"]
    matcher = Matcher([])
    prepared = [prepare_name(n) for n in names]
    for i, query in enumerate(prepared):
        for candidate in prepared[i % 7::7]:
            exact = score_names(query, candidate, matcher.weights, explain=False).score
            assert fast_score(query, candidate, matcher.weights) == exact
            for floor in (40.0, DEFAULT_MIN_SCORE, 95.0):
                fast = fast_score(query, candidate, matcher.weights, floor)
                assert fast == exact or (fast == -1.0 and exact < floor)
