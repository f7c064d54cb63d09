"""A part of a fuller personal name with a slip in it is no hit; a letter alone in an
organisation's name is no initial (score.PARTIAL_SLIP_SIMILARITY, score._similarity)."""

from __future__ import annotations

import pytest
from faker import Faker

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher

LISTED = [("torres", "TORRES MARTINEZ, Camilo"), ("rivera", "RIVERA MUNOZ, Alonso"), ("perez", "PEREZ OCAMPO, Santiago"),
          ("gutsan", "GUTSAN, Aleksandr Vladimirovich"), ("kashif", "AL-KASHIF, Muhammad Jamal 'Abd-al Rahim Ahmad"),
          ("eliks", "LIMITED LIABILITY COMPANY ELIKS M")]


@pytest.fixture(scope="module")
def listed() -> Matcher:
    fake = Faker("es_MX")
    fake.seed_instance(11)
    people = [Candidate(f"p{i}", [f"{fake.last_name().upper()} {fake.last_name().upper()}, {fake.first_name()}"],
                        kind="person") for i in range(200)]
    return Matcher(people + [Candidate(cid, [name], kind="organization" if cid == "eliks" else "person")
                             for cid, name in LISTED])


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


def test_a_letter_alone_in_an_organisations_name_is_no_initial(listed: Matcher) -> None:
    assert listed.score("Elias Mesa", "LIMITED LIABILITY COMPANY ELIKS M") < DEFAULT_MIN_SCORE
