"""Chinese script handling: traditional → simplified, legal forms, pinyin."""

from __future__ import annotations

import pytest

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher
from partyscreen.matching.scripts import PINYIN_FORMS, english_pinyin_forms, prepare_han, to_pinyin, to_simplified


def test_traditional_to_simplified() -> None:
    assert to_simplified("華為技術") == "华为技术"


def test_legal_forms_and_generic_affixes_stripped() -> None:
    han = prepare_han("中国航天科技集团有限公司")
    assert han is not None
    assert han.core == "中国航天科技"
    assert han.legal == ("llc",)
    assert han.generic == ("集团",)


def test_japanese_legal_form_at_the_start() -> None:
    han = prepare_han("株式会社東芝")
    assert han is not None and han.core == "东芝" and han.legal == ("jsc/llc",)


def test_pinyin_without_tones() -> None:
    han = prepare_han("华为技术有限公司")
    assert han is not None and han.pinyin == "huaweijishu"


def test_a_legal_form_alone_leaves_no_core() -> None:
    # Issue 12: 株式会社ABC met KGM株式会社 at 100 on the legal form alone.
    han = prepare_han("有限公司")
    assert han is not None and han.core == "" and han.legal == ("llc",)


def test_japanese_names_get_no_pinyin() -> None:
    han = prepare_han("日油株式会社")
    assert han is not None and han.japanese and han.core == "日油" and han.pinyin == ""


def test_no_han() -> None:
    assert prepare_han("Huawei") is None


def test_pinyin_forms_are_the_han_forms_pinyin() -> None:
    assert all(to_pinyin(form) == syllables for form, syllables, _ in PINYIN_FORMS)


@pytest.mark.parametrize("text, english", [
    ("sourcemap gong si", "sourcemap company"),
    ("huawei jishu youxian gongsi", "huawei jishu co ltd"),
    ("li da ji tuan kong gu gu fen you xian gong si", "li da group holding co ltd"),
    ("subaru zhushi huishe", "subaru kabushiki kaisha"),
    ("gong si", "gong si"),              # a form alone is no name
    ("hongsi trading", "hongsi trading"),
])
def test_pinyin_legal_forms_in_a_latin_name_read_in_english(text: str, english: str) -> None:
    assert english_pinyin_forms(text) == english


def test_a_latin_name_with_its_legal_form_in_pinyin_meets_the_listed_name() -> None:
    matcher = Matcher([Candidate("s", ["Sourcemap, Inc."], kind="organization"),
                       Candidate("b", ["SUBARU Corporation"], kind="organization"),
                       Candidate("x", ["Youxian Trading Ltd"], kind="organization")])
    assert matcher.match("Sourcemap Youxian Gongsi")[0].candidate_id == "s"
    assert matcher.match("Sourcemap Gong Si")[0].score >= DEFAULT_MIN_SCORE
    assert matcher.match("Subaru Zhushi Huishe")[0].candidate_id == "b"
