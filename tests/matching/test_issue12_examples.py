"""Issue 12's examples, each answered right: legal forms, persons, siblings, branches, short
forms, typos, transliteration. Candidates are the bundled lists' entries as listed (names copied
from lists/*.csv) and SDN-style persons."""

from __future__ import annotations

import pytest

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher


@pytest.fixture(scope="module")
def listed() -> Matcher:
    """Entries copied from the bundled China lists, plus SDN-style persons (FAMILY, Given)."""
    orgs = [
        ("ihi-power", ["IHI Power Systems Co., Ltd.", "IHI原动机株式会社"]),
        ("ihi-metal", ["IHI Master Metal Co., Ltd.", "IHI主要金属株式会社"]),
        ("ihi-jet", ["IHI Jet Service Co., Ltd.", "IHI喷气机服务株式会社"]),
        ("ihi-aero", ["IHI Aerospace Co., Ltd.", "IHI宇航株式会社"]),
        ("ihi-aero-mfg", ["IHI Aero Manufacturing Co., Ltd.", "IHI航空制造株式会社"]),
        ("ihi-aero-eng", ["IHI Aerospace Engineering Co., Ltd.", "IHI宇航工程株式会社"]),
        ("jaxa", ["Japan Aerospace Exploration Agency", "JAXA", "日本宇宙航空研究开发机构"]),
        ("hensoldt", ["HENSOLDT AG", "亨索尔特公司"]),
        ("rheinmetall", ["Rheinmetall AG", "莱茵金属公司"]),
        ("subaru", ["SUBARU Corporation", "斯巴鲁株式会社"]),
        ("nof", ["NOF Corporation", "日油株式会社"]),
        ("gd", ["General Dynamics", "通用动力公司"]),
        ("lm", ["Lockheed Martin Corporation", "洛克希德·马丁公司"]),
        ("kgm", ["KGM株式会社"]),
        ("tdk", ["TDK株式会社"]),
        ("aspp", ["ASPP株式会社"]),
        ("cetc", ["China Electronics Technology Group Corporation (CETC)"]),
        ("kret", ["Joint Stock Company «Concern Radio-Electronic Technologies» (JSC KRET)"]),
        ("uac", ["United Aircraft Corporation"]),
    ]
    persons = [
        ("yang-jianping", "YANG, Jianping"), ("yang-qi", "YANG, Qi"), ("wei-sia-kang", "WEI, Sia-Kang"),
        ("lopez", "LOPEZ, Juan Carlos"), ("kim", "KIM, Jong Un"), ("putin", "PUTIN, Vladimir Vladimirovich"),
        ("khizhnyak", "KHIZHNYAK, Yuriy Ivanovich"), ("pao-hua-chiang", "PAO, Hua Chiang"),
    ]
    cands = [Candidate(i, names, kind="organization") for i, names in orgs]
    cands += [Candidate(i, [name], kind="person") for i, name in persons]
    return Matcher(cands)


def _hits(matcher: Matcher, name: str) -> dict[str, float]:
    return {m.candidate_id: m.score for m in matcher.match(name, limit=20)}


@pytest.mark.parametrize("query", ["株式会社ABC", "ABC株式会社", "有限公司", "合同会社XYZ", "XYZ Kabushiki Kaisha"])
def test_a_legal_form_never_carries_a_match(listed: Matcher, query: str) -> None:
    assert not {"kgm", "tdk", "aspp", "subaru", "nof"} & set(_hits(listed, query))


def test_romanised_japanese_legal_form(listed: Matcher) -> None:
    assert _hits(listed, "Subaru Kabushiki Kaisha").get("subaru", 0) >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "wrong"), [
    ("王建平", "yang-jianping"),  # another family name through pinyin
    ("Qi Fang", "yang-qi"),  # Fang/Yang are different syllables
    ("Wang Wei", "wei-sia-kang"),  # "Sia" is a given name, not a Latvian legal form
    ("Lopez", "lopez"),  # a single name word is never a hit
    ("Kim", "kim"),
])
def test_person_false_alerts(listed: Matcher, query: str, wrong: str) -> None:
    assert wrong not in _hits(listed, query)


