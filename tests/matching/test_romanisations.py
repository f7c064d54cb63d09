"""Russian names as the EU's lists give them in German, French and Polish romanisation."""

from __future__ import annotations

import pytest
from faker import Faker

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher
from partyscreen.matching.normalize import romanisation_key

# (German / French spelling, the listed English one) — the EU's nameAlias forms of listed persons
PAIRS = [
    ("Dmitrij Medwedew", "MEDVEDEV, Dmitry Anatolyevich"),
    ("Jewgeni Prigoschin", "PRIGOZHIN, Yevgeniy Viktorovich"),
    ("Evgueni Prigojine", "PRIGOZHIN, Yevgeniy Viktorovich"),
    ("Igor Setschin", "SECHIN, Igor Ivanovich"),
    ("Igor Setchine", "SECHIN, Igor Ivanovich"),
    ("Roman Abramowitsch", "ABRAMOVICH, Roman Arkadyevich"),
    ("Waleri Gerassimow", "GERASIMOV, Valery Vasilyevich"),
    ("Nikolai Patruschew", "PATRUSHEV, Nikolai Platonovich"),
    ("Mikhaïl Michoustine", "MISHUSTIN, Mikhail Vladimirovich"),
    ("Sergueï Lavrov", "LAVROV, Sergey Viktorovich"),
]


@pytest.mark.parametrize(("german", "english"), [
    ("medwedew", "medvedev"), ("setschin", "sechin"), ("abramowitsch", "abramovich"),
    ("gerassimow", "gerasimov"), ("prigojine", "prigozhin"), ("evgueni", "yevgeniy"),
    ("schtschukin", "shchukin"), ("obschestvo", "obshchestvo"), ("szuwalow", "shuvalov"), ("czernow", "chernov"),
])
def test_romanisations_of_one_russian_word_share_a_key(german: str, english: str) -> None:
    assert romanisation_key(german) == romanisation_key(english)


@pytest.fixture(scope="module")
def crowd() -> Matcher:
    """The listed names among 2,000 generated Russian and English persons."""
    fake = Faker(["ru_RU", "en_US"])
    fake.seed_instance(11)
    cands = [Candidate(f"p{i}", [fake.name()], kind="person") for i in range(2000)]
    cands += [Candidate(english, [english], kind="person") for english in {e for _, e in PAIRS}]
    return Matcher(cands)


@pytest.mark.parametrize(("query", "listed"), PAIRS)
def test_a_german_or_french_spelling_finds_the_listed_person(crowd: Matcher, query: str, listed: str) -> None:
    for exhaustive in (False, True):
        hits = crowd.match(query, limit=3, exhaustive=exhaustive)
        assert hits and hits[0].candidate_id == listed and hits[0].score >= DEFAULT_MIN_SCORE, (query, exhaustive)


@pytest.mark.parametrize("query", ["Iwan Lawrow", "Olga Medwedewa", "Pawel Setschenow", "Boris Gerassimenko"])
def test_another_person_of_a_respelt_family_name_is_no_hit(crowd: Matcher, query: str) -> None:
    assert not [m for m in crowd.match(query) if m.candidate_id in {e for _, e in PAIRS}]
