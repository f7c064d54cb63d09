"""Published aliases: other forms of a listed name that the list itself gives (issue 12).

The examples are written like the SDN's a.k.a. entries (persons "FAMILY, Given"), not copied
from any benchmark row.
"""

from __future__ import annotations

import pytest

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher


def _score(query: str, listed: str, kind: str = "person") -> float:
    matcher = Matcher([Candidate("c", [listed], kind=kind)])
    hits = matcher.match(query, min_score=1)
    return hits[0].score if hits else 0.0


@pytest.mark.parametrize(("query", "listed"), [
    ("HADDAD, Karim Saleh", "SALEH, Karim"),  # the listed family name is a word of the alias
    ("NOURI, Layla", "AL-HASHIMI, Layla Nouri"),  # the alias's family name is a word of the listed one
    ("QASSEM, Omar Yasin", "AL-TIKRITI, Omar Yassin Qassem"),
])
def test_list_entries_under_another_family_name_meet(query: str, listed: str) -> None:
    # Both names mark a family name; one of them met in the other name anchors the match.
    assert _score(query, listed) >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("Karim Haddad", "SALEH, Karim"),  # the query marks no family name: the listed one must be met
    ("HADDAD, Karim", "SALEH, Karim"),  # neither family name met: the given name alone
    ("HADDAD, Karim Omar", "SALEH, Karim Omar"),
])
def test_given_names_alone_still_do_not_meet(query: str, listed: str) -> None:
    assert _score(query, listed) < DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("BUTKEVICH, Igor Yevgenievich", "BUTKEVICH, Ihar Yauhenavich"),  # Russian / Belarusian given names
    ("SAVCHENKO, Aleksandr Ivanovich", "SAUCHANKA, Aliaksandr Ivanavich"),
])
def test_belarusian_and_russian_given_names_count_as_matched(query: str, listed: str) -> None:
    # The family-name rules read words with the similarity the alignment uses ("Ihar" / "Igor").
    assert _score(query, listed) >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("NOOR GROUP", "NOOR GROUP OF COMPANIES"),  # "of companies" is the company word and a particle
    ("LLC GRUPPA ZARYA", "LIMITED LIABILITY COMPANY GROUP OF COMPANIES ZARYA"),  # gruppa = group
    ("AL-NOOR CHARITY FOUNDATION", "NOOR CHARITY FOUNDATION"),  # a particle added
    ("FRONT FOR THE LIBERATION OF LEBANON", "FRONT LIBERATION LEBANON"),  # particles dropped
])
def test_particles_and_the_company_word_left_over_cost_little(query: str, listed: str) -> None:
    assert _score(query, listed, "organization") >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("NOOR TRADING", "NOOR GROUP OF COMPANIES"),  # another company word: another company of the group
    ("NOOR CHARITY FOUNDATION OF LEBANON", "NOOR CHARITY FOUNDATION OF SYRIA"),  # sibling by country
    ("ZARYA HOLDING", "ZARYA SHIPPING"),
])
def test_other_words_left_over_still_cost(query: str, listed: str) -> None:
    assert _score(query, listed, "organization") < DEFAULT_MIN_SCORE
