"""Korean personal names written in Hangul against the lists' Latin forms (hangul.py)."""

from __future__ import annotations

import pytest
from faker import Faker

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher
from partyscreen.matching.hangul import person_reading, syllable_roman

LISTED_KOREANS = [
    ("kju", "KIM, Jong Un"), ("kyj", "KIM, Yo Jong"), ("kji", "KIM, Jong Il"), ("choe", "CHOE, Ryong Hae"),
    ("pak", "PAK, Pong Ju"), ("ri", "RI, Pyong Chol"), ("kys", "KIM, Yong Su"), ("jang", "JANG, Hyon U"),
    ("ksg", "KIM, Su-gwang"), ("yu", "YU, Jin"), ("jmc", "JANG, Myong Chol"), ("wang", "WANG, Ssu"),
    ("hyon", "HYON, Kwang Il"), ("no", "NO, Kwang Chol"), ("mun", "MUN, Jae In"), ("seo", "SEO, Mun Seok"),
    ("u", "U, Tong Chuk"),
]


@pytest.fixture(scope="module")
def koreans() -> Matcher:
    fake = Faker("en_US")
    fake.seed_instance(3)
    people = [Candidate(f"p{i}", [fake.name()], kind="person") for i in range(300)]
    return Matcher(people + [Candidate(cid, [name], kind="person") for cid, name in LISTED_KOREANS])


def _top(matcher: Matcher, query: str) -> tuple[str, float]:
    found = matcher.match(query, limit=1, min_score=1)
    return (found[0].candidate_id, found[0].score) if found else ("", 0.0)


@pytest.mark.parametrize("query, expected", [
    ("김정은", "kju"), ("김 정은", "kju"), ("김여정", "kyj"), ("최룡해", "choe"), ("박봉주", "pak"), ("리병철", "ri"),
    ("김정은,", "kju"), ("김-정은", "kju"),
    ("현광일", "hyon"), ("노광철", "no"), ("우동축", "u"),  # family names spelt Hyun, Roh, Woo in the South
    ("문재인", "mun"),  # the syllable 인 "In" is no legal form "Inc" in a personal name
    ("서문석", "seo"),  # 서 and a given name of two syllables, not the compound family name 서문
])
def test_a_hangul_name_meets_the_listed_romanised_name(koreans: Matcher, query: str, expected: str) -> None:
    cid, score = _top(koreans, query)
    assert cid == expected and score >= DEFAULT_MIN_SCORE


def test_the_explanation_says_how_the_hangul_name_was_read(koreans: Matcher) -> None:
    assert "Hangul personal name '김정은' read as 'kim jeong eun'" in str(koreans.explain("김정은", "KIM, Jong Un"))


@pytest.mark.parametrize("query, listed", [
    ("김정일", "KIM, Jong Un"),          # another given syllable
    ("김종수", "KIM, Yong Su"),          # Jong is no romanisation of Yong: one letter apart, another syllable
    ("김경수", "KIM, Yong Su"),
    ("양현우", "JANG, Hyon U"),          # Yang and Jang are two family names
    ("김광수", "KIM, Su-gwang"),         # the given name's syllables in another order
    ("유유진", "YU, Jin"),               # a syllable more
    ("장명", "JANG, Myong Chol"),        # a syllable fewer
    ("박광수", "WANG, Ssu"),
])
def test_a_hangul_name_is_read_exactly_not_as_a_typo(koreans: Matcher, query: str, listed: str) -> None:
    assert koreans.score(query, listed) < DEFAULT_MIN_SCORE


def test_a_latin_name_in_the_other_romanisation_with_another_family_name_is_not_the_listed_one(
        koreans: Matcher) -> None:
    # a respelling (Hyeon / Hyon) and a family name only alike (Yang / Jang) are two readings too many
    assert koreans.score("Yang Hyeon U", "JANG, Hyon U") < DEFAULT_MIN_SCORE
    assert koreans.score("Jang Hyeon U", "JANG, Hyon U") >= DEFAULT_MIN_SCORE


def test_syllables_are_romanised_alone_and_family_names_as_lists_spell_them() -> None:
    assert [syllable_roman(s) for s in "정은룡철박"] == ["jeong", "eun", "ryong", "cheol", "bak"]
    assert person_reading("김정은") == "kim jeong eun"
    assert person_reading("이재용") == "lee jae yong"
    assert person_reading("남궁민수") == "namgung min su"
    assert person_reading("서문석") == "seo mun seok"
    assert person_reading("김철") is None and person_reading("김철", "person") == "kim cheol"


def test_a_two_syllable_hangul_name_of_unknown_kind_stays_a_brand() -> None:
    matcher = Matcher([Candidate("hanwha", ["HANWHA"], kind="organization"), Candidate("isu", ["ISU"], kind="organization"),
                       Candidate("x", ["KIM, Jong Un"], kind="person")])
    assert matcher.score("한화", "HANWHA") >= DEFAULT_MIN_SCORE
    assert matcher.score("이수", "ISU") >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize("text, kind", [
    ("삼성전자 주식회사", None), ("현대그룹", None), ("김정은", "organization"), ("김", None),
    ("가나다라마바", None), ("정은김 abc", None),
])
def test_names_that_are_no_korean_personal_name_are_left_to_transliteration(text: str, kind: str | None) -> None:
    assert person_reading(text, kind) is None


@pytest.mark.parametrize("query, listed", [("Kim In Su", "KIM, In Su"), ("Moon Jae In", "MUN, Jae In"), ("김인수", "KIM, In Su")])
def test_the_syllable_in_is_no_legal_form(query: str, listed: str) -> None:
    """rigour reads a word "In" as "Inc"; in "Kim In Su" (a name of unknown kind) it is a syllable."""
    matcher = Matcher([Candidate("x", [listed], kind="person"), Candidate("a", ["ACME INC"], kind="organization")])
    assert matcher.score(query, listed) >= DEFAULT_MIN_SCORE
    assert matcher.score("Acme Inc", "ACME INC") == 100.0
