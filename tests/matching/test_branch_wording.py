"""Branch and office wording ending a name inline, with no comma, dash or bracket before it
(forms.py, "Branches and offices"): read as the parent — after its last legal form, or without
the place rigour knows before the wording — and scored as the parent under mofcom-61; office
and branch words inside a name, or after a person's name, are no branch wording."""

from __future__ import annotations

import pytest

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher
from partyscreen.matching.forms import branch_parent, name_forms


@pytest.fixture(scope="module")
def listed() -> Matcher:
    return Matcher([
        Candidate("huawei", ["HUAWEI TECHNOLOGIES CO., LTD."], kind="organization"),
        Candidate("huawei-device", ["Huawei Device Co., Ltd."], kind="organization"),
        Candidate("melli", ["BANK MELLI IRAN"], kind="organization"),
        Candidate("lm", ["Lockheed Martin Corporation"], kind="organization"),
        Candidate("gd", ["General Dynamics"], kind="organization"),
        Candidate("rostec", ["STATE CORPORATION ROSTEC"], kind="organization"),
        Candidate("taylor", ["TAYLOR, John"], kind="person"),
        Candidate("wagner", ["PRIVATE MILITARY COMPANY 'WAGNER'"], kind="organization"),
    ])


# (each below scored under 74 before branch wording ending a name inline was read)
@pytest.mark.parametrize(("query", "parent"), [
    ("Bank Melli Iran Hamburg Branch", "melli"),
    ("Bank Melli Iran Hong Kong Branch Office", "melli"),
    ("Lockheed Martin Corporation Wuhan Rep. Office", "lm"),
    ("Lockheed Martin Corporation Asia Pacific Sales Office", "lm"),
    ("General Dynamics Moscow Liaison Office", "gd"),
])
def test_inline_branch_wording_reads_as_its_parent(listed: Matcher, query: str, parent: str) -> None:
    matches = {m.candidate_id: m for m in listed.match(query)}
    assert parent in matches and matches[parent].score >= DEFAULT_MIN_SCORE
    text = str(matches[parent].explanation)
    assert "branch or office" in text and "mofcom-61" in text


@pytest.mark.parametrize(("query", "parent", "note"), [
    # the comma of "Co., Ltd." is inside the legal form, not a separator
    ("General Dynamics Co., Ltd. Shenzhen Branch", "General Dynamics Co., Ltd.", "Shenzhen Branch"),
    ("Acme Inc., Ltd Guangzhou Branch Office", "Acme Inc., Ltd", "Guangzhou Branch Office"),
    # a place before the wording goes with it
    ("Lockheed Martin Beijing Representative Office", "Lockheed Martin", "Beijing Representative Office"),
    ("Bank Melli Iran Hamburg Branch", "Bank Melli Iran", "Hamburg Branch"),
    # the last legal form ends the parent, whatever place follows it
    ("Huawei Technologies Co., Ltd. Shenzhen Branch", "Huawei Technologies Co., Ltd.", "Shenzhen Branch"),
    ("Acme GmbH & Co. KG Hamburg Branch", "Acme GmbH & Co. KG", "Hamburg Branch"),
    # a legal form opening the name, or spelt out before it, does not end the parent
    ("LIMITED LIABILITY COMPANY TRIMIX Moscow Branch", "LIMITED LIABILITY COMPANY TRIMIX", "Moscow Branch"),
    ("PRIVATE COMPANY PROMCOMPLEKTLOGISTIC Istanbul Branch", "PRIVATE COMPANY PROMCOMPLEKTLOGISTIC",
     "Istanbul Branch"),
])
def test_parent_of_inline_branch_wording(query: str, parent: str, note: str) -> None:
    form = branch_parent(query)
    assert form is not None and (form.text, form.note) == (parent, note)


@pytest.mark.parametrize("name", [
    "Office of Foreign Assets Control", "Post Office Ltd", "Branch Banking and Trust Company",
    "John Taylor Branch",  # "Branch" as a family name
    "Acme Branch",  # one word of a parent
    "Kaspersky Lab Office",  # "Office" alone
])
def test_office_and_branch_words_that_are_no_branch_wording(name: str) -> None:
    assert [f for f in name_forms(name) if f.how == "branch"] == []


