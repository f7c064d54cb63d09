"""Kana romanisation (partyscreen/matching/kana.py): letter names, loanwords, sounds."""

from __future__ import annotations

import pytest

from partyscreen.matching.kana import romanise_kana, romanise_kana_in
from partyscreen.matching.normalize import prepare_name


@pytest.mark.parametrize(("kana", "latin"), [
    ("スバル", "subaru"), ("すばる", "subaru"), ("トヨタ", "toyota"), ("ミツビシ", "mitsubishi"),
    ("ニッポン", "nippon"),  # sokuon doubles the consonant
    ("ソニー", "soni"),  # the long-vowel mark is dropped ("Sony" meets it as a romanisation variant)
    ("オオサカ", "osaka"),  # a doubled vowel is one long vowel
    ("ロボット", "robot"), ("ジェット", "jet"),  # final sokuon cluster: the consonant alone
    ("ファナック", "fanak"), ("ヴィ", "vi"),
])
def test_sounds(kana: str, latin: str) -> None:
    assert romanise_kana(kana) == latin


@pytest.mark.parametrize(("kana", "letters"), [
    ("ティーディーケイ", "tdk"), ("アイエイチアイ", "ihi"), ("エヌ・ティ・ティ", "ntt"), ("エーエスピーピー", "aspp"),
])
def test_letter_names_spell_letters(kana: str, letters: str) -> None:
    assert romanise_kana(kana) == letters


def test_one_letter_name_alone_is_a_word() -> None:
    assert romanise_kana("アイ") == "ai"


@pytest.mark.parametrize(("kana", "english"), [
    ("エアロスペース", "aerospace"), ("エアロスペースエンジニアリング", "aerospace engineering"),
    ("コーポレーション", "corporation"),
])
def test_business_loanwords_are_the_english_word(kana: str, english: str) -> None:
    assert romanise_kana(kana) == english


def test_a_short_loanword_inside_a_brand_is_read_by_sound() -> None:
    assert romanise_kana("コラボ") == "korabo"  # not "ko lab"


def test_kana_runs_are_replaced_in_place() -> None:
    assert romanise_kana_in("株式会社IHIエアロスペース") == "株式会社IHI aerospace "


def test_prepared_japanese_name_words() -> None:
    name = prepare_name("株式会社IHIエアロスペース")
    assert [t.text for t in name.core] == ["ihi", "aerospace"]
    assert name.legal == frozenset({"jsc", "llc"})  # 株式会社 is rendered "Co., Ltd." as often as "Corporation"


def test_kanji_beside_kana_stay_an_unmatched_word() -> None:
    name = prepare_name("三菱重工航空エンジン株式会社")
    assert [t.text for t in name.core] == ["engine", "三菱重工航空"]


def test_a_chinese_name_with_a_middle_dot_is_still_read_as_chinese() -> None:
    name = prepare_name("洛克希德・马丁公司")
    assert name.han is not None and not name.han.japanese and name.han.pinyin == "luokexidemading"
