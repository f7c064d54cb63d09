"""Personal names in another romanisation (``respelling.py``) and the person rules that keep a
loose word from carrying a match.

The examples are written like the SDN's entries ("FAMILY, Given"), not copied from any
benchmark row; the near misses are real surnames of other origins one letter from the listed one.
"""

from __future__ import annotations

import pytest

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher
from partyscreen.matching.respelling import arabic_alike, arabic_evidence


def _score(query: str, listed: str, kind: str = "person") -> float:
    matcher = Matcher([Candidate("c", [listed], kind=kind)])
    hits = matcher.match(query, min_score=1)
    return hits[0].score if hits else 0.0


@pytest.mark.parametrize(("query", "listed"), [
    ("RIHMI, Bilal Hasan", "REHME, Bilal Hassan"),  # kasra as i or e in the family name
    ("DIRBI, Khaled Muhsin", "DERBE, Khaled Mohsen"),  # kasra as i or e, damma as u or o
    ("SOUKA, Husam Ali", "SOUCA, Houssam"),  # c / k (not two pinyin syllables apart); two Arabic names
    ("NAJJAR, Mohamed Hussein", "NAJJAR, Muhammad Husayn"),  # given names in two romanisations
    ("AL-SUWAYDI, Khaled", "SOWAIDI, Khalid"),  # damma as u or o, the diphthong ay / ai
])
def test_arabic_names_in_another_romanisation_are_found(query: str, listed: str) -> None:
    assert _score(query, listed) >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("Miroslav Radek", "RADIC, Miroslav"),  # Slavic: a vowel is another surname
    ("Bruno Kolar", "KOLLER, Bruno"),  # Western: a vowel and a doubled letter
    ("Mario Recio", "RICCIO, Mario"),  # Hispanic / Italian
    ("Omar Recio", "RICCIO, Omar"),  # "Omar" is a Hispanic given name too: no Arabic evidence
])
def test_respellings_are_read_only_between_arabic_names(query: str, listed: str) -> None:
    assert _score(query, listed) < DEFAULT_MIN_SCORE


def test_arabic_alike_reads_vowel_classes() -> None:
    assert arabic_alike("mohamed", "muhammad")
    assert arabic_alike("hossein", "husayn")
    assert arabic_alike("wehbe", "wihbi")
    assert not arabic_alike("hasan", "husayn")
    assert not arabic_alike("mahmoud", "muhammad")
    assert not arabic_alike("hamid", "hamad")


def test_arabic_evidence_needs_an_arabic_name_word() -> None:
    assert arabic_evidence(("rihmi", "bilal", "hasan"))
    assert arabic_evidence(("al", "suwaydi"))
    assert not arabic_evidence(("miroslav", "radek"))
    assert not arabic_evidence(("omar", "recio"))


@pytest.mark.parametrize(("query", "listed"), [
    # Review findings: a family name two letters from another, and a particle half a given name.
    ("Andrey Aleksandrovich Bulygin", "BULYUTIN, Andrey"),
    ("Abdul Mohamed Gelowicz", "GELOWICZ, Abdullah"),
])
def test_a_loose_word_does_not_carry_a_person_match(query: str, listed: str) -> None:
    assert _score(query, listed) < DEFAULT_MIN_SCORE
    explanation = Matcher([Candidate("c", [listed], kind="person")]).explain(query, listed)
    assert any("not matched" in note or "no given name matched" in note for note, _ in explanation.adjustments)


@pytest.mark.parametrize(("query", "listed"), [
    ("CHOE, Jong-nam", "CHOI, Chong Nam"),  # family name's spelling, ch / j
    ("CHONG, Ch'ol-ho", "JEONG, Cheol Ho"),  # McCune–Reischauer apostrophe, eo / o, ch / j
    ("KIM, Tong-il", "KIM, Dong Il"),  # t / d
])
def test_korean_names_in_the_other_romanisation_are_found(query: str, listed: str) -> None:
    assert _score(query, listed) >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("Jong Ki Mario", "MARIO, Chong Gi"),  # no Korean family name: ch / j, k / g stay apart
    ("Tong Il", "DONG, Il"),  # a given name of one syllable: not Korean-shaped
])
def test_korean_respellings_only_between_korean_shaped_names(query: str, listed: str) -> None:
    assert _score(query, listed) < DEFAULT_MIN_SCORE


def test_an_apostrophe_inside_a_word_keeps_the_word_whole() -> None:
    from partyscreen.matching.normalize import prepare_name

    assert [t.text for t in prepare_name("PAK, Ch'in-hyo'k").core] == ["pak", "chin", "hyok"]