def test_a_person_named_branch_is_not_read_as_a_branch(listed: Matcher) -> None:
    for match in listed.match("John Taylor Branch", min_score=1):
        assert "branch or office" not in str(match.explanation)


def test_a_sister_company_branch_does_not_read_as_the_listed_sister(listed: Matcher) -> None:
    matches = {m.candidate_id: m.score for m in listed.match("Huawei Device Co., Ltd. Shenzhen Branch")}
    assert matches.get("huawei-device", 0) >= DEFAULT_MIN_SCORE
    assert matches.get("huawei", 0) < DEFAULT_MIN_SCORE


def test_a_firm_of_partners_is_not_the_branch_of_its_first_partner(listed: Matcher) -> None:
    # The comma of "Wagner, Burton and Wilson" does not set a branch's words apart: more words
    # follow it than a place and the wording.
    form = branch_parent("Wagner, Burton and Wilson London Branch")
    assert form is not None and form.text == "Wagner, Burton and Wilson"
    assert {m.candidate_id: m.score for m in listed.match("Wagner, Burton and Wilson London Branch")}.get(
        "wagner", 0) < DEFAULT_MIN_SCORE


# Business cities (cities.py): big cities that are neither countries, regions nor capitals, which
# rigour does not know. Each below scored under 74 before the gazetteer (the city stayed in the
# parent: "BANK SEPAH Frankfurt" 44.4).
@pytest.fixture(scope="module")
def listed_cities() -> Matcher:
    return Matcher([
        Candidate("sepah", ["BANK SEPAH"], kind="organization"),
        Candidate("huawei", ["HUAWEI TECHNOLOGIES CO., LTD."], kind="organization"),
        Candidate("huawei-device", ["Huawei Device Co., Ltd."], kind="organization"),
        Candidate("melli", ["BANK MELLI IRAN"], kind="organization"),
        Candidate("gd", ["General Dynamics"], kind="organization"),
        Candidate("mary-ann", ["MARY ANN"], kind="person"),
    ])


@pytest.mark.parametrize(("query", "parent"), [
    ("BANK SEPAH Frankfurt Branch", "sepah"),
    ("Huawei Technologies Shenzhen Representative Office", "huawei"),  # no legal form to end it
    ("Bank Melli Iran Frankfurt am Main Branch Office", "melli"),
    ("Bank Melli Iran Guang Zhou Branch", "melli"),  # pinyin written in two words
    ("General Dynamics Karachi Liaison Office", "gd"),
    ("General Dynamics Ho Chi Minh City Sales Office", "gd"),
])
def test_a_business_city_before_branch_wording_goes_with_it(listed_cities: Matcher, query: str,
                                                            parent: str) -> None:
    matches = {m.candidate_id: m for m in listed_cities.match(query)}
    assert parent in matches and matches[parent].score >= DEFAULT_MIN_SCORE
    assert "branch or office" in str(matches[parent].explanation)


@pytest.mark.parametrize(("query", "parent"), [
    ("Lockheed Martin Xi'an Representative Office", "Lockheed Martin"),
    ("Lockheed Martin Xian Representative Office", "Lockheed Martin"),
    ("Acme Trading Sankt-Peterburg Rep. Office", "Acme Trading"),
    ("Acme Trading Duesseldorf Branch Office", "Acme Trading"),
    ("Acme Trading Bombay Sales Office", "Acme Trading"),
    ("Acme Trading Shenzhen City Branch Office", "Acme Trading"),
    ("Acme Trading Frankfurt a.M. Branch Office", "Acme Trading"),
])
def test_spellings_of_business_cities(query: str, parent: str) -> None:
    form = branch_parent(query)
    assert form is not None and form.text == parent


def test_a_sister_company_with_a_business_city_is_not_the_listed_sister(listed_cities: Matcher) -> None:
    for query in ("Huawei Device Shenzhen Representative Office", "Huawei Device Shenzhen Branch"):
        matches = {m.candidate_id: m.score for m in listed_cities.match(query)}
        assert matches.get("huawei-device", 0) >= DEFAULT_MIN_SCORE
        assert matches.get("huawei", 0) < DEFAULT_MIN_SCORE


