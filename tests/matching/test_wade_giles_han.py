"""Han personal names against their Wade–Giles romanisation (score._wade_giles_reads): the
China sheet lists Taiwanese persons as "Tsai Chi-chang" / 蔡其昌, "HU, Kuei-chih" / 胡桂芝."""

from __future__ import annotations

import pytest
from faker import Faker

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher

WADE_GILES = [("Tsai Chi-chang", "蔡其昌"), ("HU, Kuei-chih", "胡桂芝"), ("Chang Hsien-yao", "张显耀"),
              ("Tsai Ing-wen", "蔡英文"),
              ("Chi-mai Chen", "陈其迈"),      # family name last; every word also pinyin, the hyphen shows Wade–Giles
              ("Wang Ting-yu", "王定宇"), ("Chiang Ching-kuo", "蒋经国"), ("HSU, Chih-hsiung", "许志雄")]


@pytest.fixture(scope="module")
def listed() -> Matcher:
    fake = Faker("zh_CN")
    fake.seed_instance(2)
    people = [Candidate(f"p{i}", [fake.name()], kind="person") for i in range(300)]
    return Matcher(people + [Candidate(f"wg{i}", [latin], kind="person") for i, (latin, _) in enumerate(WADE_GILES)]
                   + [Candidate("org", ["Chen Tsai Trading Ltd"], kind="organization")])


@pytest.mark.parametrize("number, pair", list(enumerate(WADE_GILES)))
def test_a_han_name_meets_its_wade_giles_romanisation(listed: Matcher, number: int, pair: tuple[str, str]) -> None:
    latin, han = pair
    found = listed.match(han, limit=1)
    assert found and found[0].candidate_id == f"wg{number}" and found[0].score >= DEFAULT_MIN_SCORE
    assert "read as Wade–Giles" in str(found[0].explanation)


@pytest.mark.parametrize("han, latin", [
    ("胡桂香", "HU, Kuei-chih"),     # another given syllable
    ("吴桂芝", "HU, Kuei-chih"),     # another family name
    ("胡芝桂", "HU, Kuei-chih"),     # the given syllables in another order
    ("陈才", "Chen Tsai Trading Ltd"),  # an organisation's words are not read as a person's syllables
])
def test_other_han_names_stay_apart(listed: Matcher, han: str, latin: str) -> None:
    assert listed.score(han, latin) < DEFAULT_MIN_SCORE


@pytest.mark.parametrize("number, pair", list(enumerate(WADE_GILES)))
def test_a_wade_giles_query_finds_the_listed_han_name(number: int, pair: tuple[str, str]) -> None:
    fake = Faker("zh_CN")
    fake.seed_instance(4)
    latin, han = pair
    matcher = Matcher([Candidate(f"p{i}", [fake.name()], kind="person") for i in range(300)]
                      + [Candidate("listed", [han], kind="person")])
    found = matcher.match(latin, limit=1)
    assert found and found[0].candidate_id == "listed" and found[0].score >= DEFAULT_MIN_SCORE
