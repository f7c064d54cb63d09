"""Names written in Arabic script against their Latin forms (``arabic_script.py``)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher
from partyscreen.matching.arabic_script import skeleton_agreement
from partyscreen.matching.normalize import prepare_name
from partyscreen.matching.score import score_names

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "matching"


def _pairs() -> list[tuple[str, str]]:
    with open(FIXTURES / "arabic_script_pairs.csv", encoding="utf-8") as fh:
        rows = [line for line in fh if not line.startswith("#")]
    return [(r["arabic"], r["latin"]) for r in csv.DictReader(rows)]


@pytest.mark.parametrize("arabic, latin", _pairs())
def test_an_arabic_script_name_meets_its_latin_form_both_ways(arabic: str, latin: str) -> None:
    """A cross-script match by consonant skeleton: a hit at the default threshold, never an exact
    one, explained by its rule (was 4–16: the transliteration 'mhmd' is no word of 'Muhammad')."""
    for query, listed in ((arabic, latin), (latin, arabic)):
        result = score_names(prepare_name(query), prepare_name(listed, "person"))
        assert DEFAULT_MIN_SCORE <= result.score < 100, (query, listed, result.score)
        assert result.explanation.method == "skeleton"
        assert any("consonant skeleton" in line for line in result.explanation.lines())


def test_family_name_first_on_the_list() -> None:
    """Arabic script writes the given name first; the list writes "FAMILY, Given"."""
    assert score_names(prepare_name("محمد علي"), prepare_name("ALI, Muhammad", "person")).score >= DEFAULT_MIN_SCORE
    assert skeleton_agreement(("عبد", "الرحمن", "بن", "محمد"), ("abdulrahman", "muhammad"))
    assert skeleton_agreement(("عبدالله", "الشهري"), ("abdallah", "al", "shehri"))


@pytest.mark.parametrize("arabic, latin", [
    ("حسين علي", "Hasan Ali"),        # ي is a long vowel Latin writes: Husayn, never Hasan
    ("حسن علي", "Husni Ali"),         # a final long i is written in Arabic script
    ("عبدالله الشهري", "Abdul Shehri"),  # Allah's l
    ("محمد علي", "Muhammad Ali Hasan"),  # a word left over: no whole-name agreement
    ("علي حسن", "Ali"),               # one word
    ("علي نور", "Ali Nur"),           # three consonants: too few to tell a name
    ("محمد علي", "Mahdi Ali"),
])
def test_a_skeleton_agrees_only_as_a_whole_name(arabic: str, latin: str) -> None:
    result = score_names(prepare_name(arabic), prepare_name(latin, "person"))
    assert result.explanation.method != "skeleton" and result.score < DEFAULT_MIN_SCORE, result.explanation


def test_no_skeleton_for_organisations() -> None:
    result = score_names(prepare_name("محمد علي"), prepare_name("MUHAMMAD ALI", "organization"))
    assert result.explanation.method != "skeleton"


def _crowd() -> list[Candidate]:
    given = ["Muhammad", "Mohamed", "Ali", "Ahmad", "Hasan", "Omar", "Yusuf", "Khalid", "Ibrahim", "Mahmoud"]
    family = ["Haddad", "Nasser", "Khoury", "Saleh", "Rahman", "Qasim", "Hamdan", "Jaber", "Aziz", "Karim",
              "Mansour", "Darwish", "Hariri", "Tamimi", "Shami"]
    return [Candidate(f"p{i}-{j}-{k}", [f"{f.upper()}, {g} {h}"], kind="person")
            for i, f in enumerate(family) for j, g in enumerate(given) for k, h in enumerate(given) if j != k]


@pytest.mark.parametrize("exhaustive", [False, True])
def test_retrieval_finds_the_latin_form_among_many(exhaustive: bool) -> None:
    """The candidate index keys every personal name by its skeleton (``index.respelt_keys``): an
    Arabic-script query shares no word, n-gram or typo key with its Latin form."""
    matcher = Matcher([*_crowd(), Candidate("target", ["ALI, Muhammad"], kind="person"),
                       Candidate("fp", ["PEREZ, Fernando"], kind="person")])
    hits = matcher.match("محمد علي", limit=3, exhaustive=exhaustive)
    assert hits and hits[0].candidate_id == "target", hits
    hits = matcher.match("فرناندو بيريز", limit=3, exhaustive=exhaustive)
    assert hits and hits[0].candidate_id == "fp", hits


def test_retrieval_finds_an_arabic_script_listing_for_a_latin_query() -> None:
    """A Latin query looks up the names listed in Arabic script by its skeleton (the crowd's
    "…, Muhammad Ali" fill the prefilter's shortlist otherwise)."""
    matcher = Matcher([*_crowd(), Candidate("target", ["محمد علي"], kind="person")])
    hits = matcher.match("Muhammad Ali", limit=3)
    assert hits and hits[0].candidate_id == "target", hits
