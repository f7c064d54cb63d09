"""Normalisation: the stable comparison form stored in entity_name.normalized."""

from __future__ import annotations

from partyscreen.matching import normalize_name, prepare_name
from partyscreen.matching.normalize import LEGAL


def test_abbreviations_share_a_comparison_form() -> None:
    assert normalize_name("Lockheed Martin Corporation") == normalize_name("LOCKHEED MARTIN CORP")
    assert normalize_name("Acme Co.") == normalize_name("ACME COMPANY")
    assert normalize_name("Acme Intl") == normalize_name("Acme International")
    assert normalize_name("Acme Tech") == normalize_name("Acme Technologies")


def test_legal_forms_become_marked_classes() -> None:
    assert normalize_name("Siemens Aktiengesellschaft") == normalize_name("Siemens AG") == "siemens <jsc>"
    assert normalize_name("Huawei Technologies Co., Ltd.") == "huawei tech <llc>"
    tokens = prepare_name("ООО Ромашка").tokens
    assert [t.kind for t in tokens] == [LEGAL, "name"]


def test_nfkc_case_and_punctuation() -> None:
    assert normalize_name("ＡＣＭＥ　Ｈｏｌｄｉｎｇｓ") == normalize_name("acme holdings")
    assert normalize_name("A.B.C.  Trading") == normalize_name("abc trading")


def test_cyrillic_and_greek_are_transliterated() -> None:
    assert normalize_name("Владимир Путин") == "vladimir putin"
    assert normalize_name("Αθηνά Παππά").isascii()


def test_chinese_is_simplified_and_legal_forms_stripped() -> None:
    assert normalize_name("華為技術有限公司") == normalize_name("华为技术有限公司") == "华为技术 <llc>"


def test_numbers_spelt_or_written_agree() -> None:
    assert normalize_name("Brigade Forty-Four") == normalize_name("Brigade 44")
    assert normalize_name("Partners VIII") == normalize_name("Partners 8")


def test_roman_lookalike_syllables_stay_names() -> None:
    assert normalize_name("Xi Jinping") == "xi jinping"


def test_empty_name() -> None:
    assert normalize_name("  ,;  ") == ""


def test_trailing_legal_forms_of_the_middle_east_balkans_and_latin_america() -> None:
    """Forms rigour lacks, read as legal forms as the last word of a name of two words or more."""
    for name, bare in (("Ovlas Trading S.A.L.", "Ovlas Trading"), ("Future Bank B.S.C.", "Future Bank"),
                       ("Al Zarooni Trading W.L.L.", "Al Zarooni Trading"), ("Vabo-2005 EOOD", "Vabo-2005"),
                       ("Sambouk Shipping FZC", "Sambouk Shipping"), ("Aviandina S.A.C.", "Aviandina"),
                       ("Saf Tech S.L.", "Saf Tech"), ("Deep Offshore Technology Company, P.J.S.",
                                                      "Deep Offshore Technology Company")):
        tokens = prepare_name(name).tokens
        assert tokens[-1].kind == LEGAL, name
        assert [t.text for t in tokens[:-1]] == [t.text for t in prepare_name(bare).tokens], name


def test_a_trailing_form_word_elsewhere_or_alone_stays_a_name_word() -> None:
    assert [t.kind for t in prepare_name("Sal Trading").tokens][0] == "name"
    assert [t.kind for t in prepare_name("Sal").tokens] == ["name"]
    # A person has no legal form: "Juan Sal" keeps his family name.
    assert [t.text for t in prepare_name("Juan Sal", "person").tokens] == ["juan", "sal"]


def test_pvt_ltd_and_private_limited_are_one_legal_form() -> None:
    assert normalize_name("White Beach Watersports Pvt. Ltd.") == normalize_name("White Beach Watersports Ltd")
    assert normalize_name("Syskon Private Limited") == normalize_name("Syskon Ltd")
    assert normalize_name("Private Bank Ltd") != normalize_name("Bank Ltd")


def test_a_dotted_form_is_a_legal_form_wherever_it_stands() -> None:
    assert sorted(normalize_name("YARA S.A.L. OFFSHORE COMPANY").split()) == sorted(
        normalize_name("Yara Offshore Company SAL").split())
    assert [t.kind for t in prepare_name("YARA S.A.L. OFFSHORE COMPANY").tokens][1] == LEGAL
    # Undotted inside a name it stays a word: "Sal" of "Sal Offshore".
    assert "sal" in normalize_name("Yara Sal Offshore")


def test_an_ambiguous_form_word_after_one_word_stays_a_word() -> None:
    """"Too", "Sal", "Sae" … after a single word are as often a person's name or a company's
    word ("Tan Too", "Emma Sal"): a legal form only when dotted or after two words or more."""
    for name in ("Tan Too", "Emma Sal", "Kala Sae", "Htoo Too"):
        assert all(t.kind != LEGAL for t in prepare_name(name).tokens), name
    assert prepare_name("Tan S.A.E.").tokens[-1].kind == LEGAL
    assert prepare_name("Chams Exchange SAL").tokens[-1].kind == LEGAL
    assert normalize_name("Syskon P Ltd") == normalize_name("Syskon Pvt Ltd") == normalize_name("Syskon Ltd")
