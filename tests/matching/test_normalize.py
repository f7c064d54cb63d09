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
