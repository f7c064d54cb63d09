"""Arabic compound names written as one word or several ("ABD AL-RAHMAN" / "Abderrahmane",
"NUR AL-DIN" / "Noureddine") and lineages stated the other way round ("X bin Y" / "Y bin X")."""

from __future__ import annotations

import pytest
from faker import Faker

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher
from partyscreen.matching.respelling import arabic_alike, arabic_compound

LISTED = [
    ("nur", "NUR AL-DIN, Hasan"), ("badr", "BADR-AL-DIN, Muhammad"), ("izz", "IZZ AL-DIN, Ali"),
    ("rahman", "ABD AL-RAHMAN, Muhammad"), ("khalid", "ABD AL-RAHMAN, Khalid"), ("salah", "SALAH AL-DIN, Umar"),
    ("saif", "SAIF AL-DIN, Ahmad"), ("aziz", "ABDULAZIZ, Salih"), ("farid", "MAHMOOD, Fariduddin"),
    ("rawi", "AL-RAWI, Muhammad bin Salman"), ("ubaidi", "HASAN BIN AHMAD AL-UBAIDI"),
]


@pytest.fixture(scope="module")
def listed() -> Matcher:
    fake = Faker("ar_AA")
    fake.seed_instance(5)
    people = [Candidate(f"p{i}", [fake.name()], kind="person") for i in range(300)]
    return Matcher(people + [Candidate(cid, [name], kind="person") for cid, name in LISTED])


def _score(matcher: Matcher, query: str, cid: str) -> float:
    return max((m.score for m in matcher.match(query, limit=10, min_score=1) if m.candidate_id == cid), default=0.0)


@pytest.mark.parametrize("word, canonical", [
    ("abderrahmane", "abdalrahman"), ("abdurrahman", "abdalrahman"), ("abdulrahman", "abdalrahman"),
    ("abdelaziz", "abdalaziz"), ("abdullah", "abdallah"), ("abdulla", "abdallah"), ("abdessalam", "abdalsalam"),
    ("noureddine", "nouraldin"), ("nuruddin", "nuraldin"), ("nasrudin", "nasraldin"), ("alaeddine", "alaaldin"),
    ("nasrullah", "nasrallah"), ("ruhollah", "ruhallah"),
])
def test_compounds_read_in_one_canonical_form(word: str, canonical: str) -> None:
    assert arabic_compound(word) == canonical


@pytest.mark.parametrize("word", ["padilla", "batalla", "ladin", "baldin", "laden", "abdo", "abdul", "mohamed",
                                  "rudin", "bodin", "geraldine", "claudine", "leopoldine", "mcfadden", "mccrudden",
                                  "breeden", "beaudin", "renaudin", "priscillah", "stellah", "camillah", "carulla",
                                  "medulla", "abdiel", "abdias", "abdenago", "abdellaoui", "vandervelden"])
def test_words_that_only_look_like_compounds_are_none(word: str) -> None:
    assert arabic_compound(word) is None


def test_compound_spellings_meet_and_others_stay_apart() -> None:
    assert arabic_alike("noureddine", "nuraldin") and arabic_alike("ezzeddine", "izzaldin")
    assert arabic_alike("abdulaziz", "abdelaziz")  # the connecting vowel differs: one name
    assert not arabic_alike("abdulaziz", "abdulkarim")
    assert not arabic_alike("nuraldin", "badraldin")


@pytest.mark.parametrize("query, cid", [
    ("Noureddine Hassan", "nur"), ("BADREDDINE, Mohamed", "badr"), ("Mohamed Badreddine", "badr"),
    ("Ezzeddine Ali", "izz"), ("Abderrahmane Mohamed", "rahman"), ("Abdulrahman Khalid", "khalid"),
    ("Salaheddine Omar", "salah"), ("Saifuddin Ahmad", "saif"), ("Abdel Aziz Saleh", "aziz"),
    ("MAHMOUD, Sheikh Farid-ud-Den", "farid"),
])
def test_a_compound_written_together_meets_it_written_apart(listed: Matcher, query: str, cid: str) -> None:
    assert _score(listed, query, cid) >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize("query, cid", [
    ("Noureddine Hassan", "badr"), ("Badreddine Ali", "izz"), ("Abdelaziz Mohamed", "rahman"),
])
def test_another_compound_is_no_hit(listed: Matcher, query: str, cid: str) -> None:
    assert _score(listed, query, cid) < DEFAULT_MIN_SCORE


