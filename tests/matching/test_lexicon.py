"""Organisation words of other languages read as their English translation (lexicon.py)."""

from __future__ import annotations

import pytest

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher
from partyscreen.matching.lexicon import translate_word
from partyscreen.matching.normalize import prepare_name


@pytest.mark.parametrize(("word", "english"), [
    ("tekhnologii", "technologies"), ("tehnologii", "technologies"),  # romanisation variants
    ("upravlyayushchaya", "managing"), ("kompaniya", "company"), ("nedvizhimost", "real estate"),
    ("технологии", "technologies"),  # Cyrillic
    ("elettronika", "electronics"), ("gpupp", "group"),  # one typo in a long stem
])
def test_words_translate(word: str, english: str) -> None:
    assert translate_word(word) == english


@pytest.mark.parametrize("word", ["rossi", "ivanov", "navis", "petrov", "moran", "kargoshaee"])
def test_names_do_not_translate(word: str) -> None:
    assert translate_word(word) is None


@pytest.mark.parametrize(("query", "listed"), [
    ("VTB NEDVIZHIMOST, OOO", "VTB REAL ESTATE LIMITED LIABILITY COMPANY"),
    ("OOO TEKHNOLOGII SISTEMY I KOMPLEKSY", "TECHNOLOGIES SYSTEMS AND COMPLEXES LIMITED"),
    ("JOINT STOCK COMPANY RUSSIAN HELICOPTERS", "VERTOLETY ROSSII AO"),
    ("SOVCOMBANK INSURANCE JSC", "AKTSIONERNOE OBSHCHESTVO SOVKOMBANK STRAKHOVANIE"),
    ("ООО «Технологии Системы и Комплексы»", "TECHNOLOGIES SYSTEMS AND COMPLEXES LIMITED"),
    ("WUHAN SANJIANG IMP. & EXP. CO. LTD.", "WUHAN SANJIANG IMPORT AND EXPORT CO. LTD"),
])
def test_a_translated_name_meets_its_english_name(query: str, listed: str) -> None:
    matcher = Matcher([Candidate("c", [listed], kind="organization")])
    assert matcher.score(query, listed) >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("AKTSIONERNOE OBSHCHESTVO NAVIS ELETTRONIKA", "AKTSIONERNOE OBSHCHESTVO NAVIS ELEKTRONIKA"),
    ("LIMITED LIABILITY COMPANY LIS GPUPP", "LIMITED LIABILITY COMPANY LIS GRUPP"),
])
def test_a_typo_in_a_translated_word_still_matches(query: str, listed: str) -> None:
    assert Matcher([]).score(query, listed) >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("Almaz Zavod", "Almaz Bank"),  # the sector word differs: the translation does not make it equal
    ("Rossii Bank", "Russian Standard Bank"),  # a place and a sector word are not a name
    ("OOO Tekhnologii Sistemy Almaz", "Technologies Systems Granit LLC"),  # only the sector words agree
])
def test_a_translated_sector_word_never_carries_a_match(query: str, listed: str) -> None:
    assert Matcher([]).score(query, listed) < DEFAULT_MIN_SCORE


def test_a_personal_name_is_not_translated() -> None:
    assert [t.text for t in prepare_name("Mario Rossi").tokens] == ["mario", "rossi"]
    assert [t.text for t in prepare_name("Zavod, Ivan", kind="person").tokens] == ["zavod", "ivan"]


def test_a_legal_form_is_read_before_translation() -> None:
    name = prepare_name("AKTSIONERNOE OBSHCHESTVO SOVKOMBANK STRAKHOVANIE")
    assert name.legal == frozenset({"jsc"}) and [t.text for t in name.core] == ["sovkombank", "insurance"]


@pytest.mark.parametrize(("spelt", "legal"), [
    ("SLAVKALI OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTIYU", {"llc"}),  # a spelling rigour lacks
    ("ZAKRYTAYE AKTSYYANERNAYE TAVARYSTVA NOVAYA NAFTAVAYA KAMPANIYA", {"jsc"}),  # Belarusian
    ("ADKRYTAE AKTSYIANERNAE TAVARYSTVA BELAZ", {"jsc"}),
])
def test_spelt_slavic_legal_forms_are_legal_forms(spelt: str, legal: set[str]) -> None:
    name = prepare_name(spelt)
    assert name.legal == frozenset(legal)
    assert not {"obshchestvo", "tavarystva", "aktsyyanernaye"} & {t.text for t in name.core}


def test_foreign_llc_spelt_in_russian_meets_the_english() -> None:
    query = "SLAVKALI INOSTRANNOE OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTIYU"
    listed = "FOREIGN LIMITED LIABILITY COMPANY SLAVKALI"
    assert Matcher([]).score(query, listed) >= DEFAULT_MIN_SCORE


def test_an_adjective_suffix_is_an_inflection() -> None:
    assert translate_word("sudostroitelny") == "shipbuilding"
    assert translate_word("lizingovaya") == "leasing"


def test_a_name_of_unknown_kind_is_read_as_a_listed_organisation_is() -> None:
    """The listed company's "Gruppe" reads "group"; the screened name of unknown kind, one
    lexicon word and no legal form, is read so too when compared with it: both spellings of one
    name score the same."""
    matcher = Matcher([Candidate("c", ["SCHWARZ GRUPPE"], kind="organization")])
    assert matcher.score("Schwarz Gruppe", "SCHWARZ GRUPPE") == 100
    assert matcher.score("Schwarz Group", "SCHWARZ GRUPPE") == 100
    # A listed party of unknown kind is read as written on both sides: its own name still meets it.
    unknown = Matcher([Candidate("u", ["NII KVANT"], kind="unknown"), Candidate("v", ["SCHWARZ GRUPPE"], kind="unknown")])
    assert unknown.score("NII Kvant", "NII KVANT") == 100
    assert unknown.score("Schwarz Gruppe", "SCHWARZ GRUPPE") == 100
    # Only a lexicon word as written makes the reading: a name read so only fuzzily is a person's
    # as often ("Karlo" is one edit from "kargo", cargo).
    cargo = Matcher([Candidate("c", ["MODRIC CARGO"], kind="organization")])
    assert cargo.score("Karlo Modric", "MODRIC CARGO") < DEFAULT_MIN_SCORE
    # A family name is no lexicon stem: "Strakhov" is not "strakhovoy", insurance.
    insurance = Matcher([Candidate("i", ["IVAN INSURANCE"], kind="organization")])
    assert insurance.score("Strakhov Ivan", "IVAN INSURANCE") < DEFAULT_MIN_SCORE
    # A person's name is never read as an organisation's: the listed person's name stays as written.
    person = Matcher([Candidate("p", ["GRUPPE, Hans"], kind="person")])
    assert person.score("Hans Gruppe", "GRUPPE, Hans") == 100
