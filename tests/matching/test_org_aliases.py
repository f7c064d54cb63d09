"""Published aliases of listed organisations (issue 12): the list's own other forms of a name.

Positives are real pairs of an OFAC SDN alias (a.k.a.) and the entry's primary name, written
here by hand; the negatives are sister companies and generic names that must stay below the
threshold.
"""

from __future__ import annotations

import pytest

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher

LISTED = [
    "AL-AQSA FOUNDATION", "IRS LASER TECHNOLOGY LIMITED LIABILITY COMPANY",
    "JOINT STOCK COMPANY BALTIC SHIPBUILDING PLANT YANTAR", "LOS CUINIS", "HUAWEI TECHNOLOGIES CO., LTD.",
    "IHI AEROSPACE CO., LTD.", "BENEVOLENCE INTERNATIONAL FOUNDATION", "DEUTSCHE BANK AG",
    "KHATAM AL-ANBIYA CONSTRUCTION HEADQUARTERS", "ISLAMIC REVOLUTIONARY GUARD CORPS", "WAGNER GROUP",
    "ROSOBORONEXPORT OAO", "AL-HARAMAIN ISLAMIC FOUNDATION", "STAR CAPITAL LIMITED",
    "DARYANAVARD KISH SHIPPING COMPANY", "CONCORD CATERING",
    "SUMITOMO MITSUI BANKING CORPORATION", "SHAHID KARIMI GROUP",
    "STICHTING BENEVOLENCE INTERNATIONAL NEDERLAND", "PUBLIC JOINT STOCK COMPANY ROSBANK", "FORENINGEN AL-AQSA",
    "HARAKAT AL-SABIREEN", "OPEN JOINT STOCK COMPANY TIKHORETSK MACHINE CONSTRUCTION PLANT V.V. VOROVSKY",
    "PETROV TRADING LLC", "ALONDRA PRODUCE, S.P.R. DE R.I.", "INVERSIONES LA PLATA M & M S. EN C.A.",
    "ANSAR-E HEZBOLLAH", "DONGMEI INVESTMENT GROUP CO., LIMITED", "MAHROUS GROUP", "ACMEX TECHNOLOGIES GROUP", "PUBLIC JOINT STOCK COMPANY RESEARCH & PRODUCTION CORPORATION ISTOK NAMED AFTER AI SHOKIN",
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher([Candidate(f"c{i}", [n], kind="organization") for i, n in enumerate(LISTED)])


def _score(matcher: Matcher, query: str, listed: str) -> float:
    return max((h.score for h in matcher.match(query, min_score=1, limit=50) if h.matched_name == listed), default=0.0)


@pytest.mark.parametrize(("query", "listed"), [
    # A non-profit body's legal form (ASBL, VZW, e.V.) for the word "Foundation", and the word
    # "International" added: a body's kind or reach, not another body (score.FREE_EXTRA_SYMBOLS).
    ("AL-AQSA ASBL", "AL-AQSA FOUNDATION"),
    ("AL-AQSA INTERNATIONAL FOUNDATION", "AL-AQSA FOUNDATION"),
    # English words romanised back from Russian (lexicon.SLAVIC_STEMS).
    ("IRS LAZER TEKHNOLODZHI", "IRS LASER TECHNOLOGY LIMITED LIABILITY COMPANY"),
    ("JSC PRIBALTIYSKY SUDOSTROITELNY ZAVOD YANTAR", "JOINT STOCK COMPANY BALTIC SHIPBUILDING PLANT YANTAR"),
    # A coined one-word name followed by what it is (containment: "Organization" is a group word).
    ("LOS CUINIS DRUG TRAFFICKING ORGANIZATION", "LOS CUINIS"),
    # The list's longer form: two proper name words and sector words after them (LONGER_FORM_*).
    ("DARYANAVARD KISH", "DARYANAVARD KISH SHIPPING COMPANY"),
    # Abbreviated kinds of body: "Stg." glued to the next word, Russian "AKB" (lexicon.ABBREVIATIONS).
    ("STG.BENEVOLENCE INTERNATIONAL NEDERLAND", "STICHTING BENEVOLENCE INTERNATIONAL NEDERLAND"),
    ("AKB ROSBANK PAO", "PUBLIC JOINT STOCK COMPANY ROSBANK"),
    # Words of a kind of body in other languages (lexicon.BODY_WORDS).
    ("AL-AQSA E.V.", "FORENINGEN AL-AQSA"),
    ("THE SABIREEN MOVEMENT", "HARAKAT AL-SABIREEN"),
    # Spanish-language legal forms spelt out or spaced (lexicon.HISPANIC_LEGAL_FORMS).
    ("'ALONDRA PRODUCE', SOCIEDAD DE PRODUCCION RURAL DE RESPONSABILIDAD ILIMITADA", "ALONDRA PRODUCE, S.P.R. DE R.I."),
    ("INVERSIONES LA PLATA M Y M", "INVERSIONES LA PLATA M & M S. EN C.A."),
    # A group named by its brand, and by its brand and business (LONGER_FORM_*, GROUP_WORD_SYMBOLS).
    ("DONGMEI GROUP", "DONGMEI INVESTMENT GROUP CO., LIMITED"),
    # "Enterprise" for "Corporation", "nauchno-proizvodstvennoe" for "research & production", a
    # genitive, "imeni" for "named after" and an initial glued by its dot.
    ("AKTSIONERNOE OBSHCHESTVO NAUCHNO-PROIZVODSTVENNOE PREDPRIYATIE ISTOK IMENI A. I.SHOKINA",
     "PUBLIC JOINT STOCK COMPANY RESEARCH & PRODUCTION CORPORATION ISTOK NAMED AFTER AI SHOKIN"),
    # The Persian ezafe hyphenated to a word is a particle (normalize._EZAFE_RE).
    ("ANSAR UL HEZBOLLAH", "ANSAR-E HEZBOLLAH"),
    # Russian inflections of a place adjective and of a genitive (score.INFLECTION_SIMILARITY), and
    # two English renderings of "mashinostroitelny" (lexicon.ENGLISH_VARIANTS).
    ("OTKRYTOE AKTSIONERNOE OBSHCHESTVO TIKHORETSKI MASHINOSTROITELNY ZAVOD IMENI V.V. VOROVSKOGO",
     "OPEN JOINT STOCK COMPANY TIKHORETSK MACHINE CONSTRUCTION PLANT V.V. VOROVSKY"),
])
def test_published_organisation_aliases_meet(matcher: Matcher, query: str, listed: str) -> None:
    assert _score(matcher, query, listed) >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("HUAWEI DEVICE CO., LTD.", "HUAWEI TECHNOLOGIES CO., LTD."),  # sister companies
    ("IHI CORPORATION", "IHI AEROSPACE CO., LTD."),  # the parent of a listed subsidiary
    ("DEUTSCHE BANK TRUST COMPANY", "DEUTSCHE BANK AG"),
    ("STAR INTERNATIONAL LIMITED", "STAR CAPITAL LIMITED"),  # generic names
    ("ABC INTERNATIONAL", "STAR CAPITAL LIMITED"),
    ("WAGNER INTERNATIONAL FOUNDATION", "WAGNER GROUP"),  # a kind of body's word is no free pass
    # Longer forms that are sister companies: a word inserted between the shared words, or a
    # sector word in place of the other name's group word.
    ("SUMITOMO MITSUI TRUST BANK LIMITED", "SUMITOMO MITSUI BANKING CORPORATION"),
    ("SHAHID KARIMI INDUSTRIES", "SHAHID KARIMI GROUP"),
    # A group word on one side only, or a sector word of its own on each side: a member of the group.
    ("MAHROUS TRADING FZE", "MAHROUS GROUP"),
    ("ACMEX DEVICE GROUP", "ACMEX TECHNOLOGIES GROUP"),
    # A trade word after a listed name in the screened name: another business (containment.py).
    ("CONCORD CATERING CONSULTING", "CONCORD CATERING"),
    ("PETROVSKY TRADING LLC", "PETROV TRADING LLC"),  # another surname, not an inflection
])
def test_sisters_and_generic_names_stay_apart(matcher: Matcher, query: str, listed: str) -> None:
    assert _score(matcher, query, listed) < DEFAULT_MIN_SCORE


