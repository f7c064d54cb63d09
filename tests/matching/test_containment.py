"""A listed name inside a longer screened name (``containment.py``): found, explained, and not
fired by common words, sister companies or a parent against its subsidiaries."""

from __future__ import annotations

import pytest

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher

# Names copied from the bundled lists (lists/cn-*.csv): a listed family of Lockheed Martin and
# General Dynamics names, so that the list's own IDF weighs their words down as in production.
LOCKHEED = ["Lockheed Martin Corporation", "Lockheed Martin Missiles and Fire Control", "Lockheed Martin Aeronautics",
            "Lockheed Martin Missile System Integration Lab", "Lockheed Martin Advanced Technology Laboratories",
            "Lockheed Martin Ventures", "Raytheon/Lockheed Martin Javelin Joint Venture"]
GENERAL_DYNAMICS = ["General Dynamics", "General Dynamics Land Systems", "General Dynamics Ordnance and Tactical Systems",
                    "General Dynamics Mission Systems", "General Dynamics Information Technology"]


@pytest.fixture(scope="module")
def listed() -> Matcher:
    names = LOCKHEED + GENERAL_DYNAMICS + ["Bank", "Aviation", "Bank of China", "Huawei Technologies", "Red Cat",
                                          "Sierra Nevada Corporation", "American Photonics", "Recorded Future, Inc.",
                                          "Global Dimensions LLC",
                                          "Sumitomo Mitsui Banking Corporation", "Deutsche Bank",
                                          "Bowne Global Solutions", "IHI Aerospace Co., Ltd.", "IHI Power Systems Co., Ltd."]
    # Filler names, so that the list is large enough for IDF weights (weights.MIN_NAMES_FOR_IDF).
    filler = [f"Filler Name{i} Trading Company" for i in range(250)]
    return Matcher([Candidate(n, [n], kind="organization") for n in names + filler])


def _hits(matcher: Matcher, name: str) -> dict[str, float]:
    return {m.candidate_id: m.score for m in matcher.match(name, limit=50)}


@pytest.mark.parametrize(("query", "listed_name"), [
    ("Foo Bar Baz Lockheed Martin Corporation", "Lockheed Martin Corporation"),  # no match at all before
    ("Acme Lockheed Martin Corporation", "Lockheed Martin Corporation"),  # 44.8 before
    ("Lockheed Martin Corporation Bethesda", "Lockheed Martin Corporation"),  # a city after the name
    ("Lockheed Martin UK Ltd", "Lockheed Martin Corporation"),  # a place, however short (59.6 before)
    ("Lockheed Martin Australia", "Lockheed Martin Corporation"),
    ("Global Trading Lockheed Martin Aeronautics", "Lockheed Martin Aeronautics"),
])
def test_a_listed_name_inside_a_longer_name_is_a_likely_hit(listed: Matcher, query: str, listed_name: str) -> None:
    match = {m.candidate_id: m for m in listed.match(query, limit=50)}[listed_name]
    assert DEFAULT_MIN_SCORE <= match.score < 100
    assert match.explanation.method == "contained"


def test_the_explanation_names_the_contained_name_and_the_extra_words(listed: Matcher) -> None:
    match = {m.candidate_id: m for m in listed.match("Foo Bar Baz Lockheed Martin Corporation")}
    text = str(match["Lockheed Martin Corporation"].explanation)
    assert ("the listed name 'Lockheed Martin Corporation' is contained in the screened name; "
            "extra words: FOO BAR BAZ") in text