@pytest.mark.parametrize("query, cid", [
    ("SALMAN BIN MUHAMMAD AL-RAWI", "rawi"), ("AHMAD BIN HASAN AL-UBAIDI", "ubaidi"),
])
def test_a_lineage_the_other_way_round_is_another_person(listed: Matcher, query: str, cid: str) -> None:
    score = _score(listed, query, cid)
    assert score < DEFAULT_MIN_SCORE
    assert "lineage reversed" in str(listed.explain(query, dict(LISTED)[cid]))


@pytest.mark.parametrize("query, cid", [
    ("Muhammad bin Salman Al-Rawi", "rawi"), ("HASAN BIN AHMAD AL-UBAIDI", "ubaidi"), ("Hasan Ahmad al-Ubaidi", "ubaidi"),
])
def test_the_same_lineage_still_meets(listed: Matcher, query: str, cid: str) -> None:
    assert _score(listed, query, cid) >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize("query, listed", [
    ("SHAH, Mohd Yousuf", "SHAH, Mohammad Yusuf"), ("UDIN, Mohd Rafi", "UDIN, Mohamad Rafi"),
    ("Muhd Yusof Ahmad", "AHMAD, Muhammad Yusof"),
])
def test_an_abbreviated_muhammad_is_the_name(query: str, listed: str) -> None:
    """Malaysian records abbreviate the name: "Mohd", "Muhd"."""
    matcher = Matcher([Candidate("x", [listed], kind="person"), Candidate("y", ["SHAH, Mahmood Yusuf"], kind="person")])
    assert matcher.score(query, listed) >= DEFAULT_MIN_SCORE
    assert matcher.score(query.replace("Mohd", "Mahmud").replace("Muhd", "Mahmud"), listed) < DEFAULT_MIN_SCORE


def test_an_article_is_no_given_syllable() -> None:
    """"AL-BITAR, Bayan" / "BITAR, Bayan": the family name with and without its article; a short
    given name ("Bayan") is no syllable of a longer one for the article beside it."""
    matcher = Matcher([Candidate("x", ["BITAR, Bayan"], kind="person"), Candidate("y", ["LIU, De Hua"], kind="person")])
    assert matcher.score("AL-BITAR, Bayan", "BITAR, Bayan") >= DEFAULT_MIN_SCORE
    assert matcher.score("LIU, Hua", "LIU, De Hua") < DEFAULT_MIN_SCORE  # a given syllable left out


@pytest.mark.parametrize("query, listed", [
    ("Ahmed Abdi Ali", "Ahmed Abdulali"), ("Abdi Hussein Ali", "ABDULHUSSEIN, Ali"),  # a lone Abdi is a name
    ("Mohamed Abdellaoui", "Mohamed Abdullah"),  # a nisba family name
    ("Victor De La Salazar", "DE LA CRUZ SALAZAR, Victor"),  # the first family name left out
    ("Hamad bin Hamid", "Hamid bin Hamad"), ("Mohamed Ben Salah", "Salah Ben Muhammad"),  # lineage reversed
    # part of a fuller name with a given name only alike, a compound name beside it: a slip
    ("Jalil Nasrullah Mukulu", "MUKULU, Jamil"), ("Wahid Abdulsattar Makled Garcia", "MAKLED GARCIA, Walid"),
])
def test_review_findings_stay_apart(query: str, listed: str) -> None:
    matcher = Matcher([Candidate("x", [listed], kind="person")])
    assert matcher.score(query, listed) < DEFAULT_MIN_SCORE