def test_an_added_international_costs_less_than_a_sector_word(matcher: Matcher) -> None:
    assert _score(matcher, "AL-AQSA INTERNATIONAL FOUNDATION", "AL-AQSA FOUNDATION") > \
        _score(matcher, "AL-AQSA TRADING FOUNDATION", "AL-AQSA FOUNDATION")


def test_the_explanation_names_the_longer_form_rule(matcher: Matcher) -> None:
    expl = matcher.explain("DARYANAVARD KISH", "DARYANAVARD KISH SHIPPING COMPANY")
    assert "longer form" in str(expl)
    expl = matcher.explain("AL-AQSA ASBL", "AL-AQSA FOUNDATION")
    assert "kind or reach" in str(expl)


def test_inflections_are_read_in_organisation_names_only() -> None:
    from partyscreen.matching.score import _inflected, _personal_word_similarity

    assert _inflected("vorovskogo", "vorovsky", 0.5) == 0.9
    assert _inflected("novosibirskiy", "novosibirsk", 0.5) == 0.9
    assert _inflected("petrovsky", "petrov", 0.5) == 0.5  # another surname: no "sk" taken off
    assert _personal_word_similarity("petrova", "petrov") < 1.0  # persons keep their own rule


@pytest.mark.parametrize(("name", "legal"), [
    ("X S. EN C.A.", "jsc"), ("X S.P.R. DE R.L.", "llc"), ("X S DE RL", "llc"), ("X S. DE R.L. DE C.V.", "llc"),
    ("X SOCIEDAD DE PRODUCCION RURAL DE RESPONSABILIDAD LIMITADA", "llc"),
])
def test_hispanic_legal_forms_are_read(name: str, legal: str) -> None:
    from partyscreen.matching.normalize import prepare_name

    prepared = prepare_name(name)
    assert [t.text for t in prepared.core] == ["x"] and legal in prepared.legal