def test_a_typo_inside_the_contained_name(listed: Matcher) -> None:
    assert _hits(listed, "Acme Lockheed Martim Corporation").get("Lockheed Martin Corporation", 0) >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed_name"), [
    ("Bank of Foo", "Bank"),  # a one-word listed name is found inside thousands of names
    ("Foo Aviation Services Company", "Aviation"),
    ("Agricultural Bank of China", "Bank of China"),  # sector and place words only
    ("Huawei Device", "Huawei Technologies"),  # siblings: not contained at all
    ("Sumitomo Mitsui Trust Bank Limited", "Sumitomo Mitsui Banking Corporation"),  # a word inserted
    ("Deutsche Bank Trust Company", "Deutsche Bank"),  # a sector word after the name: a sister company
    ("Bowne Global Solutions II", "Bowne Global Solutions"),  # another of a numbered series
    ("ANO Lockheed Martin Corporation", "Lockheed Martin Corporation"),  # a short extra word (a legal form?)
    ("Lockheed Foo Martin Corporation", "Lockheed Martin Corporation"),  # the name broken up
    # Listed names of everyday words only: recognisable in the list, not inside another name.
    ("Red Cat Cafe", "Red Cat"),  # 81 before
    ("Big Red Cat Ltd", "Red Cat"),
    ("Sierra Nevada Brewing Co", "Sierra Nevada Corporation"),  # 79 before
    ("American Photonics Society", "American Photonics"),  # 81 before
    ("Recorded Future Music Ltd", "Recorded Future, Inc."),  # 81 before
    ("Global Dimensions Holdings", "Global Dimensions LLC"),  # 79.9 before
    ("General Dynamics Holding", "General Dynamics"),  # 78 before: as ordinary as Global Dimensions
    # An everyday word after a distinctive name names another business.
    ("Lockheed Martin Cafe", "Lockheed Martin Corporation"),
])
def test_no_containment(listed: Matcher, query: str, listed_name: str) -> None:
    assert listed.explain(query, listed_name).method != "contained"
    assert _hits(listed, query).get(listed_name, 0) < DEFAULT_MIN_SCORE


# One-word listed names copied from the bundled lists (lists/cn-*.csv), among filler names.
ONE_WORD = ["HENSOLDT AG", "Rheinmetall AG", "Leidos", "Martin", "Crystalord Ltd", "DONGMEI GROUP"]


@pytest.fixture(scope="module")
def one_word() -> Matcher:
    filler = [f"Filler Name{i} Trading Company" for i in range(250)]
    return Matcher([Candidate(n, [n], kind="organization") for n in ONE_WORD + filler])


@pytest.mark.parametrize(("query", "listed_name"), [
    ("HENSOLDT Sensors GmbH", "HENSOLDT AG"),  # 0 before
    ("Hensoldt Holding GmbH", "HENSOLDT AG"),  # 45.4 before
    ("Rheinmetall Waffe Munition GmbH", "Rheinmetall AG"),  # 0 before
    ("Leidos Holdings Inc", "Leidos"),  # 70.1 before
    ("Leidos UK Ltd", "Leidos"),
])
def test_a_coined_one_word_name_opening_a_company_name_is_a_likely_hit(one_word: Matcher, query: str,
                                                                      listed_name: str) -> None:
    match = {m.candidate_id: m for m in one_word.match(query, limit=50)}[listed_name]
    assert DEFAULT_MIN_SCORE <= match.score < 90
    assert match.explanation.method == "contained"


@pytest.mark.parametrize(("query", "listed_name"), [
    ("Martin Sensors GmbH", "Martin"),  # an everyday word (a first name), not a coined one
    ("Crystalord Systems Limited", "Crystalord Ltd"),  # a sector word after it: a sister company
    ("Leidos Quantaris Ltd", "Leidos"),  # another proper name after it (a rare one: see the module)
    ("Acme Leidos Holdings Ltd", "Leidos"),  # not opening the name
    ("Dongmei Zhang", "DONGMEI GROUP"),  # reads as a person's name
])
def test_no_one_word_containment(one_word: Matcher, query: str, listed_name: str) -> None:
    assert one_word.explain(query, listed_name).method != "contained"
    assert {m.candidate_id: m.score for m in one_word.match(query, limit=50)}.get(listed_name, 0) < DEFAULT_MIN_SCORE