@pytest.mark.parametrize("query", [
    # names of cities that are also common or company words, or chiefly family names, are no
    # place: the parent keeps them
    "Bank Sepah Reading Branch Office", "Bank Sepah Phoenix Sales Office", "Bank Sepah Bath Branch Office",
    "Bank Sepah Union Representative Office", "Bank Sepah Nice Branch Office", "Bank Sepah Trujillo Branch Office",
])
def test_city_names_that_are_common_words_stay_in_the_parent(listed_cities: Matcher, query: str) -> None:
    form = branch_parent(query)
    assert form is not None and form.text == " ".join(query.split()[:3])
    assert {m.candidate_id: m.score for m in listed_cities.match(query)}.get("sepah", 0) < DEFAULT_MIN_SCORE


def test_a_city_that_is_also_a_family_name_does_not_make_a_person_a_branch(listed_cities: Matcher) -> None:
    # "Branch" alone after a name that is a person's: Houston here is a middle name
    assert [f for f in name_forms("Mary Ann Houston Branch") if f.how == "branch"] == []
    assert {m.candidate_id: m.score for m in listed_cities.match("Mary Ann Houston Branch")}.get(
        "mary-ann", 0) < DEFAULT_MIN_SCORE


def test_the_gazetteer_is_loaded_on_first_use_only() -> None:
    import subprocess
    import sys

    code = "import sys, partyscreen, partyscreen.matching; print('partyscreen.matching.cities' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_place_after_of_or_in_is_part_of_the_name() -> None:
    # (before: "Bank of" — rigour's China, and the gazetteer's Dalian and Aden, taken for the branch's place)
    for query, parent in (("Bank of China Branch", "Bank of China"), ("Bank of Dalian Branch", "Bank of Dalian"),
                          ("Islamic Army of Aden Branch Office", "Islamic Army of Aden"),
                          ("Bank of Dalian Frankfurt Branch", "Bank of Dalian")):
        form = branch_parent(query)
        assert form is not None and form.text == parent


def test_a_place_after_of_does_not_make_another_listed_name_a_hit() -> None:
    matcher = Matcher([Candidate("boc", ["BANK OF CHINA"], kind="organization"),
                       Candidate("ai", ["ARMY OF ISLAM"], kind="organization")])
    assert {m.candidate_id: m.score for m in matcher.match("Bank of China Branch")}.get("boc", 0) >= DEFAULT_MIN_SCORE
    assert {m.candidate_id: m.score for m in matcher.match("Islamic Army of Aden Branch Office")}.get(
        "ai", 0) < DEFAULT_MIN_SCORE


def test_a_number_is_no_part_of_the_place() -> None:
    # (before: "MINING ENTERPRISE NO" — rigour found a place in "1 Riyadh")
    form = branch_parent("MINING ENTERPRISE NO 1 Riyadh Branch")
    assert form is not None and form.text == "MINING ENTERPRISE NO 1"


def test_territories_are_read_as_rigour_reads_them() -> None:
    """``cities.is_territory`` (rigour's name tables, kept in the cache folder) agrees with
    rigour's own ``lookup_territory`` on names, codes and other words."""
    from faker import Faker
    from rigour.territories import lookup_territory

    from partyscreen.matching.cities import is_territory

    fake = Faker(["en_US", "de_DE", "zh_CN", "ru_RU", "es_MX"])
    fake.seed_instance(7)
    phrases = ["Hamburg", "Hong Kong", "UK", "USA", "DE", "Beijing", "Shenzhen", "Co", "Trading", "Acme",
               "Bavaria", "Moscow", "Q183", "Tehran", "Ltd"]
    phrases += [fake.city() for _ in range(150)] + [fake.country() for _ in range(50)] + [fake.last_name() for _ in range(50)]
    assert [is_territory(p) for p in phrases] == [lookup_territory(p) is not None for p in phrases]
