"""The index finds (scores, whatever the score: the scorer decides) a listed name the pair scorer reads as the screened one respelt (another
romanisation of an Arabic, Korean or Chinese name; a partial acronym) among many names sharing
the screened name's common words, whose prefilter scores fill its REFINE_LIMIT."""

from __future__ import annotations

import pytest
from faker import Faker

from partyscreen.matching import Candidate, Matcher
from partyscreen.matching.index import respelt_keys
from partyscreen.matching.normalize import prepare_name


def _surnames(n: int, seed: int) -> list[str]:
    fake = Faker("en_US")
    fake.seed_instance(seed)
    return [fake.unique.last_name().upper() for _ in range(n)]


def _persons(pattern: str, n: int = 200, seed: int = 5) -> list[Candidate]:
    return [Candidate(f"d{i}", [pattern.format(s)], kind="person") for i, s in enumerate(_surnames(n, seed))]


@pytest.mark.parametrize(("listed", "query", "given"), [
    ("QANSU, Ali Muhammad", "KANSO, Ali Mohamed", "Ali Mohamed"),
    ("MOUKALLED, Hassan Ahmed", "MUQALAD, Hassan", "Hassan"),
    ("ZEAITER, Ali", "ZU'AYTIR, Ali Husayn", "Ali Husayn"),
    ("HAMSHO, Ali Muhammad", "HAMCHO, Ali", "Ali"),
    ("ALSHAWA, Amer Kamal Sharif", "AL-SHAVA, Amer", "Amer Kamal"),
])
def test_an_arabic_family_name_respelt_is_found_among_common_given_names(listed: str, query: str, given: str) -> None:
    cands = [*_persons("{}, " + given), Candidate("target", [listed], kind="person")]
    matcher = Matcher(cands)
    for exhaustive in (False, True):
        hits = matcher.match(query, limit=3, min_score=0, exhaustive=exhaustive)
        assert hits and hits[0].candidate_id == "target", (exhaustive, hits)


def test_a_korean_name_in_the_other_romanisation_is_found() -> None:
    cands = [*_persons("{}, Jin Hyeok"), Candidate("target", ["PAK, Chin Hyok"], kind="person")]
    matcher = Matcher(cands)
    hits = matcher.match("Park Jin-hyeok", limit=3, min_score=0)
    assert hits and hits[0].candidate_id == "target", hits


def test_a_wade_giles_name_is_found_by_its_pinyin_reading() -> None:
    cands = [*_persons("{}, Jinping"), Candidate("target", ["XI Jinping"], kind="person")]
    matcher = Matcher(cands)
    hits = matcher.match("Hsi Chin-p'ing", limit=3, min_score=0)
    assert hits and hits[0].candidate_id == "target", hits


@pytest.mark.parametrize(("listed", "query", "tail"), [
    ("RAHBARAN OMID DARYA SHIP MANAGEMENT CO.", "ROD SHIP MANAGEMENT CO", "SHIP MANAGEMENT CO."),
    ("EGHTESAD NOVIN BANK", "EN BANK PJSC", "BANK"),
])
def test_a_partial_acronym_before_a_shared_tail_is_found(listed: str, query: str, tail: str) -> None:
    cands = [Candidate(f"d{i}", [f"{s} {tail}"], kind="organization") for i, s in enumerate(_surnames(200, 6))]
    cands.append(Candidate("target", [listed], kind="organization"))
    matcher = Matcher(cands)
    for exhaustive in (False, True):
        hits = matcher.match(query, limit=3, min_score=0, exhaustive=exhaustive)
        assert hits and hits[0].candidate_id == "target", (exhaustive, hits)


def test_respelling_keys_need_the_scorers_evidence() -> None:
    """Slavic or Western names are not keyed by an Arabic skeleton ("Kolar" / "Koller"), an
    Arabic name of one lexicon word looks up only names of two, and a lexicon given name is
    never keyed (every Arabic name has one). (Every Latin personal name also carries its
    whole-name skeleton, "sl…", which only a name in Arabic script looks up: see
    test_arabic_script.py.)"""
    def respelt(name: str, **kw: bool) -> set[str]:
        return {k for k in respelt_keys(prepare_name(name, "person"), **kw) if not k.startswith(("sl", "sa"))}

    assert not respelt("KOLAR, Ivan", listed=True)
    one = {k for k in respelt_keys(prepare_name("Hasan Radic"), listed=False) if k.startswith("x")}
    assert one == {"x2rVdVk"}
    listed = respelt("QANSU, Ali Muhammad", listed=True)
    # the family name's skeleton, and the family name with each given name
    assert listed == {"x2kVnsV", "zVlV|kVnsV", "zkVnsV|mVhVmVd"}


def test_a_common_arabic_family_name_is_found_with_its_given_name() -> None:
    """Where family and given names are both common, the pair of them is rare."""
    cands = [*_persons("AL-AMIN, {}", seed=8), *_persons("{}, Mohamad", seed=9),
             Candidate("target", ["AL-AMIN, Muhammad 'Abdallah"], kind="person")]
    matcher = Matcher([Candidate(f"{c.id}-{i}", c.names, kind="person") for i, c in enumerate(cands)])
    hits = matcher.match("AL-AMIN, Mohamad", limit=3, min_score=0)
    assert any(m.candidate_id.startswith("target") for m in hits), hits