@pytest.mark.parametrize(("query", "listed_name"), [
    ("IHI Corporation", "IHI Aerospace Co., Ltd."),  # a parent is not its listed subsidiary
    ("Lockheed Martin", "Lockheed Martin Aeronautics"),  # a field of work after the parent's name
    ("Acme Industrie", "Acme Industrie Photonics"),  # ... which rigour has no sector symbol for
    ("Banco Santander S.A.", "Banco Santander Mexico S.A."),  # a country after it
    ("Emma Holding", "Emma Holding Group"),  # a group word after it
])
def test_a_parent_inside_a_listed_subsidiary_is_not_containment(listed: Matcher, query: str,
                                                                listed_name: str) -> None:
    assert listed.explain(query, listed_name).method != "contained"


@pytest.mark.parametrize(("query", "listed_name"), [
    ("Koto Machinery Co., Ltd", "Hangzhou Fuyang Koto Machinery Co., Ltd"),  # the listed name adds places
    ("Sina Composite Co.", "Sina Composite Delijan Company"),  # ... or a city after the name
])
def test_a_screened_name_inside_a_listed_name(query: str, listed_name: str) -> None:
    matcher = Matcher([Candidate("c", [listed_name], kind="organization")])
    match = matcher.match(query)[0]
    assert DEFAULT_MIN_SCORE <= match.score < 100 and match.explanation.method == "contained"
    assert f"the screened name is contained in the listed name {listed_name!r}" in str(match.explanation)


def test_persons_are_not_read_as_containment() -> None:
    matcher = Matcher([Candidate("p", ["Martin Lockheed"], kind="person")])
    assert matcher.explain("Acme Foo Martin Lockheed", "Martin Lockheed").method != "contained"


def test_long_queries_find_their_candidate_among_many_names() -> None:
    """Candidate retrieval keeps the contained name among names sharing the extra words."""
    names = ["Lockheed Martin Corporation"]
    names += [f"{a} {b} {c}" for a in ("Foo", "Bar", "Baz", "Acme") for b in ("Bar", "Baz", "Global", "Nordic")
              for c in ("Trading", "Holding", "Systems", "Logistics", "Partners")]
    names += [f"Filler Name{i} Industries" for i in range(400)]
    matcher = Matcher([Candidate(n, [n], kind="organization") for n in names])
    found = _hits(matcher, "Foo Bar Baz Acme Global Lockheed Martin Corporation")
    assert found.get("Lockheed Martin Corporation", 0) >= DEFAULT_MIN_SCORE


@pytest.mark.parametrize("query", ["Lockheed Martin", "Emma Holding", "IHI Corporation", "Banco Santander S.A."])
def test_explain_gives_the_score_match_gave(listed: Matcher, query: str) -> None:
    """An explanation explains the score a user was shown: ``explain`` and ``score`` read the
    listed name as the index prepared it, so they agree with ``match`` for every listed name."""
    for match in listed.match(query, limit=50):
        assert listed.score(query, match.matched_name) == pytest.approx(match.score, abs=0.05)
        assert listed.explain(query, match.matched_name).method == match.explanation.method


def test_a_name_listed_for_a_person_and_a_company_scores_as_its_best_reading() -> None:
    """A name listed for parties of two kinds (a person, and a company of the same name) is
    explained in the reading ``match`` ranks first: the person's, for a person's name."""
    filler = [Candidate(f"f{i}", [f"Filler Name{i} Trading Company"], kind="organization") for i in range(250)]
    matcher = Matcher([Candidate("org", ["Volodymyr Oleksandrovych Zelenskyy"], kind="organization"),
                       Candidate("person", ["Volodymyr Oleksandrovych Zelenskyy"], kind="person"), *filler])
    top = matcher.match("Володимир Зеленський")[0]
    assert top.candidate_id == "person" and top.score >= DEFAULT_MIN_SCORE
    assert matcher.score("Володимир Зеленський", "Volodymyr Oleksandrovych Zelenskyy") == pytest.approx(top.score, abs=0.05)