@pytest.mark.parametrize(("query", "wrong"), [
    ("Jianping Wang", "yang-jianping"),  # the given name alone, another family name
    ("Kim Min-jun", "kim"),  # a shared common surname, another given name
    ("Min-jun Kim", "kim"),
    ("Maria Lopez", "lopez"),
    ("Qi Yang", "yang-jianping"),
])
def test_a_shared_common_surname_is_worth_little(listed: Matcher, query: str, wrong: str) -> None:
    assert listed.score(query, next(c.names[0] for c in listed.candidates if c.id == wrong)) < 30


@pytest.mark.parametrize(("query", "right"), [
    ("Kim Jong-un", "kim"),  # the full name, family name first or last, is a hit to review
    ("Jong Un Kim", "kim"),
    ("Juan Carlos Lopez", "lopez"),
    ("Jianping Yang", "yang-jianping"),  # given name first
    ("杨建平", "yang-jianping"),  # the same name in Han characters
    ("Vladimir Putin", "putin"),  # patronymic left out
    ("Юрий Хижняк", "khizhnyak"),  # Cyrillic against BGN/PCGN with kh / yu / -iy
    ("Iurii Hizhniak", "khizhnyak"),  # another romanisation
    ("PAO, Hua Chyang", "pao-hua-chiang"),  # "PAO" before the comma is a family name, not ПАО
])
def test_person_matches(listed: Matcher, query: str, right: str) -> None:
    assert _hits(listed, query).get(right, 0) >= DEFAULT_MIN_SCORE


def test_parent_does_not_hit_its_subsidiaries(listed: Matcher) -> None:
    assert not {k for k in _hits(listed, "IHI Corporation") if k.startswith("ihi")}


def test_japanese_name_is_not_read_as_pinyin(listed: Matcher) -> None:
    assert "nof" not in _hits(listed, "Riou SA")
    assert _hits(listed, "日油株式会社").get("nof", 0) == 100


@pytest.mark.parametrize(("query", "parent"), [
    ("General Dynamics Co., Ltd. (Shenzhen branch)", "gd"),
    ("Lockheed Martin Corporation - Asia Pacific Sales Office", "lm"),
    ("Rheinmetall AG Zweigniederlassung Düsseldorf", "rheinmetall"),
    ("Rheinmetall AG succursale de Paris", "rheinmetall"),
    ("Sucursal de Rheinmetall AG en España", "rheinmetall"),
    ("Representative Office of Lockheed Martin Corporation in Beijing", "lm"),
    ("通用动力公司北京办事处", "gd"),
    ("通用动力公司上海分公司", "gd"),
])
def test_branch_reads_as_its_parent(listed: Matcher, query: str, parent: str) -> None:
    matches = {m.candidate_id: m for m in listed.match(query)}
    assert parent in matches and matches[parent].score >= DEFAULT_MIN_SCORE
    text = str(matches[parent].explanation)
    assert "branch or office" in text and "mofcom-61" in text
    assert matches[parent].explanation.query_name == query


def test_office_inside_a_name_is_not_branch_wording(listed: Matcher) -> None:
    from partyscreen.matching.forms import name_forms

    assert name_forms("Office of Foreign Assets Control") == []
    assert name_forms("Lockheed Martin Corporation") == []


def test_name_with_its_short_form(listed: Matcher) -> None:
    assert _hits(listed, "Japan Aerospace Exploration Agency (JAXA)").get("jaxa", 0) == 100
    assert _hits(listed, "JAXA").get("jaxa", 0) == 100
    # A listed "Full Name (SHORT)" is found by either part.
    assert _hits(listed, "CETC").get("cetc", 0) == 100
    assert _hits(listed, "China Electronics Technology Group Corporation").get("cetc", 0) == 100
    assert _hits(listed, "JSC KRET").get("kret", 0) == 100


def test_acronym_against_full_name() -> None:
    matcher = Matcher([Candidate("uac", ["United Aircraft Corporation"], kind="organization"),
                       Candidate("irgc", ["Islamic Revolutionary Guard Corps"], kind="organization"),
                       Candidate("kemp", ["KIZLYAR ELECTRO-MECHANICAL PLANT"], kind="organization")])
    # An acronym spelling a listed name is a hit to review, surer the longer it is, never exact.
    assert DEFAULT_MIN_SCORE <= _hits(matcher, "UAC").get("uac", 0) < _hits(matcher, "IRGC").get("irgc", 0) < 100
    assert "acronym" in str(matcher.explain("IRGC", "Islamic Revolutionary Guard Corps"))
    # Only a word written in capitals reads as an acronym: "Kemp LLC" is a surname's company.
    assert "kemp" in _hits(matcher, "KEMP")
    assert "kemp" not in _hits(matcher, "Kemp LLC")


