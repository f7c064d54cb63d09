"""Personal names respelt in another romanisation (issue 12, ``respelling.py``).

Positives are written like SDN a.k.a. entries (Korean, Chinese Wade–Giles, Arabic/Persian and
South Slavic respellings the lists publish); negatives are different persons sharing a family
name, and names a generator of customer files makes.
"""

from __future__ import annotations

import pytest

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher
from partyscreen.matching.respelling import (article_key, korean_key, respelling, south_slavic_key, wade_giles_readings,
                                             wade_giles_word)


def _best(query: str, listed: str, kind: str = "person"):
    matcher = Matcher([Candidate("c", [listed], kind=kind)])
    hits = matcher.match(query, min_score=1)
    return hits[0] if hits else None


def _score(query: str, listed: str) -> float:
    hit = _best(query, listed)
    return hit.score if hit else 0.0


@pytest.mark.parametrize(("query", "listed"), [
    ("KWAK, Jong-chol", "KWAK, Chong-chol"),  # Korean: Revised Romanisation / McCune–Reischauer
    ("KIM, Jong Cheol", "KIM, Chong Chol"),
    ("WEI, Xuekang", "WEI, Hsueh Kang"),  # Chinese: pinyin / Wade–Giles, given name run together
    ("WIHBI, Bilal Muhsin", "WEHBE, Bilal Mohsen"),  # Arabic vowels
    ("HUSAYNI, Husayn Ali", "HOSSEINI, Hossein Ali"),
    ("KOCAK, Abdul Wahab", "KOCAK, Abdulvahap"),  # Turkish spelling, written together
    ("KOCHANOVA, Natalya", "KACHANAVA, Natallia Ivanauna"),  # doubled letter (Belarusian лл)
    ("SULTAN MOHMADI, Mohhamad", "SOLTANMOHAMMADI, Mohammad"),  # short vowels left out, written apart
    ("BADREDDINE, Mohamed", "BADR-AL-DIN, Muhammad"),  # the article assimilated / written apart
    ("ABDURRAHMAN, Ali", "ABD AL-RAHMAN, Ali"),
    ("VACICH, Misha", "VACIC, Misa"),  # South Slavic č/ć/š without their marks
])
def test_published_respellings_meet(query: str, listed: str) -> None:
    assert _score(query, listed) >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("KWAK, Myong-su", "KWAK, Chong-chol"),  # a shared Korean family name alone
    ("PAK, Yong-su", "PARK, Jin Hyok"),
    ("WEI, Hsueh Ming", "WEI, Xuekang"),  # one syllable of two
    ("KIM, Chang-su", "KIM, Chong-su"),  # another Korean syllable, not another romanisation
    ("Misa Jovanovic", "VACIC, Misa"),  # a South Slavic given name alone
    ("Mohsen Karimi", "REZAEI, Muhsin"),  # a respelt given name alone
    ("Michelle Abdalah", "ABDULLAH, Michal"),  # article rule only on compound Arabic names
])
def test_respelling_does_not_make_other_persons_meet(query: str, listed: str) -> None:
    assert _score(query, listed) < DEFAULT_MIN_SCORE


def test_respelt_names_are_shortlisted_though_no_word_is_shared() -> None:
    # The index's loose and Wade–Giles keys (index._respelt_keys) find the listed name.
    assert _score("CAI, Zhiming", "TSAI, Chih-ming") >= DEFAULT_MIN_SCORE
    assert _score("Wihbi Muhsin", "WEHBE, Mohsen") >= DEFAULT_MIN_SCORE


def test_rules() -> None:
    assert respelling("muhsin", "mohsen")[1] < 0.9  # below a typo in a long word
    assert respelling("hamid", "hamad") is None  # a/i is not one vowel
    assert respelling("rivero", "rivera") is None  # nor a/o
    assert respelling("moreno", "marino") is None
    assert respelling("ali", "ale") is None  # too short
    assert respelling("mohammadi", "mahmoudi") is None  # a skeleton of four consonants is many names
    assert respelling("sultanmohmadi", "soltanmohammadi") is not None
    assert article_key("badreddine") == article_key("badraldin") != ""
    assert article_key("nasreddine") == article_key("nasraldin") != ""
    assert article_key("abdulkarim") == article_key("abdelkarim")
    assert article_key("mohammed") == "" and article_key("hassan") == ""
    assert respelling("vacich", "vacic") is None  # digraphs only with a South Slavic surname in the name
    assert respelling("vacich", "vacic", True) is not None
    assert south_slavic_key("misha") == south_slavic_key("misa")
    assert korean_key("chong") == korean_key("jong") and korean_key("chol") == korean_key("cheol")
    assert respelling("kang", "gang") is None  # two pinyin syllables stay two syllables
    assert wade_giles_readings("hsueh") == {"xue"}
    assert "zhi" in wade_giles_readings("chih") and "zi" in wade_giles_readings("tzu")
    assert "xuekang" in wade_giles_word("hsuehkang")
    assert not wade_giles_word("zhangwei")  # pinyin is not Wade–Giles


def test_explanation_names_the_rule() -> None:
    hit = _best("KWAK, Jong-chol", "KWAK, Chong-chol")
    assert any("Korean" in note for note in hit.explanation.notes)
    hit = _best("WIHBI, Bilal Muhsin", "WEHBE, Bilal Mohsen")
    assert any("Arabic / Persian" in note and "'muhsin' ~ 'mohsen'" in note for note in hit.explanation.notes)
    hit = _best("WEI, Xuekang", "WEI, Hsueh Kang")
    assert any("Wade–Giles" in note for note in hit.explanation.notes)
