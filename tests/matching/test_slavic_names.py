"""East Slavic given names and patronymics in their Russian, Ukrainian and Belarusian forms."""

from __future__ import annotations

import pytest
from faker import Faker

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher
from partyscreen.matching.normalize import romanisation_key
from partyscreen.matching.slavic_names import GIVEN_NAMES, given_name, patronymic, same_name

ZDRILIUK = "ZDRILIUK, Serhii Anatoliyovych"
# (screened, listed): one person under the Russian, Ukrainian or Belarusian forms of the given
# name and patronymic, as the EU and US lists publish them.
PAIRS = [
    ("ZDRILYUK, Sergei", ZDRILIUK),
    ("KOZAK, Vladimir Nikolaevich", "KOZAK, Volodymyr Mykolaiovych"),
    ("Hryhorii Tkachenko", "TKACHENKO, Grigory"),
    ("Volha Karach", "KARACH, Olga"),
    ("Mykola Azarov", "AZAROV, Nikolai Yanovich"),
    ("Alyaksandr Lukashenka", "LUKASHENKO, Aleksandr Grigoryevich"),
]


@pytest.fixture(scope="module")
def crowd() -> Matcher:
    """The listed persons among 3,000 generated Russian, Ukrainian and English persons."""
    fake = Faker(["ru_RU", "uk_UA", "en_US"])
    fake.seed_instance(7)
    cands = [Candidate(f"p{i}", [fake.name()], kind="person") for i in range(3000)]
    cands += [Candidate(listed, [listed], kind="person") for listed in {t for _, t in PAIRS}]
    return Matcher(cands)


@pytest.mark.parametrize(("query", "listed"), PAIRS)
def test_another_form_of_the_given_name_finds_the_listed_person(crowd: Matcher, query: str, listed: str) -> None:
    for exhaustive in (False, True):
        hits = crowd.match(query, limit=3, exhaustive=exhaustive)
        assert hits and hits[0].candidate_id == listed and hits[0].score >= DEFAULT_MIN_SCORE, (query, exhaustive)


def test_the_explanation_names_the_rule(crowd: Matcher) -> None:
    text = str(crowd.explain("Sergei Anatolyevich Zdrilyuk", ZDRILIUK))
    assert "'sergei' ~ 'serhii': same given name (Russian/Ukrainian forms)" in text
    assert "'anatolyevich' ~ 'anatoliyovych': patronymics of the same father's name (Russian/Ukrainian forms)" in text


@pytest.mark.parametrize(("query", "listed"), [
    ("Sergei Anatolyevich Petrenko", ZDRILIUK),  # another family, the same given name and patronymic
    ("KOVAL, Oleksandra Petrivna", "KOVAL, Aleksandr Petrovich"),  # a woman's name, a man's
    ("VIRA, Juan", "VERA, Juan"),  # family names are never grouped
    ("Sergei Ivanovich Kozlov", "KOZLOV, Serhii Mykolaiovych"),  # another father
])
def test_other_people_stay_apart(crowd: Matcher, query: str, listed: str) -> None:
    assert crowd.score(query, listed) < DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("a", "b"), [
    ("sergei", "serhii"), ("sergey", "siarhei"), ("vladimir", "volodymyr"), ("vladimir", "uladzimir"),
    ("aleksandr", "oleksandr"), ("alexander", "aliaksandr"), ("yevgeny", "yevhen"), ("evgenii", "yauhen"),
    ("dmitry", "dmytro"), ("dzmitry", "dmitriy"), ("mikhail", "mykhailo"), ("andrei", "andrii"),
    ("aleksei", "oleksii"), ("nikolai", "mykola"), ("mikalai", "nikolay"), ("pavel", "pavlo"), ("petr", "piatro"),
    ("grigory", "hryhorii"), ("ryhor", "grigoriy"), ("georgy", "heorhii"), ("elizaveta", "yelyzaveta"),
    ("olga", "volha"), ("tatyana", "tetiana"), ("tatsiana", "tatiana"), ("natalya", "natallia"),
    ("yelena", "olena"),
    # patronymics of one father's name, one sex
    ("anatolyevich", "anatoliyovych"), ("anatolevich", "anatoliiovych"), ("sergeyevich", "serhiiovych"),
    ("sergeevich", "siarheevich"), ("sergeyevna", "serhiivna"), ("siarheeuna", "sergeevna"),
    ("mykolaiovych", "nikolaevich"), ("dmytrovych", "dmitrievich"), ("vladimirovich", "uladzimiravich"),
    ("ivanovich", "ivanovych"),
])
def test_forms_of_one_name(a: str, b: str) -> None:
    assert same_name(a, b) and same_name(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("aleksandr", "aleksandra"), ("oleksandr", "oleksandra"), ("yevgeny", "yevgeniya"),  # another sex
    ("aleksandrovich", "aleksandrovna"), ("sergeevich", "serhiivna"),
    ("yuri", "georgy"), ("yegor", "georgy"), ("ivan", "ivana"),  # other names
    ("sergei", "sergeevich"),  # a given name is no patronymic
    ("abramovich", "abramovych"),  # no given name of the table
    ("ivanov", "ivanova"), ("petrov", "petro"),  # family names
])
def test_other_names(a: str, b: str) -> None:
    assert not same_name(a, b)


def test_every_form_is_of_one_group_and_no_patronymic_is_a_given_name() -> None:
    # (the module checks on import that no key is in two groups)
    for sex, *forms in GIVEN_NAMES:
        assert sex in ("m", "f")
        keys = {romanisation_key(w) for words in forms for w in words.split()}
        assert len({given_name(k) for k in keys}) == 1
        assert not any(patronymic(k) for k in keys)


@pytest.mark.parametrize(("query", "listed"), [
    ("Elena Arhipova", "ARSHINOVA, Alena Igorevna"),
    ("Oleksandr Yarosh", "YAROSHUK, Alexander Georgievich"),
])
def test_another_form_needs_the_family_name_met_as_written_or_romanised(query: str, listed: str) -> None:
    # A family name only alike (two slips, a longer name) and a given name only in another
    # language's form: two lenient readings, another person (generated ru_RU / uk_UA names).
    m = Matcher([Candidate(listed, [listed], kind="person")])
    assert m.score(query, listed) < DEFAULT_MIN_SCORE
    assert "same given name" not in str(m.explain(query, listed))


@pytest.mark.parametrize(("query", "listed"), [
    ("KOVAL, Aleksandra", "KOVAL, Aleksandr"),
    ("Viktoriya Ivanova", "IVANOV, Viktor"),
    ("Yevgenia Ivanova", "IVANOV, Yevgeny"),
    ("Sergei Ivanovna Kozlov", "KOZLOV, Sergei Ivanovich"),
])
def test_a_womans_given_name_or_patronymic_is_not_a_mans(query: str, listed: str) -> None:
    # One letter apart as written ("Aleksandra" / "Aleksandr" 0.9), but two people.
    m = Matcher([Candidate(listed, [listed], kind="person")])
    assert m.score(query, listed) < DEFAULT_MIN_SCORE
    assert "a woman's given name or patronymic and a man's" in str(m.explain(query, listed))