def test_different_legal_form_of_the_same_name_is_a_likely_hit(listed: Matcher) -> None:
    match = {m.candidate_id: m for m in listed.match("HENSOLDT GmbH")}["hensoldt"]
    assert DEFAULT_MIN_SCORE <= match.score < 100
    assert "different legal forms" in str(match.explanation)


@pytest.mark.parametrize(("query", "candidate"), [
    ("Powlymedics LLC", "POLYMEDICS LLC"),  # one insertion
    ("CAI, Ddfegn", "CAI, Dafeng"),  # two edits in a six-letter word
    ("Rosoboronexport", "ROSOBORONEKSPORT"),  # two edits in a long word
    ("Tayota Motor Corporation", "Toyota Motor Corporation"),
    ("Bahar Swokra Shipping", "Bahar Sokhra Shipping"),  # two typos, the other words corroborate
    ("Pouya Timn Kish Co.", "Pouya Tamin Kish Company"),  # two typos in a short word, the rest the same
    ("Sencora, Inc.", "Cencora, Inc."),  # a first letter respelt (c / s)
])
def test_typos_in_a_distinctive_word(query: str, candidate: str) -> None:
    matcher = Matcher([Candidate("c", [candidate])])
    assert _hits(matcher, query).get("c", 0) >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "candidate"), [
    ("Huawei Device", "Huawei Technologies"),  # sibling
    ("Zhang Qian", "ZHANG, Jian"),  # one letter, another syllable
    ("Fokin Ltd", "Tokin Corporation"),  # a different first letter
    ("Melli Bank PLC", "Bank Mellat"),  # two typos changing a word's ending: another word
    ("Morvan", "MOKRAN LLC"),  # two typos in a name's only word: nothing corroborates them
    ("Zhang Feng", "FENG SHENG CO., LTD."),  # two typos including the first letter
    ("Jensen", "HANSEN, Peter"),  # personal names two letters apart are two names
    ("L & H Sweden, AB", "L & H Mendez Sweden, AB"),  # "AB" is a legal form: "Mendez" another company
])
def test_near_misses_stay_below_the_threshold(query: str, candidate: str) -> None:
    assert Matcher([]).score(query, candidate) < DEFAULT_MIN_SCORE


@pytest.fixture(scope="module")
def persons() -> Matcher:
    """SDN-style persons, "FAMILY, Given" (Hispanic double family names, syllable given names)."""
    names = ["CAZAREZ SALAZAR, Victor Emilio", "TORRES MARTINEZ, Camilo", "PEREZ ALVEAR, Jesus", "ZHAO, Dong Dong",
             "SUN, Shih Mei", "KIM, Yong Chol", "CONTRERAS, Luis C.", "SMITH, John", "DE LIMA SALAS, David Eugenio"]
    return Matcher([Candidate(f"p{i}", [n], kind="person") for i, n in enumerate(names)])


@pytest.mark.parametrize(("query", "wrong"), [
    ("Emilio Salazar", "p0"),  # only the second family name and the second given name
    ("Alvaro Perez", "p2"),  # both words meet family names ("Alvear"): no given name matched
    ("Zhao Dong", "p3"),  # a given name of two syllables is not one of them
    ("Mei Sun", "p4"),  # Wade-Giles syllables too: "Shih Mei" is one given name
    ("Conchita Contreras", "p6"),  # the initial "C." does not stand in for the unmatched "Luis"
])
def test_person_rules_keep_generated_names_off_listed_persons(persons: Matcher, query: str, wrong: str) -> None:
    assert wrong not in _hits(persons, query)


@pytest.mark.parametrize(("query", "right"), [
    ("Camilo Torres", "p1"),  # the first family name and the given name: a hit to review
    ("KIM, Young-Cheol", "p5"),  # the same syllables romanised otherwise
    ("J. Smith", "p7"),  # an initial where the list has no other given name matched against it
    ("Camilo Torres Martinez", "p1"),
])
def test_person_rules_keep_real_variants(persons: Matcher, query: str, right: str) -> None:
    assert _hits(persons, query).get(right, 0) >= DEFAULT_MIN_SCORE


