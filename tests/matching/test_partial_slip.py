"""A part of a fuller personal name with a slip in it is no hit; the same name spelt another
way, an initial, a founder's initial in a company name stay hits (score.PARTIAL_SLIP_SIMILARITY,
score._is_slip)."""

from __future__ import annotations

import pytest
from faker import Faker

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher

LISTED = [("torres", "TORRES MARTINEZ, Camilo"), ("rivera", "RIVERA MUNOZ, Alonso"), ("perez", "PEREZ OCAMPO, Santiago"),
          ("gutsan", "GUTSAN, Aleksandr Vladimirovich"), ("kashif", "AL-KASHIF, Muhammad Jamal 'Abd-al Rahim Ahmad"),
          ]


@pytest.fixture(scope="module")
def listed() -> Matcher:
    fake = Faker("es_MX")
    fake.seed_instance(11)
    people = [Candidate(f"p{i}", [f"{fake.last_name().upper()} {fake.last_name().upper()}, {fake.first_name()}"],
                        kind="person") for i in range(200)]
    return Matcher(people + [Candidate(cid, [name], kind="person") for cid, name in LISTED])


@pytest.mark.parametrize("query, name", [
    ("Camila Torres", "TORRES MARTINEZ, Camilo"), ("Alfonso Rivera", "RIVERA MUNOZ, Alonso"),
    ("Santiago Perea", "PEREZ OCAMPO, Santiago"),
])
def test_a_part_of_a_fuller_name_with_a_slip_is_no_hit(listed: Matcher, query: str, name: str) -> None:
    assert listed.score(query, name) < DEFAULT_MIN_SCORE
    assert "a part of the other name with a word only alike" in str(listed.explain(query, name))


@pytest.mark.parametrize("query, name", [
    ("Camilo Torres", "TORRES MARTINEZ, Camilo"),                  # the part written the same
    ("TORRES MARTINES, Camilo", "TORRES MARTINEZ, Camilo"),        # the whole name with a slip
    ("GUTSAN, Alexander", "GUTSAN, Aleksandr Vladimirovich"),     # only a patronymic left over
    ("AL KASHEF, Muhammad Jamal", "AL-KASHIF, Muhammad Jamal 'Abd-al Rahim Ahmad"),  # an Arabic respelling
])
def test_a_part_written_alike_or_a_whole_name_with_a_slip_stays_a_hit(listed: Matcher, query: str, name: str) -> None:
    assert listed.score(query, name) >= DEFAULT_MIN_SCORE


def test_a_founders_initial_in_a_company_name_is_an_initial() -> None:
    matcher = Matcher([Candidate("js", ["JOHN SMITH TRADING LTD"], kind="organization"),
                       Candidate("mk", ["MOHAMMAD RAHMAN TRADING CO"], kind="organization")])
    assert matcher.score("J Smith Trading Ltd", "JOHN SMITH TRADING LTD") >= DEFAULT_MIN_SCORE
    assert matcher.score("M. Rahman Trading Co", "MOHAMMAD RAHMAN TRADING CO") >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize("query, name", [
    ("Nicholas Maduro", "MADURO MOROS, Nicolas"), ("Victor Bout", "BOUT, Viktor Anatolijevitch"),
    ("Thomas Kehler", "KEHLER LOPEZ, Tomas"), ("Juan M Torres", "TORRES GARCIA, Juan Manuel"),
])
def test_a_part_of_a_fuller_name_spelt_another_way_stays_a_hit(query: str, name: str) -> None:
    """One name spelt another way that sounds the same, or an initial, is no slip."""
    matcher = Matcher([Candidate("x", [name], kind="person"), Candidate("y", ["SMITH, John"], kind="person")])
    assert matcher.score(query, name) >= DEFAULT_MIN_SCORE


def test_the_other_sexs_name_is_a_slip() -> None:
    matcher = Matcher([Candidate("x", ["PEREZ GARCIA, Daniel"], kind="person"), Candidate("y", ["SMITH, John"],
                                                                                           kind="person")])
    assert matcher.score("Daniela Perez", "PEREZ GARCIA, Daniel") < DEFAULT_MIN_SCORE


def test_a_word_of_the_part_met_by_the_fuller_names_initial_is_a_slip() -> None:
    matcher = Matcher([Candidate("h", ["Karen C. Handel"], kind="person"), Candidate("d", ["Kamala D. Harris"], kind="person"),
                       Candidate("y", ["SMITH, John"], kind="person")])
    assert matcher.score("Karen Cruz", "Karen C. Handel") < DEFAULT_MIN_SCORE
    assert matcher.score("Diane Harris", "Kamala D. Harris") < DEFAULT_MIN_SCORE


def test_a_given_syllable_like_the_family_name_is_a_given_name() -> None:
    matcher = Matcher([Candidate("s", ["SEO, Mun Seok"], kind="person"), Candidate("y", ["SMITH, John"], kind="person")])
    assert matcher.score("Seo Mun Seok", "SEO, Mun Seok") == 100.0