@pytest.mark.parametrize(("query", "listed"), [
    ("LIN, Xueping", "LIN, Hsueh Ping"),  # hs / x, -ueh / -ue, a run of syllables
    ("Tsai Chih-ming", "CAI, Zhiming"),  # ts / c, ch / zh, -ih / -i
])
def test_wade_giles_and_pinyin_are_one_name(query: str, listed: str) -> None:
    assert _score(query, listed) >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("Chen Jian", "ZHEN, Jian"),  # both pinyin: ch and zh are two syllables
    ("Chang Wei", "ZHANG, Wei"),  # nothing shows Wade–Giles
    ("Fared Saar", "SAAL, Fared"),  # not Chinese-shaped
])
def test_wade_giles_read_only_where_a_name_shows_it(query: str, listed: str) -> None:
    assert _score(query, listed) < DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("Song Li Ping", "SONG, Li Bing"),  # Chinese family names Korea shares, all pinyin
    ("Han Dong Mei", "HAN, Tong Mei"),
    ("Yang Ting Kai", "YANG, Ding Gai"),
    ("Kong Jun Pei", "KONG, Chun Bei"),
    ("Li Jeng Yu", "LI, Cheng Yu"),  # nothing only Korean shows
    ("Ho Chun Ding", "HO, Chun Ting"),  # neither all pinyin nor Korean
])
def test_chinese_names_are_not_read_as_korean(query: str, listed: str) -> None:
    assert _score(query, listed) < DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("Gim Eun-jeong", "KIM, Jong Un"),  # the given name's syllables in another order
    ("Kim Eun-jung", "KIM, Jong Un"),
    ("Gim Jong-su", "KIM, Yong Su"),  # a respelt family name and a given syllable only alike
])
def test_korean_given_names_keep_their_order_and_one_lenient_reading(query: str, listed: str) -> None:
    assert _score(query, listed) < DEFAULT_MIN_SCORE


def test_north_korean_aspirates_are_respellings() -> None:
    # "Thaek" (the North's own practice) is "Taek"; with "Jeong" / "Jong" two respellings.
    assert _score("Jeong Kyong-taek", "JONG, Kyong Thaek") >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("Hasan Radic", "RADEK, Hasan"),  # one Arabic given name: the family name is read as written
    ("Ahmad Kolar", "KOLLER, Ahmad"),
    ("Ali Recio", "RICCIO, Ali"),
])
def test_one_arabic_given_name_does_not_respell_the_other_words(query: str, listed: str) -> None:
    assert _score(query, listed) < DEFAULT_MIN_SCORE


def test_sh_is_not_s_in_arabic_respellings() -> None:
    assert not arabic_alike("shakir", "saker")
    assert not arabic_alike("bashir", "buasir")
    assert arabic_alike("bashir", "bachir")  # French "ch" is "sh"
    assert _score("Ali Shakir", "SAKER, Ali") < DEFAULT_MIN_SCORE
    assert _score("Ibrahim Buasir", "BASHIR, Abdul Rahim") < DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("Oh Su-yeong", "O, Su Yong"),  # the family name's own spellings: Oh / O
    ("Oh Kuk Ryol", "O, Kuk-Ryol"),
    ("Maria Oh", "O, Maria"),  # a short family name one letter longer meets it, whatever the origin
])
def test_short_family_names_one_letter_apart_are_met(query: str, listed: str) -> None:
    assert _score(query, listed) >= DEFAULT_MIN_SCORE


def test_a_family_name_with_an_apostrophe_is_marked_as_family() -> None:
    from partyscreen.matching.normalize import prepare_name

    assert prepare_name("A'INI, Husayn", kind="person").family == frozenset({"aini"})
    assert prepare_name("O\u2019NEIL, John", kind="person").family == frozenset({"oneil"})
    # so the family-name check runs: "Abrini" is another family
    assert _score("Hussein Abrini", "A'INI, Husayn") < DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("Li Jeng Yu", "LI, Cheng Yu"),
    ("Hussein Abrini", "A'INI, Husayn"),
    ("Gim Jong-su", "KIM, Yong Su"),
])
def test_score_and_explain_read_the_listed_name_as_the_index_does(query: str, listed: str) -> None:
    matcher = Matcher([Candidate("c", [listed], kind="person")])
    hits = matcher.match(query, min_score=1)
    assert hits and matcher.score(query, listed) == pytest.approx(hits[0].score)
    assert matcher.explain(query, listed).matched_name == listed


def test_korean_names_written_the_same_keep_any_order() -> None:
    # No respelling read: the given syllables in another order score as for any name.
    assert _score("Kim Un-jong", "KIM, Jong Un") >= DEFAULT_MIN_SCORE
    # A respelt family name with the syllables in another order is another name.
    assert _score("Gim Un-jong", "KIM, Jong Un") < DEFAULT_MIN_SCORE