def test_bracketed_qualifiers_are_dropped_from_the_query_only() -> None:
    matcher = Matcher([Candidate("sg", ["Bank of China (Singapore) Limited"], kind="organization"),
                       Candidate("db", ["Deutsche Bank AG"], kind="organization")])
    # A sister company in another place is not the listed one ...
    assert "sg" not in _hits(matcher, "Bank of China (Hong Kong) Limited")
    # ... while a qualified name still meets its unqualified listed namesake, and says how.
    match = matcher.match("Deutsche Bank (Schweiz) AG")[0]
    assert match.candidate_id == "db" and match.score >= DEFAULT_MIN_SCORE
    assert "qualifier" in str(match.explanation)


def test_a_published_one_word_short_form_meets_the_name_it_opens() -> None:
    matcher = Matcher([Candidate("g", ["GARANTEX EUROPE OU"], kind="organization"),
                       Candidate("s", ["SEPANIR OIL AND GAS ENGINEERING COMPANY"], kind="organization"),
                       Candidate("a", ["ALGORITM TOCHNOSTI"], kind="organization")])
    for query, right in (("GARANTEX", "g"), ("SEPANIR", "s")):
        match = matcher.match(query)[0]
        assert match.candidate_id == right and DEFAULT_MIN_SCORE <= match.score < 100
        assert match.explanation.method == "short_form"
    # Not in capitals (a word of a sentence or a surname), or with a legal form (a company's full
    # name): no short form.
    assert not matcher.match("Garantex")
    assert "a" not in _hits(matcher, "ALGORITM LLC")


@pytest.mark.parametrize(("query", "listed"), [
    ("NAGHDI, Mohammad Reza", "NAQDI, Mohammad Reza"),  # Persian gh / q
    ("QUDSIAH, Abdulfatah", "QUDSIYAH, Abdul Fatah"),  # a name written together / apart
    ("MORADI, Ali Reza", "MORADI, Alireza"),
    ("YAHYAZADEH, Hamid Reza", "YAHYA ZADEH, Hamidreza"),  # a family name written together
    ("KOURMPANOV, Nourmourad", "KURBANOV, Nurmurad"),  # ou / u and a typo in a long word
    ("FRADKOV, Petr Mikhailovich", "FRADKOV, Pyotr Mikhailovich"),  # Russian ё as "e" / "yo"
    ("ELMAGHRABY, Haytham Ahmed Shukri Ahmad", "AL-MAGHRABI, Haytham Ahmad Shukri Ahmad"),
])
def test_arabic_and_persian_romanisations_meet(query: str, listed: str) -> None:
    matcher = Matcher([Candidate("p", [listed], kind="person")])
    assert _hits(matcher, query).get("p", 0) >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("Martins", "MARTYRS"),  # a respelling and an edit in a short word: another name
    ("Stholtz", "Scholl"),
])
def test_respelt_short_words_stay_apart(query: str, listed: str) -> None:
    assert Matcher([]).score(query, listed) < DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("Kozar S.A.", "KOSAR COMPANY"),  # one edit in a short word, the rest of the names differs
    ("Baker Ltd", "BAJER S.R.L."),  # legal forms of one class written otherwise, not a sound-alike
    ("Carson Ltd", "LIMITED LIABILITY COMPANY CARBON"),
    ("Rivera LLC", "LA RIVIERA"),  # a word left over
    ("Koch", "KOACH"),  # a four-letter word and nothing else to corroborate it
    ("Gros SARL", "LIMITED LIABILITY COMPANY GROSS"),  # a short word, forms alike only in class
    ("Textor", "TextOre"),  # the names are that word alone: nothing corroborates it (84.2 before)
    ("Textor GmbH", "TextOre"),
    ("Appel", "Apple"),  # even a sound-alike
])
def test_a_lone_typo_of_a_short_word_needs_corroboration(query: str, listed: str) -> None:
    matcher = Matcher([Candidate("c", [listed], kind="organization")])
    assert "c" not in _hits(matcher, query)


@pytest.mark.parametrize("country", [None, "DE"])
def test_a_lone_word_a_letter_away_is_no_hit_in_match_or_screen(country: str | None) -> None:
    """``match`` and screening with a country agree: below the threshold either way."""
    matcher = Matcher([Candidate("textore", ["TextOre"], kind="organization", country="US")])
    assert {m.candidate_id: m.score for m in matcher.match("Textor", min_score=1, country=country)}["textore"] <= 70
    assert "another name as often as a typo" in str(matcher.explain("Textor", "TextOre"))