def test_a_coined_name_closing_a_description_of_the_body_is_contained() -> None:
    matcher = Matcher([Candidate("a", ["URANGEOLOGORAZVEDKA AO"], kind="organization"),
                       Candidate("b", ["ROSATOM STATE CORPORATION"], kind="organization")])
    hit = matcher.match("FEDERAL STATE GEOLOGY ENTERPRISE URANGEOLOGORAZVEDKA", min_score=1)[0]
    assert hit.score >= DEFAULT_MIN_SCORE and hit.explanation.method == "contained"
    assert "urangeologorazvedka" in str(hit.explanation)
    # Another proper name before it makes another name.
    assert _score(matcher, "ACME ENTERPRISE URANGEOLOGORAZVEDKA", "URANGEOLOGORAZVEDKA AO") < DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("Star Enterprise", "JOINT STOCK COMPANY STAR"),
    ("Computer Foundation", "NPO COMPUTER"),
    ("Doris Foundation", "LIMITED LIABILITY COMPANY DORIS"),
    ("Emma Association", "EMMA LLC"),
])
def test_a_body_word_beside_one_everyday_word_costs_as_any_word(query: str, listed: str) -> None:
    """A body's kind or reach is cheap only beside a name that identifies: one shared everyday
    word or first name is anybody's (and the explanation does not say it cost little)."""
    hits = Matcher([Candidate("c", [listed], kind="organization")]).match(query, min_score=1)
    assert not [h for h in hits if h.score >= DEFAULT_MIN_SCORE]
    assert not [n for h in hits for n in h.explanation.notes if "kind or reach" in n]