def test_the_lone_typo_cap_is_explained() -> None:
    explanation = Matcher([]).explain("Baker Ltd", "BAJER S.R.L.")
    assert explanation.name_score >= DEFAULT_MIN_SCORE  # the word alone would reach the threshold ...
    assert "another name as often as a typo" in str(explanation)  # ... the cap says why it does not


@pytest.mark.parametrize(("query", "listed"), [
    ("Appel Inc.", "Apple Inc."),  # the legal forms written the same
    ("BAJR S.R.L.", "BAJER S.R.L."),  # the rest written the same
    ("Gll Group", "Gill Group"),  # a short word, another word the same
    ("ZULEHKA GENERAL TRADING LLC", "ZULEKHA GENERAL TRADING LLC"),
    ("OAO Gazprom", "Gasprom JSC"),  # one legal class written otherwise, and a sound-alike
    ("Tayota Motor Corporation", "Toyota Motor Corporation"),  # another distinctive word the same
    ("Powlymedics", "POLYMEDICS LLC"),  # one edit in a long word
])
def test_a_corroborated_typo_still_matches(query: str, listed: str) -> None:
    matcher = Matcher([Candidate("c", [listed], kind="organization")])
    assert _hits(matcher, query).get("c", 0) >= DEFAULT_MIN_SCORE


def test_a_full_name_spelling_a_listed_short_name_is_not_a_hit_on_its_own() -> None:
    matcher = Matcher([Candidate("dml", ["DML"], kind="organization"),
                       Candidate("uac", ["United Aircraft Corporation"], kind="organization")])
    # A customer's initials spell a listed short name by chance: shown below the threshold only.
    assert "dml" not in _hits(matcher, "Dionisio Mínguez Lerma S.A.")
    assert "dml" in {m.candidate_id for m in matcher.match("Dionisio Mínguez Lerma S.A.", min_score=60)}
    assert "words are unconfirmed" in str(matcher.explain("Digital Media Lab", "DML"))
    # The acronym screened against the listed full name stays a hit to review.
    assert _hits(matcher, "UAC").get("uac", 0) >= DEFAULT_MIN_SCORE


def test_a_person_cap_keeps_the_order_of_the_names_underneath() -> None:
    matcher = Matcher([Candidate("v", ["PUTIN, Vladimir"], kind="person"),
                       Candidate("m", ["PUTINA, Maria"], kind="person")])
    # A single name word is never a hit, but the listed name it spells ranks above a near one.
    exact, near = matcher.score("PUTIN", "PUTIN, Vladimir"), matcher.score("PUTIN", "PUTINA, Maria")
    assert near < exact <= 60 < DEFAULT_MIN_SCORE
    assert "(at most 60)" in str(matcher.explain("PUTIN", "PUTIN, Vladimir"))


@pytest.mark.parametrize(("query", "listed_id"), [
    ("スバル株式会社", "subaru"),  # katakana brand, legal form in kanji
    ("ティーディーケイ株式会社", "tdk"),  # katakana spelling of the Latin letters T, D, K
    ("株式会社IHIエアロスペース", "ihi-aero"),  # Latin initials + katakana loanword
    ("すばる", "subaru"),  # hiragana
])
def test_katakana_names_meet_the_listed_latin_name(listed: Matcher, query: str, listed_id: str) -> None:
    assert _hits(listed, query).get(listed_id, 0) >= DEFAULT_MIN_SCORE


def test_katakana_subsidiary_name_is_read_whole(listed: Matcher) -> None:
    hits = _hits(listed, "株式会社IHIエアロスペース")
    # IHI Aerospace, not its sibling IHI Aerospace Engineering, is the name.
    assert hits.get("ihi-aero-eng", 0) < hits["ihi-aero"]


@pytest.mark.parametrize("query", ["株式会社エンジニアリング", "エンジン株式会社", "株式会社エアロスペース"])
def test_a_katakana_sector_word_or_legal_form_never_carries_a_match(listed: Matcher, query: str) -> None:
    # A sector loanword (エアロスペース = aerospace) or the legal form is not the listed name.
    assert not {"ihi-aero", "ihi-aero-eng", "jaxa", "kgm", "tdk", "aspp"} & set(_hits(listed, query))


def test_a_kanji_japanese_name_is_not_read_as_pinyin_after_kana_support(listed: Matcher) -> None:
    assert "nof" not in _hits(listed, "Riou SA")
    assert _hits(listed, "日油株式会社").get("nof", 0) >= DEFAULT_MIN_SCORE