@pytest.mark.parametrize(("query", "listed"), [
    ("Instalaciones NBI SyCoop. LLC", "Instalaciones NBI S.Coop."),  # a dotted legal form stays whole
    ("Yıldırım Yüksel A.Ş. S.pzA.", "Yıldırım Yüksel A.Ş."),
])
def test_a_dotted_abbreviation_is_not_split_as_a_glued_word(query: str, listed: str) -> None:
    assert _score(Matcher([Candidate("c", [listed], kind="organization")]), query, listed) >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("АО «Калашников»", "KALASHNIKOV CONCERN JSC"), ("Kalashnikov JSC", "KALASHNIKOV CONCERN JSC"),
    ("Kontsern Kalashnikov", "KALASHNIKOV CONCERN JSC"),
])
def test_concern_is_a_group_word(query: str, listed: str) -> None:
    """"Concern" (Russian "kontsern", German "Konzern") names a group, as "Group" does: added or
    dropped it costs nothing (containment.WEAK_SYMBOLS)."""
    matcher = Matcher([Candidate("k", [listed], kind="organization"),
                       Candidate("x", ["KALASHNIKOVA TRADING LLC"], kind="organization")])
    assert _score(matcher, query, listed) >= DEFAULT_MIN_SCORE


# One business published under several English words (lexicon.ENGLISH_VARIANTS): a money
# exchange, currency exchange, money services provider, money transfer office, exchange "and
# money transfer"; "institution" for "foundation" (Arabic mu'assasa); and "Private Joint Stock
# Company", a joint-stock company's legal form (normalize.ROMANISED_LEGAL_FORMS). Real SDN aliases.
EXCHANGES = [
    "NEW ANSARI MONEY EXCHANGE", "AL-KHALIDI EXCHANGE", "HANIFA MONEY EXCHANGE OFFICE", "ATLAS EXCHANGE",
    "AL-FADEL EXCHANGE AND MONEY TRANSFER COMPANY", "SAKSOUK COMPANY FOR EXCHANGE AND MONEY TRANSFER",
    "AL-QUDS INTERNATIONAL FOUNDATION", "MUHJAT ALQUDS FOUNDATION", "MARTYRS FOUNDATION",
    "ARFADA PETROLEUM PRIVATE JOINT STOCK COMPANY", "KAVIAN PETROCHEMICAL COMPANY", "MAHROUS TRADING FZE",
    "AL-KAWTHAR FOUNDATION", "NEW ANSARI LTD",
]


@pytest.fixture(scope="module")
def exchanges() -> Matcher:
    return Matcher([Candidate(f"e{i}", [n], kind="organization") for i, n in enumerate(EXCHANGES)])


@pytest.mark.parametrize(("query", "listed"), [
    ("HANIFA EXCHANGE", "HANIFA MONEY EXCHANGE OFFICE"),
    ("ATLAS CURRENCY EXCHANGE", "ATLAS EXCHANGE"),
    ("AL-FADEL MONEY TRANSFER AND EXCHANGE PRIVATE JSC", "AL-FADEL EXCHANGE AND MONEY TRANSFER COMPANY"),
    ("THE SAKSUK COMPANY FOR EXCHANGE AND FINANCIAL TRANSFERS", "SAKSOUK COMPANY FOR EXCHANGE AND MONEY TRANSFER"),
    ("ARFADA PETROLEUM COMPANY JSC", "ARFADA PETROLEUM PRIVATE JOINT STOCK COMPANY"),
    ("KAVIAN PETROCHEMICAL PRIVATE JOINT STOCK COMPANY", "KAVIAN PETROCHEMICAL COMPANY"),
])
def test_one_business_under_several_english_words(exchanges: Matcher, query: str, listed: str) -> None:
    best = exchanges.match(query, limit=1)
    assert best and best[0].matched_name == listed and best[0].score >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed"), [
    ("MARTYRS INSTITUTE", "MARTYRS FOUNDATION"),  # an institute is another body (two SDN entries)
    ("MAHRUS TRADING ESTABLISHMENT", "MAHROUS TRADING FZE"),  # an establishment is no foundation
    ("AL-KAWTHAR MONEY EXCHANGE", "AL-KAWTHAR FOUNDATION"),
])
def test_other_kinds_of_body_stay_apart(exchanges: Matcher, query: str, listed: str) -> None:
    assert exchanges.score(query, listed) < DEFAULT_MIN_SCORE
